// Folder-loop detection with NTFS file ids, made to happen on Linux: Windows reports 64-bit file
// ids, which lose their low bits as JavaScript Numbers, so two different folders can get the
// same `ino` unless it is read as a BigInt.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectFiles } from '../../../../main/core/import/collect-files';
import { makeTempDir } from '../../../helpers/temp-dir';

afterEach(() => {
  vi.restoreAllMocks();
});

/** stat() as on NTFS: each folder in `ids` gets that 64-bit file id, as Node would report it. */
function pretendNtfsFileIds(ids: Map<string, bigint>): void {
  const real = fsp.stat.bind(fsp) as (
    file: fs.PathLike,
    options?: fs.StatOptions,
  ) => Promise<fs.Stats | fs.BigIntStats>;
  vi.spyOn(fsp, 'stat').mockImplementation(
    async (file: fs.PathLike, options?: fs.StatOptions): Promise<fs.Stats | fs.BigIntStats> => {
      const stats = await real(file, options);
      const id = ids.get(String(file));
      if (id === undefined) return stats;
      const copy = Object.create(Object.getPrototypeOf(stats) as object) as fs.Stats;
      const ino = options?.bigint === true ? id : Number(id);
      return Object.assign<fs.Stats, typeof stats, { ino: bigint | number }>(copy, stats, { ino });
    },
  );
}

describe('collectFiles on NTFS file ids', () => {
  it('the two ids really are one Number, so this test can fail', () => {
    expect(Number(2n ** 60n + 1n)).toBe(Number(2n ** 60n + 2n));
  });

  it('walks two folders whose 64-bit file ids differ only in their low bits', async () => {
    const root = makeTempDir();
    const a = path.join(root, 'WhatsApp Images');
    const b = path.join(root, 'Screenshots');
    for (const [folder, name] of [
      [a, 'IMG-1.jpg'],
      [b, 'Screenshot 1.png'],
    ] as const) {
      fs.mkdirSync(folder);
      fs.writeFileSync(path.join(folder, name), 'evidence');
    }
    pretendNtfsFileIds(
      new Map([
        [a, 2n ** 60n + 1n],
        [b, 2n ** 60n + 2n],
      ]),
    );
    const collected = await collectFiles([a, b]);
    expect(collected.map((c) => [c.kind, path.basename(c.path)])).toEqual([
      ['file', 'IMG-1.jpg'],
      ['file', 'Screenshot 1.png'],
    ]);
  });

  it('still walks a folder reached twice only once', async () => {
    const root = makeTempDir();
    const a = path.join(root, 'chat');
    fs.mkdirSync(a);
    fs.writeFileSync(path.join(a, 'x.jpg'), 'evidence');
    fs.symlinkSync(root, path.join(a, 'loop'));
    const collected = await collectFiles([root]);
    expect(collected.map((c) => c.kind).sort()).toEqual(['file', 'skipped']);
    expect(collected.find((c) => c.kind === 'skipped')).toMatchObject({
      reasonCode: 'folder-repeated',
    });
  });
});
