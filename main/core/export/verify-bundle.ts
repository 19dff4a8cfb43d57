// Checks an export bundle (the .zip, or the folder it was unzipped to) without a vault: the bag
// structure, every manifest and tag manifest with every algorithm present, Payload-Oxum, files
// nobody listed, the custody chain and the SSHSIG signature. It lists every problem it finds and
// never writes anything: zip entries are read in memory, and a hostile entry ('../x', '/x', a
// link) is reported as a problem, never followed.
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SakshyaError } from '../../../shared/errors';
import { computeCustodyHash, GENESIS_HASH } from '../custody/custody-verify';
import { verifySshsig } from '../keys/signing-key';
import { decodeManifestPath, PUBLIC_KEY_FILE, SIGNATURE_FILE } from './bag-files';
import { readFolder, readZip, type BagEntry, type BagReader } from './bag-reader';

export interface VerifyProblem {
  code: string;
  path: string | null;
  message: string;
}

export interface VerifyReport {
  intact: boolean;
  bundleId: string | null;
  fileCount: number;
  signature: 'valid' | 'invalid' | 'missing';
  signingKeyFingerprint: string | null;
  /**
   * Who made it, as far as this check can tell. The bundle carries its own public key, so a valid
   * signature only shows the files match what that key signed; anyone can change a bundle and
   * re-sign it with a key of their own. Only a fingerprint the sender gave by another channel ties
   * it to them: 'expected' when that key signed it, 'mismatch' when another key did (a problem, so
   * not intact), 'unconfirmed' when no fingerprint was given.
   */
  signer: SignerStatus;
  /** The fingerprint the check was told to expect, or null. */
  expectedKey: string | null;
  /** The plain sentence that goes with `signer`. */
  signerNote: string;
  problems: VerifyProblem[];
}

export type SignerStatus = 'unconfirmed' | 'expected' | 'mismatch';

