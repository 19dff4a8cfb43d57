// The same message counts once, across chat exports (timeline/same-message.ts at import), and a
// file named as a chat export that cannot be read as one is still added, with a word why.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventsRepository } from '../../../../main/core/db/repositories/events';
import { EvidenceRepository } from '../../../../main/core/db/repositories/evidence';
import { importPaths } from '../../../../main/core/import/pipeline';
import { formatImportWarning } from '../../../../shared/import-warnings';
import { makeTempDir } from '../../../helpers/temp-dir';
import { PHOTOS_DIR } from './fixtures';
import { makeVault } from './import-vault';
import type { Vault } from '../../../../main/core/vault/vault';

const FIRST_EXPORT = [
  '12/05/2024, 20:49 - Agent Ravi: Pay today or we call your brother',
  '12/05/2024, 21:30 - Agent Ravi: <Media omitted>',
  '12/05/2024, 22:01 - Agent Ravi: PAY NOW',
  '12/05/2024, 22:01 - Agent Ravi: PAY NOW',
  '12/05/2024, 22:01 - Agent Ravi: PAY NOW',
  '12/05/2024, 22:05 - Meera: I will pay on Friday',
];

function writeChat(
  lines: readonly string[],
  name = 'WhatsApp Chat with Agent Ravi.txt',
  eol = '\n',
): string {
  const file = path.join(makeTempDir(), name);
  fs.writeFileSync(file, `${lines.join(eol)}${eol}`);
  return file;
}

function listMessages(vault: Vault, caseId: string): string[] {
  return new EventsRepository(vault.db)
    .listByCase(caseId)
    .filter((event) => event.kind === 'message')
    .map(
      (event) =>
        `${String(event.details.localTime).slice(5, 16)} ${event.actor ?? ''}: ${event.text}`,
    );
}

/** The same chat exported with media: the picture is in the zip and the line names it. */
function writeZipExport(): string {
  const source = makeTempDir();
  const lines = FIRST_EXPORT.map((line) =>
    line.includes('<Media omitted>')
      ? '12/05/2024, 21:30 - Agent Ravi: IMG-20240512-WA0003.jpg (file attached)'
      : line,
  );
  fs.writeFileSync(path.join(source, 'WhatsApp Chat with Agent Ravi.txt'), `${lines.join('\n')}\n`);
  fs.copyFileSync(
    path.join(PHOTOS_DIR, 'noexif.jpg'),
    path.join(source, 'IMG-20240512-WA0003.jpg'),
  );
  const zip = path.join(makeTempDir(), 'WhatsApp Chat with Agent Ravi.zip');
  execFileSync('zip', ['-q', zip, 'WhatsApp Chat with Agent Ravi.txt', 'IMG-20240512-WA0003.jpg'], {
    cwd: source,
  });
  return zip;
}

