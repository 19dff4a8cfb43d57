// E-mail files (.eml) as one timeline message each: from, to, date, subject and body. The raw .eml
// is the evidence (the import stores it like any file); its attachments become evidence of their
// own, streamed from memory straight into the encryptor (entry-import.ts), and linked to the
// message. Nothing in the mail is ever fetched or rendered.
import { Readable } from 'node:stream';
import type { CaptureDetails } from '../vault/vault';
import type { ParsedEmail } from '../readers/email';
import { importOneStream } from './entry-import';
import type { FileImportContext } from './import-file';
import type { ImportFileResult } from './import-types';
import type { SourceMessage } from './source-messages';

export function describeEmailMessage(mail: ParsedEmail): SourceMessage | null {
  if (mail.dateMs === null) return null;
  const text = [mail.subject, mail.body].filter((part) => part.trim() !== '').join('\n\n');
  return {
    occurredAt: new Date(mail.dateMs).toISOString(),
    sender: mail.fromAddress ?? mail.fromName,
    text,
    isSystem: false,
    attachments: mail.attachments.map((item) => item.name),
    precision: 'second',
    details: {
      zoneAssumed: false,
      subject: mail.subject,
      to: mail.to,
      ...(mail.fromName === null ? {} : { fromName: mail.fromName }),
      ...(mail.messageId === null ? {} : { messageId: mail.messageId }),
    },
  };
}

export function describeEmailCapture(mail: ParsedEmail): CaptureDetails | undefined {
  if (mail.dateMs === null) return undefined;
  return {
    capturedAt: new Date(mail.dateMs).toISOString(),
    source: 'chat-export',
    confidence: 'medium',
    zoneAssumed: false,
    detail: 'the Date line of the e-mail, which carries its own time zone',
  };
}

/** Imports each attachment as evidence; returns name → evidence id for the ones stored. */
export async function importEmailAttachments(
  ctx: FileImportContext,
  emlPath: string,
  mail: ParsedEmail,
  capture: CaptureDetails | undefined,
  onResult: (result: ImportFileResult) => void,
): Promise<Map<string, string>> {
  const stored = new Map<string, string>();
  for (const attachment of mail.attachments) {
    const outcome = await importOneStream(ctx, {
      source: Readable.from([attachment.content]),
      size: attachment.content.length,
      displayPath: `${emlPath}!/${attachment.name}`,
      originalName: attachment.name,
      fallbackCapture: capture,
    });
    if (outcome.evidence !== null && !stored.has(attachment.name))
      stored.set(attachment.name, outcome.evidence.id);
    onResult(outcome.result);
  }
  return stored;
}
