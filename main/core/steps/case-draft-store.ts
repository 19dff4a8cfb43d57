// Saved complaint drafts for a case: each save is a new version with its time, listed newest first,
// and a draft's text exported as a file the user can print, attach or paste from. The text is kept
// in the encrypted database; custody records that a version was saved, never what it says.
import type { DraftVersionView } from '../../../shared/contract/steps';
import { DraftVersionsRepository, type DraftVersion } from '../db/repositories/draft-versions';
import type { DraftLanguage } from '../playbooks/drafts';
import type { DraftKind } from '../playbooks/schema';
import type { Vault } from '../vault/vault';

export interface DraftFile {
  fileName: string;
  mediaType: string;
  bytes: Buffer;
}

export function saveCaseDraft(
  vault: Vault,
  caseId: string,
  kind: DraftKind,
  lang: DraftLanguage,
  body: string,
): DraftVersionView {
  vault.getCase(caseId);
  const db = vault.db;
  const saved = db.transaction(() => {
    const version = new DraftVersionsRepository(db).save({ caseId, kind, lang, body });
    vault.record('draft.saved', `draft:${version.id}`, {
      caseId,
      kind,
      lang,
      version: version.version,
      chars: body.length,
    });
    return version;
  })();
  return toView(saved);
}

export function listCaseDraftVersions(
  vault: Vault,
  caseId: string,
  kind?: DraftKind,
): DraftVersionView[] {
  vault.getCase(caseId);
  return new DraftVersionsRepository(vault.db).list(caseId, kind).map(toView);
}

/**
 * The draft as a UTF-8 text file. The name says what kind of letter it is and the day, but not the
 * case or the people in it, since file names show up in download lists and recent-file menus.
 */
export function exportDraftAsText(
  kind: DraftKind,
  lang: DraftLanguage,
  body: string,
  today: string,
): DraftFile {
  const text = body.endsWith('\n') ? body : `${body}\n`;
  return {
    fileName: draftFileName(kind, lang, today, 'txt'),
    mediaType: 'text/plain;charset=utf-8',
    bytes: Buffer.from(text, 'utf8'),
  };
}

const PAGE_LABEL: Record<DraftLanguage, (page: number, total: number) => string> = {
  en: (page, total) => `Draft for you to check and sign · page ${page} of ${total}`,
  hi: (page, total) => `जाँचकर हस्ताक्षर करने के लिए मसौदा · पृष्ठ ${page} / ${total}`,
};

/** The draft as an A4 PDF in Noto Sans Devanagari, whose text copies out in the right order. */
export async function exportDraftAsPdf(
  kind: DraftKind,
  lang: DraftLanguage,
  title: string,
  body: string,
  today: string,
): Promise<DraftFile> {
  // Loaded when first needed: pdfkit and its fonts are ~30 MiB that an app which never makes a PDF
  // (and an export, whose documents a worker thread renders) should not carry.
  const { addPageNumbers, createPdfDocument, renderPdfToBuffer, writeText } =
    await import('../pdf/pdf-document');
  const doc = createPdfDocument({ title, lang });
  writeText(doc, title, { font: 'bold', size: 13 });
  doc.moveDown(0.6);
  writeText(doc, body.trimEnd(), { font: 'regular', size: 10.5, lineGap: 2 });
  addPageNumbers(doc, PAGE_LABEL[lang]);
  return {
    fileName: draftFileName(kind, lang, today, 'pdf'),
    mediaType: 'application/pdf',
    bytes: await renderPdfToBuffer(doc),
  };
}

export function draftFileName(
  kind: DraftKind,
  lang: DraftLanguage,
  today: string,
  extension: 'txt' | 'pdf',
): string {
  return `sakshya-draft-${kind}-${lang}-${today}.${extension}`;
}

function toView(version: DraftVersion): DraftVersionView {
  return {
    id: version.id,
    kind: version.kind,
    lang: version.lang,
    version: version.version,
    body: version.body,
    charCount: version.body.length,
    savedAt: version.savedAt,
  };
}
