// Call recordings through the real pipeline: the number and start from the recorder's file name,
// the length from the audio, a link to the call with that number within a minute (whichever came
// in first), and the viewer's answer: the sound itself, or for AMR "cannot be played here" with
// its length.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventsRepository } from '../../../../main/core/db/repositories/events';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { importPaths } from '../../../../main/core/import/pipeline';
import { addIncident } from '../../../../main/core/timeline/incidents';
import { renderEvidenceView } from '../../../../main/core/viewer/display-rendition';
import type { Vault } from '../../../../main/core/vault/vault';
import { makeAmr, makeTaggedWav, makeWav } from '../../../helpers/audio-samples';
import { makeTempDir } from '../../../helpers/temp-dir';
import { lockOpened, makeSourcesVault } from './sources-vault';

afterEach(lockOpened);

function writeAudio(name: string, bytes: Buffer): string {
  const file = path.join(makeTempDir(), name);
  fs.writeFileSync(file, bytes);
  return file;
}

function callAt(vault: Vault, caseId: string, at: string, number: string): string {
  return addIncident(vault, { caseId, kind: 'call', at, number }).id;
}

function linkedTo(vault: Vault, eventId: string): string[] {
  const evidence = new EvidenceRepository(vault.db);
  return (new EventsRepository(vault.db).get(eventId)?.evidenceIds ?? []).map(
    (id) => evidence.require(id).originalName,
  );
}

describe('call recordings', () => {
  it('takes the number and time from a Samsung name and links the recording to its call', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const call = callAt(vault, caseId, '2024-05-12 21:15:20', '+91 98765 43210');
    const other = callAt(vault, caseId, '2024-05-12 21:17:30', '+91 98765 43210');
    const file = writeAudio('Call recording 098765 43210_240512_211500.wav', makeWav(2));
    const [result] = await importPaths(vault, [file], { caseId });
    expect(result).toMatchObject({
      status: 'imported',
      mediaType: 'audio/wav',
      capturedAt: '2024-05-12T21:15:00+05:30',
      capturedAtSource: 'filename',
    });
    const stored = new EvidenceRepository(vault.db).require(result?.evidenceId ?? '');
    expect(stored.metadata).toMatchObject({ Audio: { durationSeconds: 2 } });
    expect(linkedTo(vault, call)).toEqual([path.basename(file)]);
    expect(linkedTo(vault, other)).toEqual([]);
    expect(vault.custody(`evidence:${stored.id}`).map((entry) => entry.action)).toContain(
      'recording.linked',
    );
    const view = await renderEvidenceView(vault, stored.id);
    expect(view.kind).toBe('audio');
    // Imported again: already here, and still one link.
    const [again] = await importPaths(vault, [file], { caseId });
    expect(again?.status).toBe('duplicate');
    expect(linkedTo(vault, call)).toEqual([path.basename(file)]);
  });

  it('takes the time from the recording’s own tags when its name gives none, and the name first when it does', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const bare = writeAudio('Recording 7.wav', makeTaggedWav(2, '2024-05-12T21:16:40'));
    const named = writeAudio(
      'Call recording 098765 43210_240512_211500.wav',
      makeTaggedWav(3, '2024-05-13T10:00:00'),
    );
    const results = await importPaths(vault, [bare, named], { caseId });
    expect(results.map((r) => [path.basename(r.path), r.capturedAt, r.capturedAtSource])).toEqual([
      ['Recording 7.wav', '2024-05-12T21:16:40+05:30', 'audio-tags'],
      ['Call recording 098765 43210_240512_211500.wav', '2024-05-12T21:15:00+05:30', 'filename'],
    ]);
    const stored = new EvidenceRepository(vault.db).require(results[0]?.evidenceId ?? '');
    expect(stored).toMatchObject({
      capturedAtSource: 'audio-tags',
      capturedAtConfidence: 'medium',
    });
    // The tag gave no zone: it was read on the case's clock, and the record says so.
    expect(vault.custody(`evidence:${stored.id}`)[0]?.details).toMatchObject({
      capturedAtSource: 'audio-tags',
    });
  });

  it('links a recording imported before its call once the call comes in through an import', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const amr = writeAudio('Ravi(+919876543210)_20240512221000.amr', makeAmr(5));
    const [result] = await importPaths(vault, [amr], { caseId });
    expect(result).toMatchObject({
      mediaType: 'audio/amr',
      capturedAt: '2024-05-12T22:10:00+05:30',
    });
    const call = callAt(vault, caseId, '2024-05-12 22:09:35', '9876543210');
    expect(linkedTo(vault, call)).toEqual([]);
    // Any later batch (a call log, more files) looks again.
    await importPaths(vault, [writeAudio('note.txt', Buffer.from('a note'))], { caseId });
    expect(linkedTo(vault, call)).toEqual([path.basename(amr)]);
    const view = await renderEvidenceView(vault, result?.evidenceId ?? '');
    expect(view).toMatchObject({ kind: 'none', reasonCode: 'not-playable', durationSeconds: 5 });
  });

  it('leaves a recording unlinked when no call of its number is within a minute', async () => {
    const { vault, caseId } = await makeSourcesVault();
    const late = callAt(vault, caseId, '2024-05-12 21:16:05', '9876543210');
    const otherNumber = callAt(vault, caseId, '2024-05-12 21:15:00', '9811122233');
    const file = writeAudio('+919876543210_2024_05_12_21_15_00.wav', makeWav(1));
    await importPaths(vault, [file], { caseId });
    expect(linkedTo(vault, late)).toEqual([]);
    expect(linkedTo(vault, otherNumber)).toEqual([]);
  });
});
