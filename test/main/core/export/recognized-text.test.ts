// The text read from a screenshot travels in manifest.json as a machine-generated aid with a hash
// of its own, checked here with sha256sum and against the bundle's own JSON Schema (ajv).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { importPaths } from '../../../../main/core/import/pipeline';
import { exportCase } from '../../../../main/core/export/export-bundle';
import { TextQueue } from '../../../../main/core/ocr/text-queue';
import { makeTempDir } from '../../../helpers/temp-dir';
import { makeVault } from '../import/import-vault';
import { unzipBundle } from './export-vault';

const SCREENSHOT = path.resolve(__dirname, '../../../fixtures/screenshots/english-light.png');

interface ManifestItem {
  hashes: { sha256: string };
  recognizedText?: {
    machineGenerated: boolean;
    label: string;
    text: string;
    textSha256: string;
    readingSha256: string;
  };
}

describe('recognised text in the bundle', () => {
  it('lists each item’s read text as a machine-generated aid with its own hash, apart from the original’s', async () => {
    const { vault, caseId } = await makeVault();
    await importPaths(vault, [SCREENSHOT], { caseId });
    const queue = new TextQueue(vault);
    queue.enqueuePending(caseId);
    await queue.close();
    const outFile = path.join(makeTempDir(), 'bundle.zip');
    await exportCase(vault, { caseId, outFile });
    const bag = unzipBundle(outFile);
    const manifest = JSON.parse(fs.readFileSync(path.join(bag, 'data/manifest.json'), 'utf8')) as {
      items: ManifestItem[];
    };
    const [item] = manifest.items;
    const read = item?.recognizedText;
    expect(read?.machineGenerated).toBe(true);
    expect(read?.label).toBe('Read by the computer, may contain mistakes');
    expect(read?.text).toContain('marmalade');
    // An outside tool agrees with the text's hash, and it is not the original's.
    const textFile = path.join(makeTempDir(), 'text.txt');
    fs.writeFileSync(textFile, read!.text, 'utf8');
    const sum = execFileSync('sha256sum', [textFile], { encoding: 'utf8' }).split(' ')[0];
    expect(read?.textSha256).toBe(sum);
    expect(read?.textSha256).not.toBe(item?.hashes.sha256);
    expect(read?.readingSha256).toMatch(/^[0-9a-f]{64}$/);

    const schema = JSON.parse(
      fs.readFileSync(path.join(bag, 'data/manifest.schema.json'), 'utf8'),
    ) as Record<string, unknown>;
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(schema);
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    const changed = structuredClone(manifest);
    (changed.items[0]!.recognizedText as Record<string, unknown>).machineGenerated = false;
    expect(validate(changed)).toBe(false);
  });
});
