// What an export knows about a case, gathered once from the vault and handed to every writer:
// the bag (manifests, CSVs), the report PDF, the Section 63 certificate drafts and index.html.
// Plain data only, so each writer is a pure function of it and can be tested without a vault.

export const EXPORT_SCHEMA_VERSION = 1;

export type HashAlgorithm = 'sha256' | 'sha1' | 'md5';

/** The device the evidence came from, as the user describes it for Part A of the certificate. */
export interface DeviceDetails {
  make: string;
  model: string;
  /** IMEI or serial number. */
  serial: string;
  /** Who owns or controls the device, e.g. "Owned and used by me". */
  ownership: string;
}

export interface ExportItem {
  /** 1-based; also the NNNN prefix of its name in the bag. */
  number: number;
  id: string;
  originalName: string;
  /** Inside the bag, with forward slashes: 'data/evidence/0001_Screenshot_20240512-214310.png'. */
  bagPath: string;
  /** Hex digests of the original bytes; sha256 always, the others only when asked for. */
  hashes: { sha256: string; sha1?: string; md5?: string };
  size: number;
  mediaType: string;
  /** 'screenshot' | 'photo' | 'document' | 'audio' | 'video' | 'chat'. */
  kind: string;
  /** ISO 8601 with the case zone's offset, or null when unknown. */
  capturedAt: string | null;
  capturedAtSource: string;
  capturedAtConfidence: string;
  /** UTC ISO 8601. */
  importedAt: string;
  provenance: Record<string, unknown>;
  metadata: Record<string, unknown>;
  notes: string;
  tags: string[];
  /** A small JPEG preview (for the PDF and index.html), or null when there is none. */
  thumbnailJpeg: Buffer | null;
  /** Inside the bag: 'data/thumbnails/0001.jpg', or null. */
  thumbnailBagPath: string | null;
  /** The text the computer read from the picture: a machine-generated aid, not evidence itself. */
  recognizedText: RecognizedTextAid | null;
}

export interface RecognizedTextAid {
  machineGenerated: true;
  label: string;
  status: string;
  /** 'eng', 'hin', 'eng+hin', or null when no text was read. */
  language: string | null;
  text: string;
  /** SHA-256 of `text` as UTF-8 bytes: checkable with any sha256 tool, apart from the original's. */
  textSha256: string;
  /** SHA-256 of the whole reading as recorded (text, word boxes, engine); see evidence-text.ts. */
  readingSha256: string;
  confidence: number | null;
  engine: string;
  readAt: string;
}

export interface ExportFlag {
  ruleId: string;
  /** Plain-language rule, English. */
  rule: string;
  /** Citation, e.g. "RBI circular of 12 August 2022 …", and its link. */
  source: string;
  sourceUrl: string | null;
  /** The fact that triggered it: "Call at 21:15 (after 19:00)". */
  fact: string;
}

export interface ExportTimelineEntry {
  /** ISO 8601 with the case zone's offset. */
  occurredAt: string;
  kind: string;
  actor: string | null;
  number: string | null;
  text: string;
  /** Numbers (ExportItem.number) of the evidence it links to. */
  evidenceNumbers: number[];
  flags: ExportFlag[];
  /** A confirmed message read from a chat screenshot: that screenshot's number; else null. */
  readFromScreenshot: number | null;
}

export interface ExportStep {
  playbook: string;
  stepId: string;
  title: string;
  status: 'todo' | 'doing' | 'done' | 'na';
  /** 'YYYY-MM-DD' in the case zone, or null. */
  doneOn: string | null;
  dueOn: string | null;
  notBefore: string | null;
  references: Record<string, string>;
  notes: string;
}

export interface ExportCustodyEntry {
  seq: number;
  at: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface ExportSummary {
  countsByKind: Record<string, number>;
  /** The busiest day: its date ('YYYY-MM-DD', case zone) and how many contacts. */
  peakDay: { date: string; contacts: number } | null;
  flaggedCount: number;
  /** Distinct flagged rules with how often each fired. */
  flaggedRules: { ruleId: string; rule: string; source: string; count: number }[];
  firstContact: string | null;
  lastContact: string | null;
}

export interface ExportModel {
  schemaVersion: typeof EXPORT_SCHEMA_VERSION;
  /** A UUID shared by every part of a split bundle. */
  bundleId: string;
  /** UTC ISO 8601. */
  generatedAt: string;
  softwareAgent: string;
  /** 'SHA256:…' as `ssh-keygen -l` prints it. */
  signingKeyFingerprint: string;
  case: {
    id: string;
    title: string;
    description: string;
    timezone: string;
    counterparty: {
      name: string;
      kind: string;
      numbers: string[];
      handles: string[];
      agentNames: string[];
    };
  };
  /** The period covered: first and last dated entry, ISO 8601 with offset, or null. */
  period: { from: string | null; to: string | null };
  hashAlgorithms: HashAlgorithm[];
  items: ExportItem[];
  timeline: ExportTimelineEntry[];
  steps: ExportStep[];
  custody: ExportCustodyEntry[];
  summary: ExportSummary;
  device: DeviceDetails | null;
  /** When split: this part's number and the count (1 of 1 when not split). */
  part: { index: number; count: number };
}
