// `npm run bench`: speed and memory figures. They are reported, never asserted in timed tests.
import { runExportBench } from './export';
import { runImportBench } from './import';
import { runRendererBench } from './renderer';
import { runTimelineBench } from './timeline';
import { runVaultStoreBench } from './vault-store';

const only = process.argv[2];
const benches: Record<string, () => Promise<void>> = {
  'vault-store': runVaultStoreBench,
  renderer: runRendererBench,
  import: runImportBench,
  timeline: runTimelineBench,
  export: runExportBench,
};
for (const [name, run] of Object.entries(benches)) {
  if (only !== undefined && only !== name) continue;
  console.log(`\n== ${name} ==`);
  await run();
}