export interface VerifyProgress {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface VerifyOptions {
  /** The signing-key fingerprint the sender gave apart from the bundle ('SHA256:…'). */
  expectKey?: string;
  signal?: AbortSignal;
  onProgress?: (p: VerifyProgress) => void;
}

const ALGORITHMS = { md5: 32, sha1: 40, sha256: 64, sha512: 128 } as const;
type Algorithm = keyof typeof ALGORITHMS;
const TAG_TEXT_LIMIT = 64 * 1024 * 1024;

/** A .zip or an extracted folder. Throws SakshyaError('BUNDLE_UNREADABLE') for input it cannot read at all. */
export async function verifyBundle(
  target: string,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  if (options.expectKey !== undefined) normalizeFingerprint(options.expectKey);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (error) {
    throw new SakshyaError('BUNDLE_UNREADABLE', `${target} cannot be read`, { cause: error });
  }
  const reader = stat.isDirectory() ? readFolderOrFail(target) : await readZip(target);
  try {
    return await checkBag(reader, options);
  } catch (error) {
    // An evidence file that cannot be read is a listed problem (see hashEntries); a bag file that
    // cannot be read (a damaged bagit.txt, manifest or custody log) leaves nothing to check against.
    if (error instanceof SakshyaError) throw error;
    throw new SakshyaError('BUNDLE_UNREADABLE', 'part of this bundle could not be read', {
      cause: error,
    });
  } finally {
    reader.close();
  }
}

async function checkBag(reader: BagReader, options: VerifyOptions): Promise<VerifyReport> {
  const { entries } = reader;
  const problems = reader.problems;
  const report = (code: string, where: string | null, message: string): void => {
    if (!problems.some((p) => p.code === code && p.path === where && p.message === message))
      problems.push({ code, path: where, message });
  };

  const bagit = entries.get('bagit.txt');
  if (bagit === undefined)
    report('missing-file', 'bagit.txt', 'bagit.txt is missing, so this is not a complete bag');
  else {
    const text = await readText(bagit);
    if (!/^BagIt-Version: 1\.\d+\r?\nTag-File-Character-Encoding: UTF-8\r?\n?$/.test(text)) {
      report('bagit', 'bagit.txt', 'bagit.txt does not declare BagIt 1.0 in UTF-8');
    }
  }

  const manifests = await readManifests(entries, 'manifest', report);
  const tagManifests = await readManifests(entries, 'tagmanifest', report);
  if (!manifests.has('sha256'))
    report('missing-file', 'manifest-sha256.txt', 'the SHA-256 manifest is missing');
  if (!tagManifests.has('sha256'))
    report('missing-file', 'tagmanifest-sha256.txt', 'the SHA-256 tag manifest is missing');

  // Which algorithms each file must be hashed with.
  const payloadPaths = [...entries.keys()].filter((p) => p.startsWith('data/')).sort();
  const wanted = new Map<string, Set<Algorithm>>();
  for (const p of payloadPaths) wanted.set(p, new Set(manifests.keys()));
  for (const [algorithm, lines] of tagManifests) {
    for (const line of lines) {
      if (!entries.has(line.path)) continue;
      const set = wanted.get(line.path) ?? new Set<Algorithm>();
      set.add(algorithm);
      wanted.set(line.path, set);
    }
  }
  const digests = await hashEntries(entries, wanted, options);

  // Tag manifests first: a manifest that fails here explains its own mismatching lines below.
  const changedManifests = new Set<string>();
  for (const [algorithm, lines] of tagManifests) {
    for (const line of lines) {
      const found = digests.get(line.path)?.[algorithm];
      if (found === undefined)
        report('missing-file', line.path, `${line.path} is listed in the tag manifest but missing`);
      else if (found !== line.hex) {
        changedManifests.add(line.path);
        report(
          'tagmanifest',
          line.path,
          `${line.path} was changed after export: it does not match the tag manifest`,
        );
      }
    }
  }

  const listed = new Set<string>();
  for (const [algorithm, lines] of manifests) {
    const manifestName = `manifest-${algorithm}.txt`;
    const inThis = new Set(lines.map((l) => l.path));
    for (const line of lines) {
      listed.add(line.path);
      const found = digests.get(line.path)?.[algorithm];
      if (!entries.has(line.path))
        report('missing-file', line.path, `${line.path} is listed in the manifest but missing`);
      else if (found !== line.hex) {
        if (changedManifests.has(manifestName)) {
          report(
            'manifest-line',
            manifestName,
            `line ${String(line.lineNumber)} of ${manifestName} (${line.path}) was changed: it no longer matches the file`,
          );
        } else {
          report(
            'hash-mismatch',
            line.path,
            `${line.path} was changed after export: it does not match its hash in the manifest`,
          );
        }
      }
    }
    for (const p of payloadPaths) {
      if (!inThis.has(p) && lines.length > 0)
        report('manifest-line', manifestName, `${p} is not listed in ${manifestName}`);
    }
  }
  for (const p of payloadPaths) {
    if (!listed.has(p))
      report(
        'extra-file',
        p,
        `${p} is in the bundle but in no manifest: it was added after export`,
      );
  }
  const knownTags = new Set([
    'bagit.txt',
    'bag-info.txt',
    'README.txt',
    PUBLIC_KEY_FILE,
    SIGNATURE_FILE,
  ]);
  for (const p of entries.keys()) {
    if (p.startsWith('data/') || knownTags.has(p) || /^(tag)?manifest-[a-z0-9]+\.txt$/.test(p))
      continue;
    // Only the SHA-256 tag manifest is signed, so only it can vouch for a file outside data/.
    if (!(tagManifests.get('sha256') ?? []).some((l) => l.path === p)) {
      report(
        'extra-file',
        p,
        `${p} is in the bundle but in no manifest: it was added after export`,
      );
    }
  }

  const bagInfoEntry = entries.get('bag-info.txt');
  const bagInfo =
    bagInfoEntry === undefined
      ? new Map<string, string>()
      : parseBagInfo(await readText(bagInfoEntry));
  if (bagInfoEntry === undefined) report('missing-file', 'bag-info.txt', 'bag-info.txt is missing');
  const oxum = bagInfo.get('payload-oxum');
  const actualOxum = `${String(payloadPaths.reduce((n, p) => n + (entries.get(p)?.size ?? 0), 0))}.${String(payloadPaths.length)}`;
  if (oxum !== undefined && oxum !== actualOxum) {
    report(
      'oxum',
      'bag-info.txt',
      `Payload-Oxum says ${oxum} (bytes.files) but the bundle holds ${actualOxum}`,
    );
  }

  const signature = await checkSignature(entries, bagInfo, report);
  const custody = entries.get('data/custody-log.jsonl');
  if (custody !== undefined)
    for (const problem of checkCustodyLog(await readText(custody)))
      report('custody-chain', 'data/custody-log.jsonl', problem);
  const expectedKey =
    options.expectKey === undefined ? null : normalizeFingerprint(options.expectKey);
  const signer = judgeSigner(signature, expectedKey);
  if (signer === 'mismatch') {
    report(
      'signer-mismatch',
      PUBLIC_KEY_FILE,
      `this bundle was not signed with the key the sender gave (${expectedKey ?? ''}); ${
        signature.status === 'valid'
          ? `it was signed with ${signature.fingerprint ?? 'another key'}`
          : 'its signature is not valid'
      }. Someone else may have made or changed it`,
    );
  }

  return {
    intact: problems.length === 0,
    bundleId: bagInfo.get('external-identifier') ?? null,
    fileCount: payloadPaths.length,
    signature: signature.status,
    signingKeyFingerprint: signature.fingerprint,
    signer,
    expectedKey,
    signerNote: SIGNER_NOTES[signer],
    problems,
  };
}

const SIGNER_NOTES: Record<SignerStatus, string> = {
  unconfirmed:
    'The bundle is internally consistent, but who made it is not confirmed: anyone can re-sign a changed bundle with a key of their own. Ask the sender for the signing-key fingerprint by another channel (a message, a phone call, the covering letter) and check with --expect-key.',
  expected: "It was signed with the key the sender gave you: it is the sender's bundle, unchanged.",
  mismatch:
    'It was NOT signed with the key the sender gave you. Do not rely on it: someone else may have made or changed it.',
};

function judgeSigner(
  signature: { status: 'valid' | 'invalid' | 'missing'; fingerprint: string | null },
  expectedKey: string | null,
): SignerStatus {
  if (expectedKey === null) return 'unconfirmed';
  return signature.status === 'valid' && signature.fingerprint === expectedKey
    ? 'expected'
    : 'mismatch';
}

/**
 * 'SHA256:' and 43 base64 characters, as `ssh-keygen -l` and Sakshya print it. Spaces a person or a
 * messenger added are dropped, and the prefix may be left out; anything else is refused, because a
 * mistyped fingerprint must not quietly read as "another key signed it".
 */
export function normalizeFingerprint(text: string): string {
  const compact = text.replace(/\s+/g, '');
  const body = /^sha256:/i.test(compact) ? compact.slice('sha256:'.length) : compact;
  if (!/^[A-Za-z0-9+/]{43}$/.test(body)) {
    throw new SakshyaError(
      'INVALID_INPUT',
      'a signing-key fingerprint looks like SHA256: followed by 43 letters, digits, + or /',
    );
  }
  return `SHA256:${body}`;
}

interface ManifestLine {
  hex: string;
  path: string;
  lineNumber: number;
}

type Report = (code: string, where: string | null, message: string) => void;

async function readManifests(
  entries: Map<string, BagEntry>,
  kind: 'manifest' | 'tagmanifest',
  report: Report,
): Promise<Map<Algorithm, ManifestLine[]>> {
  const out = new Map<Algorithm, ManifestLine[]>();
  for (const algorithm of Object.keys(ALGORITHMS) as Algorithm[]) {
    const name = `${kind}-${algorithm}.txt`;
    const entry = entries.get(name);
    if (entry === undefined) continue;
    const lines: ManifestLine[] = [];
    (await readText(entry)).split(/\r?\n/).forEach((raw, index) => {
      if (raw.trim() === '') return;
      const match = /^([0-9a-fA-F]+)[ \t]+\*?(.+)$/.exec(raw);
      const hex = match?.[1]?.toLowerCase();
      const encoded = match?.[2];
      if (hex === undefined || encoded === undefined || hex.length !== ALGORITHMS[algorithm]) {
        report(
          'manifest-line',
          name,
          `line ${String(index + 1)} of ${name} is not '<hash>  <path>'`,
        );
        return;
      }
      // Compared in NFC, as the bag's own names are (bag-reader.ts).
      const file = decodeManifestPath(encoded).normalize('NFC');
      const unsafe = file.startsWith('/') || file.split('/').includes('..') || file.includes('\\');
      if (unsafe || (kind === 'manifest') !== file.startsWith('data/')) {
        report(
          'manifest-line',
          name,
          `line ${String(index + 1)} of ${name} names ${file}, which does not belong in it`,
        );
        return;
      }
      lines.push({ hex, path: file, lineNumber: index + 1 });
    });
    out.set(algorithm, lines);
  }
  return out;
}

async function hashEntries(
  entries: Map<string, BagEntry>,
  wanted: Map<string, Set<Algorithm>>,
  options: VerifyOptions,
): Promise<Map<string, Partial<Record<Algorithm, string>>>> {
  const out = new Map<string, Partial<Record<Algorithm, string>>>();
  const jobs = [...wanted].filter(([p, algs]) => entries.has(p) && algs.size > 0);
  const progress: VerifyProgress = {
    done: 0,
    total: jobs.length,
    bytesDone: 0,
    bytesTotal: jobs.reduce((n, [p]) => n + (entries.get(p)?.size ?? 0), 0),
  };
  options.onProgress?.({ ...progress });
  for (const [p, algorithms] of jobs) {
    if (options.signal?.aborted === true)
      throw new SakshyaError('CANCELLED', 'the check was cancelled');
    const entry = entries.get(p);
    if (entry === undefined) continue;
    const hashes: [Algorithm, Hash][] = [...algorithms].map((a) => [a, createHash(a)]);
    try {
      await pipeline(
        await entry.open(),
        new Writable({
          write(chunk: Buffer, _encoding, callback) {
            for (const [, hash] of hashes) hash.update(chunk);
            progress.bytesDone += chunk.length;
            callback();
          },
        }),
      );
    } catch {
      // An entry that cannot be read (damaged compressed data) matches nothing: reported below.
      out.set(p, {});
      continue;
    }
    const result: Partial<Record<Algorithm, string>> = {};
    for (const [algorithm, hash] of hashes) result[algorithm] = hash.digest('hex');
    out.set(p, result);
    progress.done += 1;
    options.onProgress?.({ ...progress });
  }
  return out;
}

function parseBagInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && last !== null) {
      out.set(last, `${out.get(last) ?? ''} ${line.trim()}`);
      continue;
    }
    const at = line.indexOf(':');
    if (at <= 0) continue;
    last = line.slice(0, at).trim().toLowerCase();
    out.set(last, line.slice(at + 1).trim());
  }
  return out;
}

