// The system tools the tests use as independent oracles (age decrypts our files, unzip and 7z test
// bundles, qpdf and poppler check PDFs, …), checked before `npm test` and by `.ci/run`.
//
// - Everything present: prints nothing and exits 0 (a few PATH look-ups, no child processes).
// - Missing on Debian/Ubuntu as root or with passwordless sudo: installs them with apt-get.
// - Missing anywhere else (macOS, Windows, no root), or with `--check-only` / SAKSHYA_SYSTEM_TOOLS=check:
//   exits 1 within seconds, naming each missing tool with the command that installs it.
//
// The decisions are plain functions (findMissing, planFor) so test/scripts/system-tools.test.ts
// can try them with a PATH that lacks a tool and without root.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * One row per Debian package. `commands` are looked up on PATH, `files` must exist. `brew`,
 * `winget` are the nearest install commands elsewhere (null: none; the tests using it need Linux).
 */
export const TOOLS = [
  {
    apt: 'age',
    commands: ['age', 'age-keygen'],
    brew: 'brew install age',
    winget: 'winget install FiloSottile.age',
    why: 'decrypts vault files',
  },
  {
    apt: 'libimage-exiftool-perl',
    commands: ['exiftool'],
    brew: 'brew install exiftool',
    winget: 'winget install OliverBetz.ExifTool',
    why: 'reads photo dates',
  },
  {
    apt: 'unzip',
    commands: ['unzip'],
    brew: 'brew install unzip',
    winget: 'winget install GnuWin32.UnZip',
    why: 'tests bundles',
  },
  {
    apt: 'zip',
    commands: ['zip'],
    brew: 'brew install zip',
    winget: 'winget install GnuWin32.Zip',
    why: 'makes test zips',
  },
  {
    apt: 'p7zip-full',
    commands: ['7z'],
    brew: 'brew install p7zip',
    winget: 'winget install 7zip.7zip',
    why: 'tests bundles',
  },
  {
    apt: 'qpdf',
    commands: ['qpdf'],
    brew: 'brew install qpdf',
    winget: 'winget install QPDF.QPDF',
    why: 'checks PDFs',
  },
  {
    apt: 'poppler-utils',
    commands: ['pdftotext', 'pdfinfo', 'pdffonts'],
    brew: 'brew install poppler',
    winget: 'choco install poppler',
    why: 'reads PDFs',
  },
  {
    apt: 'openssh-client',
    commands: ['ssh-keygen'],
    brew: null,
    winget: 'winget install Microsoft.OpenSSH.Preview',
    why: 'verifies bundle signatures',
  },
  {
    apt: 'coreutils',
    commands: ['sha256sum', 'sha1sum', 'md5sum'],
    brew: 'brew install coreutils',
    winget: null,
    why: 'checks bundle manifests',
  },
  {
    apt: 'util-linux-extra',
    commands: ['fincore'],
    brew: null,
    winget: null,
    why: 'shows stored copies bypass the page cache, Linux only',
  },
  {
    apt: 'python3',
    commands: ['python3'],
    brew: 'brew install python',
    winget: 'winget install Python.Python.3.12',
    why: 'builds malformed zips',
  },
  {
    apt: 'rclone',
    commands: ['rclone'],
    brew: 'brew install rclone',
    winget: 'winget install Rclone.Rclone',
    why: 'carries a backup folder to a remote and back',
  },
  {
    apt: 'chromium',
    commands: [],
    files: ['/usr/bin/chromium'],
    brew: null,
    winget: null,
    why: 'runs the UI tests (at /usr/bin/chromium)',
  },
  {
    apt: 'fonts-noto-core',
    commands: [],
    files: ['/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf'],
    brew: null,
    winget: null,
    why: 'renders Hindi in the UI tests',
  },
];

/** Is `command` an executable file in one of PATH's folders (with PATHEXT on Windows)? */
export function isOnPath(command, env = process.env, platform = process.platform) {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  return dirs.some((dir) =>
    exts.some((ext) => {
      try {
        fs.accessSync(path.join(dir, command + ext), fs.constants.X_OK);
        return fs.statSync(path.join(dir, command + ext)).isFile();
      } catch {
        return false;
      }
    }),
  );
}

