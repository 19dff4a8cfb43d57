import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../shared/canonical-json';
import {
  BACKUP_FORMAT_VERSION,
  canonicalManifestBody,
  GENERATION_FORMAT,
  type ManifestBody,
} from '../../../../main/core/backup/backup-layout';

function makeBody(files: ManifestBody['files']): ManifestBody {
  return {
    format: GENERATION_FORMAT,
    version: BACKUP_FORMAT_VERSION,
    vaultId: '0123456789abcdef0123456789abcdef',
    recipient: 'age1example',
    seq: 7,
    createdAt: '2026-12-06T10:00:00.000Z',
    keysReplacedAt: null,
    files,
  };
}

describe('canonicalManifestBody', () => {
  it('writes exactly the text canonicalJson writes, with and without stamps, so old MACs still verify', () => {
    const sha = 'ab'.repeat(32);
    const bodies = [
      makeBody([]),
      makeBody([{ path: 'vault.json', sha256: sha, size: 0 }]),
      makeBody([
        { path: 'keys/passphrase.age', sha256: sha, size: 120, stamp: '120:1:2:3' },
        { path: 'objects/ab/cd/x"y\\z.age', sha256: sha, size: 2 ** 40 },
        { path: 'sidecars/ab/s.age', sha256: sha, size: 5, stamp: undefined },
      ]),
      makeBody([
        {
          path: 'keys/recovery.age',
          sha256: sha,
          size: 9,
          stamp: '9:1:2:3',
          objectStamp: '9:4:5:6',
        },
        { path: 'objects/ab/cd/e.age', sha256: sha, size: 7, objectStamp: '7:8:9:10' },
      ]),
      { ...makeBody([]), keysReplacedAt: '2026-12-07T00:00:00.000Z' },
    ];
    for (const body of bodies) expect(canonicalManifestBody(body)).toBe(canonicalJson(body));
  });

  it('falls back to canonicalJson for an entry with a key it does not know', () => {
    const odd = { path: 'vault.json', sha256: 'cd'.repeat(32), size: 1, extra: 'x' };
    const body = makeBody([odd]);
    expect(canonicalManifestBody(body)).toBe(canonicalJson(body));
  });
});
