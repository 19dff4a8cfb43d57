// The "never lost" soak inside `npm test` (issue 16 item 9): 30 SIGKILLs at random moments across
// imports of files and of a WhatsApp zip, previews, export, passwd, rebuild and backup, each followed by
// `check` and a comparison of every committed item's SHA-256 with its source. The 1,000-kill run
// is `npm run soak -- --kills 1000`; its figure is in the README.
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../../bench/soak/run-soak';
import { makeTempDir } from '../../helpers/temp-dir';

describe('the soak', () => {
  it('loses and corrupts nothing over 30 SIGKILLs at random moments', async () => {
    const result = await runSoak({
      kills: 30,
      workDir: makeTempDir('sakshya-soak-'),
      maxDelayMs: 1000,
    });
    expect(result.details).toEqual([]);
    expect(result.kills).toBe(30);
    expect(result.corruptions).toBe(0);
    expect(result.lost).toBe(0);
    // The kills landed on real work: items were committed along the way.
    expect(result.committed).toBeGreaterThan(0);
  }, 600_000);
});