async function checkSignature(
  entries: Map<string, BagEntry>,
  bagInfo: Map<string, string>,
  report: Report,
): Promise<{ status: VerifyReport['signature']; fingerprint: string | null }> {
  const sigEntry = entries.get(SIGNATURE_FILE);
  const keyEntry = entries.get(PUBLIC_KEY_FILE);
  const signed = entries.get('tagmanifest-sha256.txt');
  if (sigEntry === undefined || keyEntry === undefined || signed === undefined) {
    report(
      'signature',
      sigEntry === undefined ? SIGNATURE_FILE : PUBLIC_KEY_FILE,
      'the bundle is not signed (the signature or its public key is missing)',
    );
    return { status: 'missing', fingerprint: null };
  }
  const check = verifySshsig(
    await readText(sigEntry),
    await readBytes(signed),
    await readText(keyEntry),
  );
  if (!check.valid) {
    report('signature', SIGNATURE_FILE, `the signature is not valid: ${check.reason}`);
    return { status: 'invalid', fingerprint: check.fingerprint };
  }
  const claimed = bagInfo.get('signing-key-fingerprint');
  if (claimed !== undefined && claimed !== check.fingerprint) {
    report(
      'signature',
      'bag-info.txt',
      `bag-info.txt names key ${claimed}, but the bundle was signed with ${check.fingerprint}`,
    );
  }
  return { status: 'valid', fingerprint: check.fingerprint };
}