/** The rows of TOOLS with something missing, each with what exactly is missing. */
export function findMissing({
  env = process.env,
  platform = process.platform,
  exists = fs.existsSync,
} = {}) {
  return TOOLS.flatMap((tool) => {
    const missing = [
      ...tool.commands.filter((command) => !isOnPath(command, env, platform)),
      ...(tool.files ?? []).filter((file) => !exists(file)),
    ];
    return missing.length === 0 ? [] : [{ ...tool, missing }];
  });
}

/**
 * What to do about the missing tools: nothing, an apt-get install (Debian with root or passwordless
 * sudo, unless only checking), or stop with one line per tool saying how to install it.
 */
export function planFor(missing, { platform, hasApt, isRoot, hasSudo, checkOnly }) {
  if (missing.length === 0) return { action: 'none' };
  const packages = missing.map((tool) => tool.apt);
  if (platform === 'linux' && hasApt && !checkOnly && (isRoot || hasSudo)) {
    // sudo resets the environment, so DEBIAN_FRONTEND goes through env.
    const sudo = isRoot ? [] : ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'];
    return {
      action: 'install',
      commands: [
        [...sudo, 'apt-get', 'update', '-qq'],
        [...sudo, 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages],
      ],
    };
  }
  const lines = missing.map(
    (tool) => `  ${tool.missing.join(', ')} (${tool.why}): ${installHint(tool, platform, hasApt)}`,
  );
  return {
    action: 'stop',
    message: [
      `npm test needs ${missing.length === 1 ? 'a system tool' : 'system tools'} that ${missing.length === 1 ? 'is' : 'are'} not installed:`,
      ...lines,
      platform === 'linux' && hasApt
        ? `Or run everything at once: sudo apt-get install ${packages.join(' ')}`
        : 'The full test suite runs on Debian or Ubuntu (as CI does); run `npm test` there, or in a Debian 12 container.',
    ].join('\n'),
  };
}

function installHint(tool, platform, hasApt) {
  if (platform === 'linux')
    return hasApt
      ? `sudo apt-get install ${tool.apt}`
      : `install your distribution's package for Debian's "${tool.apt}"`;
  if (platform === 'darwin')
    return tool.brew ?? `not available on macOS (Debian package "${tool.apt}")`;
  if (platform === 'win32')
    return tool.winget ?? `not available on Windows (Debian package "${tool.apt}")`;
  return `Debian package "${tool.apt}"`;
}

/** The real machine's facts for planFor. Cheap: only a sudo probe, and only when something is missing. */
function describeMachine(env) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = process.platform === 'linux' && isOnPath('apt-get', env);
  const hasSudo =
    hasApt &&
    !isRoot &&
    isOnPath('sudo', env) &&
    spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0;
  const checkOnly = process.argv.includes('--check-only') || env.SAKSHYA_SYSTEM_TOOLS === 'check';
  return { platform: process.platform, hasApt, isRoot, hasSudo, checkOnly };
}

function main() {
  const missing = findMissing();
  const plan = planFor(missing, describeMachine(process.env));
  if (plan.action === 'none') return 0;
  if (plan.action === 'stop') {
    console.error(plan.message);
    return 1;
  }
  console.log(
    `Installing the system tools the tests use: ${missing.map((tool) => tool.apt).join(' ')}`,
  );
  for (const [command, ...args] of plan.commands) {
    const result = spawnSync(command, args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0) {
      console.error(
        `${[command, ...args].join(' ')} failed (exit ${result.status ?? result.signal}).`,
      );
      return 1;
    }
  }
  const still = findMissing();
  if (still.length > 0) {
    console.error(
      `Still missing after apt-get install: ${still.flatMap((tool) => tool.missing).join(', ')}`,
    );
    return 1;
  }
  return 0;
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href
) {
  process.exitCode = main();
}
