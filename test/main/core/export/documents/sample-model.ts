// A hand-built ExportModel for the document writers' tests: Hindi names and messages, a name full
// of HTML metacharacters, flags with their sources, steps with reference numbers, device details,
// and real JPEG thumbnails made with sharp from real bytes whose hashes are computed, not invented.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import {
  EXPORT_SCHEMA_VERSION,
  type ExportFlag,
  type ExportItem,
  type ExportModel,
  type ExportTimelineEntry,
} from '../../../../../main/core/export/export-model';

export const HINDI_COUNTERPARTY = 'राजेश कुमार शर्मा';
export const HINDI_MESSAGE = 'पैसे आज ही जमा करो वरना तुम्हारे रिश्तेदारों को फोन करेंगे';
export const TRICKY_NAME = 'Fast<Cash> & "Loans" \'App\'';

const NIGHT_CALL: ExportFlag = {
  ruleId: 'rbi-calling-hours',
  rule: 'Recovery agents must not call before 08:00 or after 19:00.',
  source: 'RBI Master Direction on Digital Lending, 2 September 2022, para 11',
  sourceUrl: 'https://www.rbi.org.in/',
  fact: 'Call at 21:15 (after 19:00)',
};

const RELATIVES: ExportFlag = {
  ruleId: 'rbi-third-parties',
  rule: 'Recovery agents must not contact relatives or friends.',
  source: 'RBI Fair Practices Code for lenders',
  sourceUrl: null,
  fact: 'Message sent to a relative',
};

export interface SampleFile {
  bagPath: string;
  bytes: Buffer;
}

function hashOf(bytes: Buffer, algorithm: 'sha256' | 'sha1' | 'md5'): string {
  return createHash(algorithm).update(bytes).digest('hex');
}

/** A real PNG/JPEG of a flat colour with some text-like noise, so each file's hash differs. */
async function makeImage(seed: number, format: 'png' | 'jpeg'): Promise<Buffer> {
  const img = sharp({
    create: {
      width: 320,
      height: 200,
      channels: 3,
      background: { r: (seed * 53) % 256, g: (seed * 97) % 256, b: 180 },
    },
  }).composite([
    {
      input: Buffer.from(
        `<svg width="320" height="200"><text x="20" y="100" font-size="40" fill="white">Item ${String(seed)}</text></svg>`,
      ),
    },
  ]);
  return format === 'png' ? img.png().toBuffer() : img.jpeg({ quality: 80 }).toBuffer();
}

function makeThumbnail(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes).resize(160, 160, { fit: 'inside' }).jpeg({ quality: 70 }).toBuffer();
}

export interface SampleModelOptions {
  /** How many evidence items (default 4). */
  items?: number;
  /** How many timeline entries (default: one per item plus two calls). */
  timelineEntries?: number;
  withDevice?: boolean;
}

