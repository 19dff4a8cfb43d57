// E-mail files (.eml, RFC 5322 with MIME) from any mail client, read with mailparser. Nothing is
// ever fetched: mailparser only reads the bytes given, and the HTML body is never rendered (its
// plain-text form, which mailparser derives when there is no text part, is what is kept).
import type { AddressObject } from 'mailparser';

export interface EmailAttachment {
  name: string;
  contentType: string;
  content: Buffer;
}

export interface ParsedEmail {
  /** Lower-case address of the sender, or null when the From header has none. */
  fromAddress: string | null;
  fromName: string | null;
  to: string[];
  /** UTC milliseconds from the Date header, or null when missing or unreadable. */
  dateMs: number | null;
  subject: string;
  body: string;
  messageId: string | null;
  attachments: EmailAttachment[];
}

/** Headers every mail file starts with; a text file starting otherwise is not a mail. */
const HEADER_LINE =
  /^(?:Return-Path|Received|From|To|Date|Subject|Message-ID|MIME-Version|Delivered-To|X-[\w-]+|DKIM-Signature|ARC-[\w-]+|Authentication-Results|Content-Type):/im;

/**
 * True when the text starts like a mail file: header lines (Name: value) up to a blank line, among
 * them From and one of Date, Subject or Message-ID.
 */
export function looksLikeEmail(head: string): boolean {
  const end = head.search(/\r?\n\r?\n/);
  const headers = end < 0 ? head : head.slice(0, end);
  const first = headers.split(/\r?\n/, 1)[0] ?? '';
  if (!HEADER_LINE.test(first) && !/^From \S/.test(first)) return false;
  return /^From:/im.test(headers) && /^(?:Date|Subject|Message-ID):/im.test(headers);
}

function listAddresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (field === undefined) return [];
  const objects = Array.isArray(field) ? field : [field];
  return objects.flatMap((object) =>
    object.value.flatMap((entry) =>
      entry.address === undefined || entry.address === '' ? [] : [entry.address.toLowerCase()],
    ),
  );
}

export async function readEmail(bytes: Buffer): Promise<ParsedEmail> {
  // Loaded on first use: mailparser takes a noticeable part of a second to load, and most imports
  // hold no e-mail (the app's and each CLI command's start-up stay quicker without it).
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(bytes, { skipImageLinks: true, skipTextLinks: true });
  const from = mail.from?.value[0];
  const date = mail.date?.getTime();
  return {
    fromAddress:
      from?.address === undefined || from.address === '' ? null : from.address.toLowerCase(),
    fromName: from?.name === undefined || from.name === '' ? null : from.name,
    to: [...listAddresses(mail.to), ...listAddresses(mail.cc)],
    dateMs: date === undefined || Number.isNaN(date) ? null : date,
    subject: mail.subject ?? '',
    body: (mail.text ?? '').replace(/\r\n?/g, '\n').trim(),
    messageId: mail.messageId ?? null,
    attachments: mail.attachments
      .filter((item) => item.content.length > 0)
      .map((item, index) => ({
        name: item.filename ?? `attachment-${String(index + 1)}`,
        contentType: item.contentType,
        content: item.content,
      })),
  };
}
