// `npm run bench`: speed and memory figures. They are reported, never asserted in timed tests.
// Each bench is loaded only when it runs, so one bench's modules (sharp, pdfkit, Chromium's
// driver) do not count in another's peak memory.
// `npm run bench -- NAME [options]`: the options after the name belong to that bench.
const only = process.argv[2];
const benches: Record<string, () => Promise<void>> = {
  'vault-store': async () => (await import('./vault-store')).runVaultStoreBench(),
  renderer: async () => (await import('./renderer')).runRendererBench(),
  import: async () => (await import('./import')).runImportBench(),
  timeline: async () => (await import('./timeline')).runTimelineBench(),
  export: async () => (await import('./export')).runExportBench(),
  'age-speed': async () => (await import('./age-speed')).runAgeSpeedBench(),
  cli: async () => {
    (await import('./cli')).runCliBench();
  },
  responsiveness: async () => (await import('./responsiveness')).runResponsivenessBench(),
  backup: async () => (await import('./backup')).runBackupBench(),
  sources: async () => (await import('./sources')).runSourcesBench(),
  ocr: async () => (await import('./ocr')).runOcrBench(),
  'ocr-import': async () => (await import('./ocr/import-throughput')).runOcrImportBench(),
};
if (only !== undefined && !(only in benches)) {
  console.error(`No bench called "${only}". Choose one of: ${Object.keys(benches).join(', ')}.`);
  process.exitCode = 2;
}
for (const [name, run] of Object.entries(benches)) {
  if (only !== undefined && only !== name) continue;
  console.log(`\n== ${name} ==`);
  await run();
}

export {};
