// The release workflow and electron-builder's configuration cannot run here (no macOS, no
// Windows, no network). They are still held to what they must do: the workflow is parsed and its
// jobs checked, and electron-builder.yml is validated against electron-builder's own JSON schema
// (app-builder-lib/scheme.json), as given and with the workflow's ad-hoc overrides applied.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
// js-yaml is in node_modules through electron-builder; it ships no types of its own.
const yaml = require('js-yaml') as { load: (text: string) => unknown };

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  if?: string;
  container?: string;
  strategy?: { matrix: { include: { name: string; os: string; args: string }[] } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

function readYaml(file: string): unknown {
  return yaml.load(fs.readFileSync(path.join(ROOT, file), 'utf8'));
}

const workflow = readYaml('.github/workflows/release.yml') as Workflow;
const config = readYaml('electron-builder.yml') as Record<string, Record<string, unknown>>;
const scripts = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

function runs(job: Job): string[] {
  return job.steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));
}

function validateConfig(candidate: unknown): string[] {
  const schema = JSON.parse(
    fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'),
  ) as object;
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);
  if (validate(candidate)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('the release workflow', () => {
  it('runs on version tags and by hand, reading the repository only, except to publish', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(workflow.on.push).toEqual({ tags: ['v*'] });
    expect((workflow as unknown as { permissions: unknown }).permissions).toEqual({
      contents: 'read',
    });
  });

  it('runs npm ci and the whole test suite, with the oracles installed, before any installer', () => {
    const test = workflow.jobs.test;
    expect(test?.container).toMatch(/^node:20-/);
    const commands = runs(test!);
    expect(commands.indexOf('npm ci')).toBeGreaterThan(0);
    expect(commands.indexOf('npm test')).toBeGreaterThan(commands.indexOf('npm ci'));
    expect(scripts.test).toContain('vitest run');
    const install = commands.find((c) => c.includes('apt-get install')) ?? '';
    for (const tool of [
      'age',
      'exiftool',
      'unzip',
      'zip',
      'p7zip',
      'qpdf',
      'poppler',
      'chromium',
      'openssh-client',
    ])
      expect(install, tool).toContain(tool);
    expect(workflow.jobs.dist?.needs).toBe('test');
  });

  it('builds installers on Windows, macOS arm64 and x64, and Linux, each after npm ci on that OS', () => {
    const dist = workflow.jobs.dist!;
    expect(dist['runs-on']).toBe('${{ matrix.os }}');
    const matrix = dist.strategy?.matrix.include ?? [];
    expect(matrix.map((m) => m.args).sort()).toEqual(
      ['--linux --x64', '--mac --arm64', '--mac --x64', '--win --x64'].sort(),
    );
    const osOf = (args: string): string => matrix.find((m) => m.args === args)?.os ?? '';
    expect(osOf('--win --x64')).toMatch(/^windows-/);
    expect(osOf('--mac --arm64')).toMatch(/^macos-1[4-9]$/);
    expect(osOf('--mac --x64')).toMatch(/^macos-.*intel$|^macos-13$/);
    expect(osOf('--linux --x64')).toMatch(/^ubuntu-/);
    const commands = runs(dist);
    const build = commands.find((c) => c.includes('npm run dist')) ?? '';
    expect(commands.indexOf('npm ci')).toBeGreaterThanOrEqual(0);
    expect(commands.indexOf('npm ci')).toBeLessThan(commands.indexOf(build));
    expect(build).toContain('npm run dist -- ${{ matrix.args }} --publish never');
    expect(scripts.dist).toBe('node scripts/dist.mjs');
    const upload = dist.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.['if-no-files-found']).toBe('error');
    for (const kind of ['exe', 'dmg', 'AppImage', 'deb'])
      expect(String(upload?.with?.path)).toContain(`release/*.${kind}`);
  });

  it('signs when the secrets are there, and otherwise signs macOS builds ad hoc', () => {
    const dist = workflow.jobs.dist!;
    const step = dist.steps.find((s) => s.run?.includes('npm run dist'));
    const env = step?.env ?? {};
    for (const name of [
      'CSC_LINK',
      'CSC_KEY_PASSWORD',
      'APPLE_ID',
      'APPLE_APP_SPECIFIC_PASSWORD',
      'APPLE_TEAM_ID',
      'WIN_CSC_LINK',
      'WIN_CSC_KEY_PASSWORD',
    ])
      expect(env[name], name).toContain(`secrets.${name}`);
    const script = step?.run ?? '';
    expect(script).toMatch(/if \[ "\$RUNNER_OS" = macOS \] && \[ -z "\$CSC_LINK" \]/);
    expect(script).toContain('-c.mac.identity=-');
    expect(script).toContain('-c.mac.entitlements=build/entitlements.mac.adhoc.plist');
    expect(script).toContain('CSC_IDENTITY_AUTO_DISCOVERY=false');
    expect(dist.steps.some((s) => s.run?.includes('codesign --verify --deep --strict'))).toBe(true);
  });

  it('pins every action to a major version and publishes only from a tag', () => {
    for (const job of Object.values(workflow.jobs))
      for (const step of job.steps)
        if (step.uses !== undefined) expect(step.uses).toMatch(/@v\d+$/);
    expect(workflow.jobs.publish?.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(workflow.jobs.publish?.needs).toBe('dist');
  });
});

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema", () => {
    expect(validateConfig(config)).toEqual([]);
  });

  it('the schema check can fail: a misspelt option is refused', () => {
    expect(validateConfig({ ...config, mac: { ...config.mac, hardenedRuntme: true } })).not.toEqual(
      [],
    );
  });

  it('passes the schema for every target, with the ad-hoc signing overrides the workflow adds', () => {
    const adHoc = {
      ...config,
      mac: {
        ...config.mac,
        identity: '-',
        entitlements: 'build/entitlements.mac.adhoc.plist',
        entitlementsInherit: 'build/entitlements.mac.adhoc.plist',
      },
    };
    expect(validateConfig(adHoc)).toEqual([]);
    for (const target of ['linux', 'win', 'mac']) expect(config[target]?.target).toBeDefined();
  });

  it('names files that exist: icons for every OS and the macOS entitlements', () => {
    for (const file of [
      String(config.win?.icon),
      String(config.mac?.icon),
      String(config.mac?.entitlements),
      'build/entitlements.mac.adhoc.plist',
    ])
      expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);
    expect(fs.statSync(path.join(ROOT, String(config.linux?.icon))).isDirectory()).toBe(true);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.electronFuses?.resetAdHocDarwinSignature).toBe(true);
  });
});
