// The content of the Section 63 certificate draft, once, as plain blocks; certificate-pdf.ts and
// certificate-docx.ts only lay these blocks out, so the PDF and the editable DOCX always say the same.
//
// Wording follows the Schedule to the Bharatiya Sakshya Adhiniyam, 2023 [section 63(4)(c)] as
// recorded in shared/reference/india-facts.md §2.4: Part A's fields are CONFIRMED by three copies;
// Part B's are PARTIAL (a transcription), so the draft says to check them. Sakshya fills in only
// what it knows from the vault (files, hashes, device as the user entered it) and leaves the rest
// as visible blanks; it never claims to certify anything.
import type { ExportModel, HashAlgorithm } from '../export-model';
import { formatDateTime, formatSize, padNumber } from './format';

export const BLANK = '______________________________';
export const DRAFT_MARK =
  'DRAFT: to be checked with a lawyer before it is signed or filed. Not valid until signed.';

export type CertificateBlock =
  | { type: 'title'; text: string }
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'note'; text: string }
  | { type: 'field'; label: string; value: string | null; hint?: string }
  | {
      type: 'checkboxes';
      label: string;
      options: { label: string; checked: boolean }[];
      suffix?: string;
    }
  | { type: 'hashTable'; algorithms: HashAlgorithm[]; rows: HashRow[] }
  | { type: 'pageBreak' };

export interface HashRow {
  number: string;
  name: string;
  size: string;
  capturedAt: string;
  hashes: Partial<Record<HashAlgorithm, string>>;
}

export const ALGORITHM_LABELS: Record<HashAlgorithm, string> = {
  sha256: 'SHA-256',
  sha1: 'SHA-1',
  md5: 'MD5',
};

const DEVICE_SOURCES = [
  'Computer / Storage Media',
  'DVR',
  'Mobile',
  'Flash Drive',
  'CD/DVD',
  'Server',
  'Cloud',
  'Other',
];
const CONTROL = ['Owned', 'Maintained', 'Managed', 'Operated'];

/** Every algorithm present in the model: the ones asked for plus any an item carries. */
export function collectAlgorithms(model: ExportModel): HashAlgorithm[] {
  const present = new Set<HashAlgorithm>(['sha256', ...model.hashAlgorithms]);
  for (const item of model.items) {
    if (item.hashes.sha1) present.add('sha1');
    if (item.hashes.md5) present.add('md5');
  }
  return (['sha256', 'sha1', 'md5'] as const).filter((a) => present.has(a));
}

function deponentBlocks(): CertificateBlock[] {
  return [
    { type: 'field', label: 'I,', value: null, hint: '(Name)' },
    { type: 'field', label: 'Son/daughter/spouse of', value: null },
    { type: 'field', label: 'residing/employed at', value: null },
    {
      type: 'paragraph',
      text: 'do hereby solemnly affirm and sincerely state and submit as follows:—',
    },
  ];
}

function signatureBlocks(designation: boolean): CertificateBlock[] {
  return [
    {
      type: 'field',
      label: designation ? '(Name, designation and signature)' : '(Name and signature)',
      value: null,
    },
    { type: 'field', label: 'Date (DD/MM/YYYY):', value: null },
    { type: 'field', label: 'Time (IST):', value: null, hint: 'hours (in 24-hour format)' },
    { type: 'field', label: 'Place:', value: null },
  ];
}

function looksLikeImei(serial: string): boolean {
  return /^\d{15}$/.test(serial.replace(/[\s-]/g, ''));
}

function partABlocks(model: ExportModel, algorithms: HashAlgorithm[]): CertificateBlock[] {
  const device = model.device;
  const missing = 'Not entered in Sakshya: fill in by hand';
  const imei = device && looksLikeImei(device.serial) ? device.serial : null;
  const serial =
    device && !looksLikeImei(device.serial) && device.serial.trim() !== '' ? device.serial : null;
  const blocks: CertificateBlock[] = [
    { type: 'heading', text: 'PART A (To be filled by the Party)' },
    ...deponentBlocks(),
    {
      type: 'checkboxes',
      label:
        'I have produced electronic record/output of the digital record taken from the following device/digital ' +
        'record source (tick mark):—',
      options: DEVICE_SOURCES.map((label) => ({ label, checked: false })),
    },
    { type: 'field', label: 'Other:', value: null },
    {
      type: 'field',
      label: 'Make & Model:',
      value: device ? `${device.make} ${device.model}`.trim() : null,
      hint: device ? undefined : missing,
    },
    { type: 'field', label: 'Color:', value: null },
    {
      type: 'field',
      label: 'Serial Number:',
      value: serial,
      hint: device ? undefined : missing,
    },
    {
      type: 'field',
      label: 'IMEI/UIN/UID/MAC/Cloud ID (as applicable):',
      value: imei,
      hint: device ? undefined : missing,
    },
    {
      type: 'field',
      label:
        'and any other relevant information, if any, about the device/digital record (specify):',
      value:
        (device ? `Ownership, as entered: ${device.ownership}. ` : '') +
        `The files listed in the hash report were exported with ${model.softwareAgent} in bundle ${model.bundleId} ` +
        `on ${formatDateTime(model.generatedAt)}.`,
    },
    {
      type: 'paragraph',
      text:
        'The digital device or the digital record source was under the lawful control for regularly creating, ' +
        'storing or processing information for the purposes of carrying out regular activities; it was working ' +
        'properly; and the relevant information was regularly fed into it in the ordinary course of those ' +
        'activities. If the computer/digital device at any point of time was not working properly or out of ' +
        'operation, then it has not affected the electronic/digital record or its accuracy.',
    },
    {
      type: 'note',
      text: 'Check the exact wording of the paragraph above against the official Schedule before signing.',
    },
    {
      type: 'checkboxes',
      label: 'The digital device or the source of the digital record is:—',
      options: CONTROL.map((label) => ({ label, checked: false })),
      suffix: 'by me (select as applicable)',
    },
  ];
  if (device)
    blocks.push({ type: 'note', text: `Ownership as entered in Sakshya: ${device.ownership}` });
  blocks.push(
    {
      type: 'paragraph',
      text:
        'I state that the HASH value/s of the electronic/digital record/s is as listed in the enclosed hash report ' +
        `(${String(model.items.length)} file${model.items.length === 1 ? '' : 's'}), obtained through the following algorithm:—`,
    },
    {
      type: 'checkboxes',
      label: '',
      options: [
        { label: 'SHA1', checked: algorithms.includes('sha1') },
        { label: 'SHA256', checked: algorithms.includes('sha256') },
        { label: 'MD5', checked: algorithms.includes('md5') },
        { label: 'Other', checked: false },
      ],
      suffix: '(Legally acceptable standard)',
    },
    {
      type: 'paragraph',
      text: '(Hash report to be enclosed with the certificate: see the hash report at the end.)',
    },
    ...signatureBlocks(false),
  );
  return blocks;
}

