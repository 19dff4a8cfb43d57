// Types for scripts/system-tools.mjs, for its test (test/scripts/system-tools.test.ts).
export interface Tool {
  readonly apt: string;
  readonly commands: readonly string[];
  readonly files?: readonly string[];
  readonly brew: string | null;
  readonly winget: string | null;
  readonly why: string;
}
export interface MissingTool extends Tool {
  readonly missing: string[];
}
export interface Machine {
  readonly platform: NodeJS.Platform;
  readonly hasApt: boolean;
  readonly isRoot: boolean;
  readonly hasSudo: boolean;
  readonly checkOnly: boolean;
}
export type Plan =
  | { readonly action: 'none' }
  | { readonly action: 'install'; readonly commands: string[][] }
  | { readonly action: 'stop'; readonly message: string };
export const TOOLS: readonly Tool[];
export function isOnPath(
  command: string,
  env?: NodeJS.ProcessEnv,
  platform?: NodeJS.Platform,
): boolean;
export function findMissing(options?: {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  exists?: (file: string) => boolean;
}): MissingTool[];
export function planFor(missing: readonly MissingTool[], machine: Machine): Plan;
