// Types for scripts/electron-runtime.mjs, for the tests that need to know whether Electron can run.
export function electronPackageDir(): string | undefined;
export function findElectronRuntime(env?: NodeJS.ProcessEnv): string | undefined;
