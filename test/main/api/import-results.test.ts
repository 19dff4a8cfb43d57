import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../../../main/api/evidence-handlers';
import { classifyReason, describeName } from '../../../main/api/import-results';
import type { EventName } from '../../../shared/api-contract';
import { makeTempDir } from '../../helpers/temp-dir';

describe('names shown for imported files', () => {
  it('uses the base name of a file she chose, and the path inside a folder she dropped', () => {
    const root = path.join(path.sep, 'home', 'meera', 'phone');
    expect(describeName(path.join(root, 'DCIM', 'a.jpg'), [root])).toBe(
      path.join('phone', 'DCIM', 'a.jpg'),
    );
    expect(describeName(path.join(path.sep, 'elsewhere', 'b.png'), [root])).toBe('b.png');
    expect(describeName(root, [root])).toBe('phone');
    // A sibling whose name merely starts like the folder is not inside it.
    expect(describeName(path.join(path.sep, 'home', 'meera', 'phone-old', 'c.jpg'), [root])).toBe(
      'c.jpg',
    );
  });

  it('names a file inside a zip after the zip, but leaves a folder with "!" in its name alone', () => {
    const dir = makeTempDir();
    const zip = path.join(dir, 'WhatsApp Chat.zip');
    fs.writeFileSync(zip, 'PK');
    expect(describeName(`${zip}!/IMG-0001.jpg`, [zip])).toBe('WhatsApp Chat.zip › IMG-0001.jpg');
    const bang = path.join(dir, 'wow!', 'd.jpg');
    expect(describeName(bang, [path.join(dir, 'wow!')])).toBe(path.join('wow!', 'd.jpg'));
  });
});

describe('reason codes', () => {
  it('turns the pipeline’s reason codes into the codes the window can translate', () => {
    expect(classifyReason({ status: 'imported', reasonCode: null })).toBeNull();
    expect(classifyReason({ status: 'duplicate', reasonCode: 'duplicate' })).toBe('duplicate');
    expect(classifyReason({ status: 'skipped', reasonCode: 'cancelled' })).toBe('cancelled');
    expect(classifyReason({ status: 'skipped', reasonCode: 'vault-locked' })).toBe('locked');
    expect(classifyReason({ status: 'skipped', reasonCode: 'empty-file' })).toBe('empty');
    expect(classifyReason({ status: 'skipped', reasonCode: 'too-large' })).toBe('too-large');
    expect(classifyReason({ status: 'skipped', reasonCode: 'system-file' })).toBe('system-file');
    for (const code of [
      'special-file',
      'folder-repeated',
      'symlink-loop',
      'dangling-link',
    ] as const)
      expect(classifyReason({ status: 'skipped', reasonCode: code }), code).toBe('not-a-file');
    expect(classifyReason({ status: 'failed', reasonCode: 'changed-while-reading' })).toBe(
      'changed',
    );
    expect(classifyReason({ status: 'failed', reasonCode: 'permission-denied' })).toBe(
      'permission',
    );
    expect(classifyReason({ status: 'failed', reasonCode: 'disk-full' })).toBe('disk-full');
    for (const code of ['not-found', 'zip-refused', 'zip-encrypted', 'unreadable'] as const)
      expect(classifyReason({ status: 'failed', reasonCode: code }), code).toBe('unreadable');
    expect(classifyReason({ status: 'skipped', reasonCode: 'zip-not-read' })).toBe('unreadable');
    expect(classifyReason({ status: 'failed', reasonCode: 'other' })).toBe('other');
  });

  it('still gives a general code when a result arrives without one', () => {
    expect(classifyReason({ status: 'failed', reasonCode: null })).toBe('unreadable');
    expect(classifyReason({ status: 'skipped', reasonCode: null })).toBe('other');
  });
});

describe('progress events', () => {
  it('sends the first report at once, spaces out the rest, and always sends the finish', () => {
    const sent: unknown[] = [];
    let now = 1000;
    const emit = (_event: EventName, payload: unknown): void => {
      sent.push(payload);
    };
    const reporter = createProgressReporter('task', emit, () => now);
    const step = (done: number): void => {
      reporter.report({ done, total: 3, bytesDone: done * 10, bytesTotal: 30 });
    };
    step(0);
    now += 10;
    step(1);
    expect(sent).toHaveLength(1);
    now += 200;
    step(2);
    expect(sent).toHaveLength(2);
    now += 1;
    step(3);
    expect(sent).toEqual([
      { taskId: 'task', done: 0, total: 3, bytesDone: 0, bytesTotal: 30 },
      { taskId: 'task', done: 2, total: 3, bytesDone: 20, bytesTotal: 30 },
      { taskId: 'task', done: 3, total: 3, bytesDone: 30, bytesTotal: 30 },
    ]);
    reporter.flush();
    expect(sent).toHaveLength(3);
  });

  it('flushes a held report when the import ends early', () => {
    const sent: unknown[] = [];
    let now = 0;
    const reporter = createProgressReporter(
      't',
      (_e, p) => sent.push(p),
      () => now,
    );
    reporter.report({ done: 0, total: 5, bytesDone: 0, bytesTotal: 5 });
    now += 1;
    reporter.report({ done: 1, total: 5, bytesDone: 1, bytesTotal: 5 });
    reporter.flush();
    expect(sent).toHaveLength(2);
  });
});