/**
 * The exported custody chain: every entry links to the one before, from the first; entries shown
 * whole must hash to their recorded hash (recipe in custody-verify.ts); redacted ones, about other
 * cases, can only be checked for their place in the chain.
 */
export function checkCustodyLog(text: string): string[] {
  const problems: string[] = [];
  let previous = GENESIS_HASH;
  let expectedSeq = 1;
  for (const [index, raw] of text.split('\n').entries()) {
    if (raw.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      problems.push(`line ${String(index + 1)} is not JSON`);
      continue;
    }
    const entry = toLogEntry(parsed);
    if (entry === null) {
      problems.push(`line ${String(index + 1)} is not a custody entry`);
      continue;
    }
    if (entry.seq !== expectedSeq)
      problems.push(
        `entry ${String(entry.seq)} is out of place (expected entry ${String(expectedSeq)})`,
      );
    if (entry.prevHash !== previous)
      problems.push(`entry ${String(entry.seq)} does not link to the entry before it`);
    if (entry.full !== null) {
      let recomputed: string | null = null;
      try {
        recomputed = computeCustodyHash({
          ...entry.full,
          seq: entry.seq,
          prevHash: entry.prevHash,
        });
      } catch {
        recomputed = null;
      }
      if (recomputed !== entry.hash)
        problems.push(`entry ${String(entry.seq)} was changed after it was recorded`);
    }
    previous = entry.hash;
    expectedSeq = entry.seq + 1;
  }
  return problems;
}

interface LogEntry {
  seq: number;
  prevHash: string;
  hash: string;
  full: { at: string; action: string; subject: string; details: unknown } | null;
}

function toLogEntry(value: unknown): LogEntry | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.seq !== 'number' || typeof v.prev_hash !== 'string' || typeof v.hash !== 'string')
    return null;
  const full =
    v.redacted === true
      ? null
      : {
          at: String(v.at),
          action: String(v.action),
          subject: String(v.subject),
          details: v.details,
        };
  return { seq: v.seq, prevHash: v.prev_hash, hash: v.hash, full };
}

async function readBytes(entry: BagEntry): Promise<Buffer> {
  if (entry.size > TAG_TEXT_LIMIT) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of await entry.open()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readText(entry: BagEntry): Promise<string> {
  return (await readBytes(entry)).toString('utf8');
}

function readFolderOrFail(target: string): ReturnType<typeof readFolder> {
  try {
    return readFolder(target);
  } catch (error) {
    if (error instanceof SakshyaError) throw error;
    throw new SakshyaError('BUNDLE_UNREADABLE', 'this folder could not be read', { cause: error });
  }
}
