// scripts/system-tools.mjs, which `npm test` and `.ci/run` run first: it finds the tools a PATH
// lacks, installs them only on Debian with root or passwordless sudo, and elsewhere stops at once
// naming each missing tool with the command that installs it. The decisions are tried here with a
// PATH that lacks `age` and with made-up machines; nothing is ever installed by this test.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TOOLS,
  findMissing,
  planFor,
  type Machine,
  type MissingTool,
} from '../../scripts/system-tools.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts', 'system-tools.mjs');
const DEBIAN_USER: Machine = {
  platform: 'linux',
  hasApt: true,
  isRoot: false,
  hasSudo: false,
  checkOnly: false,
};

let binWithoutAge = '';

beforeAll(() => {
  // A PATH with a stand-in for every tool but age and age-keygen.
  binWithoutAge = fs.mkdtempSync(path.join(os.tmpdir(), 'sakshya-system-tools-'));
  for (const command of TOOLS.flatMap((tool) => tool.commands)) {
    if (command === 'age' || command === 'age-keygen') continue;
    const file = path.join(binWithoutAge, command);
    fs.writeFileSync(file, '#!/bin/sh\nexit 0\n');
    fs.chmodSync(file, 0o755);
  }
});

afterAll(() => {
  fs.rmSync(binWithoutAge, { recursive: true, force: true });
});

function missingAge(): MissingTool[] {
  return findMissing({ env: { PATH: binWithoutAge }, platform: 'linux', exists: () => true });
}

describe('the system tools check', () => {
  it('finds exactly the tools a PATH lacks', () => {
    const missing = missingAge();
    expect(missing.map((tool) => tool.apt)).toEqual(['age']);
    expect(missing[0]?.missing).toEqual(['age', 'age-keygen']);
    expect(
      findMissing({ env: { PATH: binWithoutAge }, platform: 'linux', exists: () => false }).map(
        (tool) => tool.apt,
      ),
    ).toEqual(['age', 'chromium', 'fonts-noto-core']);
  });

  it('installs with apt-get on Debian as root, and through sudo -n with passwordless sudo', () => {
    expect(planFor(missingAge(), { ...DEBIAN_USER, isRoot: true })).toEqual({
      action: 'install',
      commands: [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'age'],
      ],
    });
    const plan = planFor(missingAge(), { ...DEBIAN_USER, hasSudo: true });
    expect(
      plan.action === 'install' &&
        plan.commands.every((command) => command[0] === 'sudo' && command[1] === '-n'),
    ).toBe(true);
  });

  it('stops without root, naming each missing tool with the command that installs it', () => {
    const plan = planFor(missingAge(), DEBIAN_USER);
    expect(plan.action).toBe('stop');
    const message = plan.action === 'stop' ? plan.message : '';
    expect(message).toContain('age, age-keygen (decrypts vault files): sudo apt-get install age');
    expect(message).toContain('sudo apt-get install age');
  });

  it('names brew on macOS and winget on Windows, and says where the full suite runs', () => {
    const mac = planFor(missingAge(), {
      ...DEBIAN_USER,
      platform: 'darwin',
      hasApt: false,
      isRoot: true,
    });
    expect(mac.action === 'stop' && mac.message).toMatch(
      /age, age-keygen \(decrypts vault files\): brew install age/,
    );
    expect(mac.action === 'stop' && mac.message).toMatch(/Debian or Ubuntu/);
    const windows = planFor(missingAge(), { ...DEBIAN_USER, platform: 'win32', hasApt: false });
    expect(windows.action === 'stop' && windows.message).toMatch(/winget install FiloSottile\.age/);
  });

  it('only checks when asked to, even as root', () => {
    expect(planFor(missingAge(), { ...DEBIAN_USER, isRoot: true, checkOnly: true }).action).toBe(
      'stop',
    );
    expect(planFor([], DEBIAN_USER)).toEqual({ action: 'none' });
  });

  it('as a command, stops within seconds with the list and exit code 1, and passes silently when all is there', () => {
    const started = Date.now();
    const lacking = spawnSync(process.execPath, [SCRIPT, '--check-only'], {
      env: { PATH: binWithoutAge },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(lacking.status).toBe(1);
    expect(lacking.stderr).toMatch(
      /^npm test needs a system tool that is not installed:\n {2}age, age-keygen \(decrypts vault files\)/,
    );
    expect(Date.now() - started).toBeLessThan(30_000);

    // This machine has every tool (as CI has after its first run).
    const complete = spawnSync(process.execPath, [SCRIPT, '--check-only'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect({ status: complete.status, out: complete.stdout + complete.stderr }).toEqual({
      status: 0,
      out: '',
    });
  });
});
