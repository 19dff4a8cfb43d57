// A chat export read back as a conversation through the contract: a real zip made with Debian's
// zip, imported into a real vault; the lines in time order on the case's clock, the photo and the
// voice note it sent linked to their evidence, the voice note handed over as sound, and a file that
// is not a chat answering with no lines.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../../main/api/dispatch';
import { createHandlers, type ApiHandlers } from '../../../../main/api/handlers';
import { AppCore } from '../../../../main/core/app-core';
import type { ImportResultItem } from '../../../../shared/api-contract';
import type { ChatConversation, EvidenceView } from '../../../../shared/contract/viewer';
import { AGENT_LINES, CHAT_PHOTO, CHAT_VOICE, writeChatZip } from '../../../helpers/chat-export';
import { makeTempDir } from '../../../helpers/temp-dir';

const PHOTO = path.resolve(import.meta.dirname, '../../../fixtures/photos/canon-dslr.jpg');

const cores: AppCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) {
    await core.previewsIdle();
    void core.close();
  }
});

async function call(handlers: ApiHandlers, name: string, input: unknown): Promise<unknown> {
  const result = await dispatchCall(handlers, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function setUp(): Promise<{ handlers: ApiHandlers; caseId: string; dir: string }> {
  const dir = makeTempDir();
  const core = new AppCore({ vaultDir: path.join(dir, 'vault'), scryptLogN: 10 });
  cores.push(core);
  const handlers = createHandlers(core, {});
  await call(handlers, 'vault:create', { passphrase: 'monsoon tea on the terrace' });
  const created = (await call(handlers, 'case:create', {
    title: 'QuickCash',
    timezone: 'Asia/Calcutta',
  })) as { id: string };
  return { handlers, caseId: created.id, dir };
}

async function importAll(
  handlers: ApiHandlers,
  caseId: string,
  paths: string[],
): Promise<ImportResultItem[]> {
  const answer = (await call(handlers, 'evidence:import', { caseId, paths })) as {
    results: ImportResultItem[];
  };
  return answer.results;
}

describe('a chat export in the viewer', () => {
  it('reads back every line in time order on the case clock, with its photo and voice note', async () => {
    const { handlers, caseId, dir } = await setUp();
    const zip = writeChatZip(dir, 'WhatsApp Chat with Agent Ravi.zip', AGENT_LINES);
    const results = await importAll(handlers, caseId, [zip]);
    const chatId = results.find((r) => r.name.endsWith('.zip'))?.evidenceId ?? '';
    expect(chatId).not.toBe('');

    const chat = (await call(handlers, 'evidence:chat', {
      evidenceId: chatId,
    })) as ChatConversation;
    expect(chat.cut).toBe(false);
    expect(chat.lines.map((line) => line.local.slice(11, 16))).toEqual([
      '14:10',
      '20:49',
      '20:49',
      '22:01',
      '22:01',
      '22:05',
    ]);
    // Asia/Calcutta is Asia/Kolkata: 22:01 on the case's clock is 16:31 UTC.
    expect(chat.lines[3]?.at).toBe('2024-05-12T16:31:00.000Z');
    expect(chat.lines[3]?.local).toBe('2024-05-12T22:01:00+05:30');
    expect(chat.lines.map((line) => line.sender)).toEqual([
      ...Array<string>(5).fill('Agent Ravi'),
      'Meera',
    ]);
    const photo = chat.lines[1]?.attachments[0];
    expect(photo?.name).toBe(CHAT_PHOTO);
    expect(photo?.mediaType).toBe('image/jpeg');
    const voice = chat.lines[3]?.attachments[0];
    expect(voice?.name).toBe(CHAT_VOICE);
    expect(voice?.mediaType).toMatch(/^audio\//);

    // The voice note goes to the window as sound, decrypted in memory: the same bytes as stored.
    const view = (await call(handlers, 'evidence:view', {
      evidenceId: voice?.evidenceId,
    })) as EvidenceView;
    expect(view.kind).toBe('audio');
    if (view.kind !== 'audio') return;
    const bytes = Buffer.from(view.dataUrl.split(',')[1] ?? '', 'base64');
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('OggS');
    expect(bytes.subarray(28, 36).toString('latin1')).toBe('OpusHead');
  });

  it('answers a photo with no lines rather than an error', async () => {
    const { handlers, caseId } = await setUp();
    const results = await importAll(handlers, caseId, [PHOTO]);
    const chat = (await call(handlers, 'evidence:chat', {
      evidenceId: results[0]?.evidenceId,
    })) as ChatConversation;
    expect(chat.lines).toEqual([]);
  });
});