function partBBlocks(): CertificateBlock[] {
  return [
    { type: 'heading', text: 'PART B (To be filled by the Expert)' },
    {
      type: 'note',
      text:
        'Left blank for the expert. Who may sign Part B is being decided by the courts (the Madras High Court in ' +
        'October 2024 read it as an examiner notified under Section 79A of the IT Act): check the current rule ' +
        'with your lawyer. The fields below follow a transcription of the Schedule: check the current rule.',
    },
    ...deponentBlocks(),
    {
      type: 'checkboxes',
      label:
        'The produced electronic record/output of the digital record are obtained from the following ' +
        'device/digital record source (tick mark):—',
      options: DEVICE_SOURCES.map((label) => ({ label, checked: false })),
    },
    { type: 'field', label: 'Other:', value: null },
    { type: 'field', label: 'Make & Model:', value: null },
    { type: 'field', label: 'Color:', value: null },
    { type: 'field', label: 'Serial Number:', value: null },
    { type: 'field', label: 'IMEI/UIN/UID/MAC/Cloud ID (as applicable):', value: null },
    {
      type: 'field',
      label:
        'and any other relevant information, if any, about the device/digital record (specify):',
      value: null,
    },
    {
      type: 'field',
      label: 'I state that the HASH value/s of the electronic/digital record/s is',
      value: null,
      hint: 'obtained through the following algorithm:—',
    },
    {
      type: 'checkboxes',
      label: '',
      options: ['SHA1', 'SHA256', 'MD5', 'Other'].map((label) => ({ label, checked: false })),
      suffix: '(Legally acceptable standard)',
    },
    { type: 'paragraph', text: '(Hash report to be enclosed with the certificate)' },
    ...signatureBlocks(true),
    {
      type: 'note',
      text:
        'Sources for this draft: Bharatiya Sakshya Adhiniyam, 2023 (Act 47 of 2023), section 63 and its Schedule; ' +
        'Part A and the hash algorithms (SHA1, SHA256, MD5, other legally acceptable standard) match published ' +
        'copies of the Schedule. Part B follows a transcription of the official text: check the current rule. ' +
        'Compare the whole form with the official Schedule on indiacode.nic.in before use.',
    },
  ];
}

export function buildCertificateContent(model: ExportModel): CertificateBlock[] {
  const algorithms = collectAlgorithms(model);
  return [
    { type: 'title', text: 'THE SCHEDULE [See section 63(4)(c)] — CERTIFICATE' },
    {
      type: 'note',
      text:
        `${DRAFT_MARK} Prepared with ${model.softwareAgent} for the case "${model.case.title}" ` +
        `(bundle ${model.bundleId}). Sakshya filled in only what it knows: the files, their hash values and the ` +
        'device details the user entered. Blanks are for the person signing. Sakshya does not certify anything.',
    },
    {
      type: 'note',
      text:
        'Why this form: Section 63 of the Bharatiya Sakshya Adhiniyam, 2023 (in force from 1 July 2024) replaced ' +
        'Section 65B of the Indian Evidence Act, and a certificate in the format of its Schedule must accompany the ' +
        'electronic record each time it is submitted. Courts have rejected certificates not in the Schedule format. ' +
        'For proceedings that were already pending before 1 July 2024 the old law may still apply: check with your ' +
        'lawyer. Whether the hash value is mandatory is debated: check the current rule.',
    },
    ...partABlocks(model, algorithms),
    { type: 'pageBreak' },
    ...partBBlocks(),
    { type: 'pageBreak' },
    { type: 'heading', text: 'Hash report (enclosed with the certificate)' },
    {
      type: 'paragraph',
      text:
        `Hash values of the original files, computed when each file was imported into Sakshya and checked again at ` +
        `export on ${formatDateTime(model.generatedAt)}. Algorithms: ` +
        `${algorithms.map((a) => ALGORITHM_LABELS[a]).join(', ')}.`,
    },
    {
      type: 'hashTable',
      algorithms,
      rows: model.items.map((item) => ({
        number: padNumber(item.number),
        name: item.originalName,
        size: formatSize(item.size),
        capturedAt: formatDateTime(item.capturedAt, 'not known'),
        hashes: item.hashes,
      })),
    },
  ];
}
