// The SMS rows the scratch measurements of issue 19's write path store (scratch-events.ts,
// scratch-floor.ts): 300 numbers, Hindi and English bodies as bench/sources.ts writes them, one
// message in ten hers. One maker, so the two measure the same rows.
import type { EventValues, TimeOrderedIds } from '../main/core/import/android-rows';
import { makeBody } from './sources';

const START = Date.parse('2023-01-01T00:00:00Z');

export function makeScratchRow(
  ids: TimeOrderedIds,
  caseId: string,
  index: number,
  createdAt = new Date().toISOString(),
): EventValues {
  const number = `+9198${String(76_500_000 + (index % 300)).padStart(8, '0')}`;
  const outgoing = index % 10 === 0;
  return {
    id: ids.next(),
    caseId,
    kind: 'message',
    occurredAt: new Date(START + index * 97_000).toISOString(),
    actor: outgoing ? null : number,
    number,
    text: makeBody(index),
    details: JSON.stringify({
      source: 'android-backup',
      sourceEvidenceId: 'bench',
      timePrecision: 'second',
      contactName: `Agent ${String(index % 300)}`,
      chatEvidenceId: 'bench',
      channel: 'sms',
      ...(outgoing ? { outgoing: true } : {}),
    }),
    createdAt,
    numberE164: number,
    durationSeconds: null,
    direction: outgoing ? 'outgoing' : 'incoming',
  };
}
