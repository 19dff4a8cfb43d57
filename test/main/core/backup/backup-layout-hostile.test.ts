// The backup folder's own small files as someone who can write the folder plants them: pipes,
// links, devices, files that grow, JSON nested without end, manifests that add up (restore review
// R1, R7, R9).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  describeBackupLayout,
  nestsAtMost,
  readManifests,
  readSmallPlainFile,
} from '../../../../main/core/backup/backup-layout';
import { makeTempDir } from '../../../helpers/temp-dir';

describe('a small file of the backup folder', () => {
  it('is read when it is a plain file no bigger than the limit, and refused as too big one byte past it', () => {
    const dir = makeTempDir('sakshya-small-');
    const file = path.join(dir, 'backup.json');
    fs.writeFileSync(file, 'x'.repeat(100));
    expect(readSmallPlainFile(file, 100)).toEqual({ ok: true, text: 'x'.repeat(100) });
    expect(readSmallPlainFile(file, 99)).toEqual({ ok: false, why: 'too-big' });
    fs.writeFileSync(file, '');
    expect(readSmallPlainFile(file, 100)).toEqual({ ok: true, text: '' });
  });

  it('is never read through a link, from a named pipe or from a device, and a missing one is an error', () => {
    const dir = makeTempDir('sakshya-small-');
    const outside = path.join(makeTempDir('sakshya-outside-'), 'her-file.txt');
    fs.writeFileSync(outside, '{"format":"sakshya-backup"}');
    const link = path.join(dir, 'link.json');
    fs.symlinkSync(outside, link);
    const zero = path.join(dir, 'zero.json');
    fs.symlinkSync('/dev/zero', zero);
    const pipe = path.join(dir, 'pipe.json');
    execFileSync('mkfifo', [pipe]);
    for (const file of [link, zero, pipe, '/dev/zero'])
      expect(readSmallPlainFile(file, 1024)).toEqual({ ok: false, why: 'not-plain' });
    expect(() => readSmallPlainFile(path.join(dir, 'none.json'), 1024)).toThrow(/ENOENT/);
  });
});

describe('the nesting of a backup JSON file', () => {
  it('is allowed as deep as a manifest needs, brackets inside strings not counted', () => {
    const manifest = JSON.stringify({ files: [{ path: 'a', sha256: 'b' }], mac: '[[[[' });
    expect(nestsAtMost(manifest, 3)).toBe(true);
    expect(nestsAtMost(manifest, 2)).toBe(false);
    const quoted = JSON.stringify({ a: `\\"${'['.repeat(40)}` });
    expect(nestsAtMost(quoted, 1)).toBe(true);
    expect(nestsAtMost(`${'['.repeat(17)}${']'.repeat(17)}`, 16)).toBe(false);
    expect(nestsAtMost(`${'[ {"a": '.repeat(9)}1${'} ]'.repeat(9)}`, 16)).toBe(false);
  });

  it('past the limit makes a planted manifest damaged, without it being parsed', () => {
    const root = makeTempDir('sakshya-nested-');
    fs.mkdirSync(path.join(root, 'generations'));
    // A million arrays inside one another: JSON.parse takes them (2 MB; 40 MB took 2 GB of memory).
    const depth = 1_000_000;
    fs.writeFileSync(
      path.join(root, 'generations', '00000002.json'),
      `${'['.repeat(depth)}${']'.repeat(depth)}`,
    );
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const reads = readManifests(describeBackupLayout(root));
      expect(reads).toEqual([expect.objectContaining({ ok: false, seq: 2, reason: 'damaged' })]);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });
});

describe('the manifests of one backup', () => {
  it('are read newest first within one budget for all: one that no longer fits is named as not read, a smaller one after it still is', () => {
    const root = makeTempDir('sakshya-many-');
    fs.mkdirSync(path.join(root, 'generations'));
    // Five planted (1,000 bytes each) above hers, and a budget that holds three of them.
    for (let seq = 2; seq <= 6; seq += 1)
      fs.writeFileSync(
        path.join(root, 'generations', `0000000${String(seq)}.json`),
        `{"seq":${String(seq)}${' '.repeat(1000 - 9)}}`,
      );
    fs.writeFileSync(path.join(root, 'generations', '00000001.json'), '{"seq":1}');
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const reads = readManifests(describeBackupLayout(root), 3_500);
      expect(reads.map((read) => [read.seq, read.ok ? 'ok' : read.reason])).toEqual([
        [6, 'damaged'],
        [5, 'damaged'],
        [4, 'damaged'],
        [3, 'over-budget'],
        [2, 'over-budget'],
        // Hers is small enough for what is left, so it is still read (this one is not a manifest).
        [1, 'damaged'],
      ]);
      expect(parse).toHaveBeenCalledTimes(4);
    } finally {
      parse.mockRestore();
    }
  });
});