describe('the same message counts once across chat exports', () => {
  it('adds nothing twice when the same export is imported again, byte for byte or re-exported', async () => {
    const { vault, caseId } = await makeVault();
    const first = writeChat(FIRST_EXPORT);
    const [one] = await importPaths(vault, [first], { caseId });
    expect(one?.chat).toEqual({ messages: 6, alreadyHere: 0 });
    const [again] = await importPaths(vault, [first], { caseId });
    expect(again?.status).toBe('duplicate');
    // Exported again on a phone that writes CRLF: other bytes, so other evidence, same messages.
    const reexport = writeChat(FIRST_EXPORT, 'WhatsApp Chat with Agent Ravi (1).txt', '\r\n');
    const [two] = await importPaths(vault, [reexport], { caseId });
    expect(two).toMatchObject({ status: 'imported', chat: { messages: 6, alreadyHere: 6 } });
    expect(two?.sha256).not.toBe(one?.sha256);
    expect(listMessages(vault, caseId)).toHaveLength(6);
    // Both exports stay as evidence, each with its own hash.
    const evidence = new EvidenceRepository(vault.db).listByCase(caseId);
    expect(new Set(evidence.map((item) => item.sha256)).size).toBe(2);
    const custody = vault
      .custody(`evidence:${two?.evidenceId ?? ''}`)
      .find((e) => e.action === 'chat.imported');
    expect(custody?.details).toMatchObject({ messages: 6, alreadyHere: 6 });
  });

  it('reads a .txt and a .zip of the same chat into each message once, linking the zip’s picture', async () => {
    const { vault, caseId } = await makeVault();
    const [text] = await importPaths(vault, [writeChat(FIRST_EXPORT)], { caseId });
    const results = await importPaths(vault, [writeZipExport()], { caseId });
    const zip = results[0];
    expect(text?.chat).toEqual({ messages: 6, alreadyHere: 0 });
    expect(zip?.chat).toEqual({ messages: 6, alreadyHere: 6 });
    expect(listMessages(vault, caseId)).toEqual([
      '05-12T20:49 Agent Ravi: Pay today or we call your brother',
      '05-12T21:30 Agent Ravi: <Media omitted>',
      '05-12T22:01 Agent Ravi: PAY NOW',
      '05-12T22:01 Agent Ravi: PAY NOW',
      '05-12T22:01 Agent Ravi: PAY NOW',
      '05-12T22:05 Meera: I will pay on Friday',
    ]);
    const picture = results.find((result) => result.path.endsWith('IMG-20240512-WA0003.jpg'));
    const media = new EventsRepository(vault.db)
      .listByCase(caseId)
      .find((event) => event.text === '<Media omitted>');
    expect(media?.evidenceIds).toEqual([picture?.evidenceId]);
  });

  it('reads both in one drop, and the .txt after the .zip adds nothing', async () => {
    const { vault, caseId } = await makeVault();
    const results = await importPaths(vault, [writeZipExport(), writeChat(FIRST_EXPORT)], {
      caseId,
    });
    const chats = results.filter((result) => result.chat !== undefined).map((r) => r.chat);
    expect(chats).toEqual([
      { messages: 6, alreadyHere: 0 },
      { messages: 6, alreadyHere: 6 },
    ]);
    expect(listMessages(vault, caseId)).toHaveLength(6);
  });

  it('joins two exports that overlap in time, keeping repeats and the same words at other times', async () => {
    const { vault, caseId } = await makeVault();
    await importPaths(vault, [writeChat(FIRST_EXPORT)], { caseId });
    const later = [
      '12/05/2024, 22:01 - Agent Ravi: PAY NOW',
      '12/05/2024, 22:01 - Agent Ravi: PAY NOW',
      '12/05/2024, 22:01 - Agent Ravi: PAY NOW',
      '12/05/2024, 22:01 - Agent Ravi: PAY NOW',
      '12/05/2024, 22:05 - Meera: I will pay on Friday',
      '13/05/2024, 09:10 - Agent Ravi: PAY NOW',
      '13/05/2024, 22:40 - Agent Ravi: Pay today or we call your brother',
    ];
    const [second] = await importPaths(
      vault,
      [writeChat(later, 'WhatsApp Chat with Agent Ravi 2.txt')],
      {
        caseId,
      },
    );
    // Four PAY NOW at 22:01 in the later export, three already here: one is new.
    expect(second?.chat).toEqual({ messages: 7, alreadyHere: 4 });
    const messages = listMessages(vault, caseId);
    expect(messages.filter((line) => line === '05-12T22:01 Agent Ravi: PAY NOW')).toHaveLength(4);
    expect(messages).toContain('05-13T09:10 Agent Ravi: PAY NOW');
    expect(messages).toContain('05-13T22:40 Agent Ravi: Pay today or we call your brother');
    expect(messages).toHaveLength(9);
  });

  it('matches a sender named differently in two exports once both names are tied to one person', async () => {
    const { vault, caseId } = await makeVault();
    vault.updateCase(caseId, {
      counterparty: {
        name: 'XYZ Loans',
        kind: 'loan-app',
        numbers: ['+91 98765 43210'],
        agentNames: ['Agent Ravi'],
        handles: [],
      },
    });
    await importPaths(vault, [writeChat(FIRST_EXPORT)], { caseId });
    // Her brother's phone has no name saved for the agent: the export shows the number.
    const fromBrother = FIRST_EXPORT.map((line) => line.replace('Agent Ravi', '+91 98765 43210'));
    const [second] = await importPaths(
      vault,
      [writeChat(fromBrother, 'WhatsApp Chat with +91 98765 43210.txt')],
      {
        caseId,
      },
    );
    expect(second?.chat).toEqual({ messages: 6, alreadyHere: 6 });
  });
});

describe('a file named as a chat export that cannot be read as one', () => {
  it.each([
    [
      'not a zip at all',
      () => Buffer.from('%PDF-1.4 this is not a chat'),
      'chat-export-wrong-type',
    ],
    [
      'a damaged zip',
      () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]),
      'chat-export-damaged',
    ],
  ] as const)(
    'is added as a plain file with a warning when it is %s',
    async (_label, bytes, code) => {
      const { vault, caseId } = await makeVault();
      const file = path.join(makeTempDir(), 'WhatsApp Chat with Agent.zip');
      fs.writeFileSync(file, bytes());
      const [result] = await importPaths(vault, [file], { caseId });
      expect(result).toMatchObject({ status: 'imported', warnings: [formatImportWarning(code)] });
      expect(result?.warnings[0]).toMatch(/^Added, but its messages could not be read: /);
      expect(result?.chat).toBeUndefined();
      expect(new EvidenceRepository(vault.db).listByCase(caseId)).toHaveLength(1);
    },
  );

  it('says so for a zip with no transcript and for a transcript with no messages', async () => {
    const { vault, caseId } = await makeVault();
    const source = makeTempDir();
    fs.copyFileSync(path.join(PHOTOS_DIR, 'noexif.jpg'), path.join(source, 'IMG-1.jpg'));
    const zip = path.join(makeTempDir(), 'WhatsApp Chat with Agent.zip');
    execFileSync('zip', ['-q', zip, 'IMG-1.jpg'], { cwd: source });
    const empty = path.join(makeTempDir(), '_chat.txt');
    fs.writeFileSync(empty, 'nothing that looks like a message\n');
    const results = await importPaths(vault, [zip, empty], { caseId });
    expect(results.map((result) => [result.status, result.warnings])).toEqual([
      ['imported', [formatImportWarning('chat-export-no-transcript')]],
      ['imported', [formatImportWarning('chat-export-no-messages')]],
    ]);
  });

  it('still refuses a damaged zip that is not named as a chat', async () => {
    const { vault, caseId } = await makeVault();
    const file = path.join(makeTempDir(), 'photos.zip');
    fs.writeFileSync(
      file,
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]),
    );
    const [result] = await importPaths(vault, [file], { caseId });
    expect(result?.status).toBe('failed');
  });
});