/** The model, plus the payload files as they would lie in the bag (for the index.html tests). */
export async function buildSampleModel(
  options: SampleModelOptions = {},
): Promise<{ model: ExportModel; files: SampleFile[] }> {
  const count = options.items ?? 4;
  const items: ExportItem[] = [];
  const files: SampleFile[] = [];
  // Only a few distinct images: a 500-item case reuses them but with distinct names and numbers.
  const distinct = Math.min(count, 5);
  const images: Buffer[] = [];
  const thumbs: Buffer[] = [];
  for (let i = 0; i < distinct; i += 1) {
    const image = await makeImage(i + 1, i % 2 === 0 ? 'png' : 'jpeg');
    images.push(image);
    thumbs.push(await makeThumbnail(image));
  }
  for (let i = 0; i < count; i += 1) {
    const number = i + 1;
    const nnnn = String(number).padStart(4, '0');
    const source = images[i % distinct] ?? Buffer.alloc(0);
    // Make every item's bytes unique so every hash is unique (appending to a PNG/JPEG is harmless).
    const bytes = count > distinct ? Buffer.concat([source, Buffer.from(`#${nnnn}`)]) : source;
    const isPng = (i % distinct) % 2 === 0;
    const originalName =
      i === 1
        ? `व्हाट्सऐप ${TRICKY_NAME}.jpg`
        : `Screenshot_2024051${String(i % 10)}-2143${nnnn}.${isPng ? 'png' : 'jpg'}`;
    const bagPath = `data/evidence/${nnnn}_${originalName}`;
    files.push({ bagPath, bytes });
    items.push({
      number,
      id: `00000000-0000-4000-8000-${String(number).padStart(12, '0')}`,
      originalName,
      bagPath,
      hashes: { sha256: hashOf(bytes, 'sha256'), md5: hashOf(bytes, 'md5') },
      size: bytes.length,
      mediaType: isPng ? 'image/png' : 'image/jpeg',
      kind: i % 3 === 2 ? 'photo' : 'screenshot',
      capturedAt: i === 3 ? null : `2024-05-1${String(i % 10)}T21:43:10+05:30`,
      capturedAtSource: i === 3 ? 'unknown' : 'exif',
      capturedAtConfidence: i === 3 ? 'low' : 'high',
      importedAt: '2024-06-01T10:00:00.000Z',
      provenance: { importedFrom: 'folder' },
      metadata: {},
      notes: i === 0 ? `Threat from ${HINDI_COUNTERPARTY}` : '',
      tags: i === 0 ? ['threat'] : [],
      thumbnailJpeg: i === 2 ? null : (thumbs[i % distinct] ?? null),
      thumbnailBagPath: i === 2 ? null : `data/thumbnails/${nnnn}.jpg`,
      recognizedText: null,
    });
  }
  for (const item of items) {
    if (item.thumbnailJpeg && item.thumbnailBagPath) {
      files.push({ bagPath: item.thumbnailBagPath, bytes: item.thumbnailJpeg });
    }
  }

  const timeline: ExportTimelineEntry[] = [
    {
      occurredAt: '2024-05-10T21:15:00+05:30',
      kind: 'call',
      actor: HINDI_COUNTERPARTY,
      number: '+91 98765 43210',
      text: 'Missed call (night)',
      evidenceNumbers: [],
      flags: [NIGHT_CALL],
      readFromScreenshot: null,
    },
    {
      occurredAt: '2024-05-10T21:20:00+05:30',
      kind: 'message',
      actor: HINDI_COUNTERPARTY,
      number: '+91 98765 43210',
      text: HINDI_MESSAGE,
      evidenceNumbers: [1],
      flags: [NIGHT_CALL, RELATIVES],
      readFromScreenshot: null,
    },
  ];
  const extra = options.timelineEntries ?? count;
  for (let i = 0; i < extra; i += 1) {
    timeline.push({
      occurredAt: `2024-05-${String(11 + (i % 18)).padStart(2, '0')}T${String(9 + (i % 9)).padStart(2, '0')}:0${String(i % 10)}:00+05:30`,
      kind: i % 2 === 0 ? 'message' : 'call',
      actor: i % 4 === 0 ? TRICKY_NAME : 'Agent Vikram',
      number: '+91 91234 56789',
      text: i % 2 === 0 ? `Pay today or we visit your office. Message ${String(i + 1)}.` : '',
      evidenceNumbers: i < count ? [i + 1] : [],
      flags: [],
      readFromScreenshot: null,
    });
  }

  const model: ExportModel = {
    schemaVersion: EXPORT_SCHEMA_VERSION,
    bundleId: '6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b',
    generatedAt: '2024-06-02T08:30:00.000Z',
    softwareAgent: 'Sakshya 0.1.0',
    signingKeyFingerprint: 'SHA256:q1w2e3r4t5y6u7i8o9p0AaBbCcDdEeFfGgHhIiJjKkL',
    case: {
      id: 'case-1',
      title: `Harassment by ${TRICKY_NAME} recovery agents`,
      description: 'Calls and messages from recovery agents, including to my relatives.',
      timezone: 'Asia/Kolkata',
      counterparty: {
        name: HINDI_COUNTERPARTY,
        kind: 'recovery-agent',
        numbers: ['+91 98765 43210', '+91 91234 56789'],
        handles: [],
        agentNames: ['Agent Vikram'],
      },
    },
    period: { from: '2024-05-10T21:15:00+05:30', to: '2024-05-28T17:09:00+05:30' },
    hashAlgorithms: ['sha256', 'md5'],
    items,
    timeline,
    steps: [
      {
        playbook: 'rbi-ombudsman',
        stepId: 'complain-to-lender',
        title: 'Complain to the lender’s grievance officer',
        status: 'done',
        doneOn: '2024-05-20',
        dueOn: null,
        notBefore: null,
        references: { complaintNumber: 'GRV-2024-000123' },
        notes: '',
      },
      {
        playbook: 'cyber-crime',
        stepId: 'report-cybercrime-portal',
        title: 'Report on cybercrime.gov.in',
        status: 'doing',
        doneOn: null,
        dueOn: '2024-06-10',
        notBefore: null,
        references: { acknowledgementNumber: '31605240012345' },
        notes: 'Filed by my brother',
      },
      {
        playbook: 'rbi-ombudsman',
        stepId: 'ombudsman',
        title: 'Complain to the RBI Ombudsman',
        status: 'todo',
        doneOn: null,
        dueOn: null,
        notBefore: '2024-06-19',
        references: {},
        notes: '',
      },
    ],
    custody: [],
    summary: {
      countsByKind: { call: 1 + Math.floor(extra / 2), message: 1 + Math.ceil(extra / 2) },
      peakDay: { date: '2024-05-10', contacts: 2 },
      flaggedCount: 2,
      flaggedRules: [
        { ruleId: NIGHT_CALL.ruleId, rule: NIGHT_CALL.rule, source: NIGHT_CALL.source, count: 2 },
        { ruleId: RELATIVES.ruleId, rule: RELATIVES.rule, source: RELATIVES.source, count: 1 },
      ],
      firstContact: '2024-05-10T21:15:00+05:30',
      lastContact: '2024-05-28T17:09:00+05:30',
    },
    device:
      options.withDevice === false
        ? null
        : {
            make: 'Xiaomi',
            model: 'Redmi Note 12',
            serial: '861234567890123',
            ownership: 'Owned and used by me',
          },
    part: { index: 1, count: 1 },
  };
  return { model, files };
}
