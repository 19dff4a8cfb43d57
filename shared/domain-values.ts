// The domain's plain value lists and checks, without zod: the CLI's start (`sakshya --help`,
// `sakshya verify`) reads these, and loading zod's schemas for them cost more than the rest of its
// start-up (`npm run bench -- cli`). domain.ts builds its schemas on them and re-exports them.

export const CASE_STATUSES = ['open', 'closed'] as const;
export const COUNTERPARTY_KINDS = [
  'lender',
  'recovery-agent',
  'loan-app',
  'person',
  'other',
] as const;
export const CAPTURED_AT_SOURCES = [
  'exif',
  'filename',
  'png-metadata',
  'file-mtime',
  'chat-export',
  'user',
  'unknown',
  // A recording's own tags (migration 0010): read only when its file name gives no time.
  'audio-tags',
] as const;
export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export const EVENT_KINDS = [
  'message',
  'call',
  'visit',
  'threat',
  'post',
  'evidence',
  'step',
  'note',
  'system',
] as const;
export const STEP_STATUSES = ['todo', 'doing', 'done', 'na'] as const;

export function isValidTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
