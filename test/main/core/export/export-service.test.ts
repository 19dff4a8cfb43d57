// The export service that the API handlers and the CLI both call: its checks before a save dialog
// opens, the bundle it writes, and what a verified bundle says about this vault.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExportService } from '../../../../main/core/export/export-service';
import { signingKeyFile } from '../../../../main/core/keys/signing-key-store';
import type { Vault } from '../../../../main/core/vault/vault';
import { makeExportVault } from './export-vault';

describe('the export service', () => {
  it('refuses an unknown case, a lost signing key and a locked vault before anything is written', async () => {
    const { vault, dir, caseId, work } = await makeExportVault();
    let open: Vault | undefined = vault;
    const service = new ExportService(() => open);
    expect(() => {
      service.checkBeforeExport('no-such-case');
    }).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    service.checkBeforeExport(caseId);
    const out = path.join(work, 'first.zip');
    await service.exportCase({ caseId, outFile: out });
    fs.rmSync(signingKeyFile(dir));
    expect(() => {
      service.checkBeforeExport(caseId);
    }).toThrow(expect.objectContaining({ code: 'SIGNING_KEY_MISSING' }));
    // She may ask for a new key when the old one is lost.
    service.checkBeforeExport(caseId, { newSigningKey: true });
    open = undefined;
    expect(() => {
      service.checkBeforeExport(caseId);
    }).toThrow(expect.objectContaining({ code: 'VAULT_LOCKED' }));
    await expect(service.exportCase({ caseId, outFile: path.join(work, 'x.zip') })).rejects.toThrow(
      expect.objectContaining({ code: 'VAULT_LOCKED' }),
    );
    expect(fs.existsSync(path.join(work, 'x.zip'))).toBe(false);
  });

  it('says a bundle came from this vault only when its key signed it and its log records the export', async () => {
    const { vault, caseId, work } = await makeExportVault();
    let open: Vault | undefined = vault;
    const service = new ExportService(() => open);
    const out = path.join(work, 'bundle.zip');
    const result = await service.exportCase({ caseId, outFile: out });
    const report = await service.verify(out);
    expect(report).toMatchObject({ intact: true, signature: 'valid', vaultOrigin: 'this-vault' });
    // Signed with this vault's key, but no export of that id in its custody log.
    expect(
      service.judgeVaultOrigin({
        bundleId: 'not-exported-here',
        signingKeyFingerprint: result.signingKeyFingerprint,
      }),
    ).toBe('another-key');
    expect(
      service.judgeVaultOrigin({
        bundleId: result.bundleId,
        signingKeyFingerprint: 'SHA256:other',
      }),
    ).toBe('another-key');
    open = undefined;
    expect(await service.verify(out)).toMatchObject({ intact: true, vaultOrigin: 'unknown' });
  });
});
