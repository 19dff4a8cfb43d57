// Why main/core/age is written by hand: our age on node:crypto against the `age-encryption` npm
// package (typage, pure JavaScript via @noble), same files, same recipient, same run. Reported as
// MiB/s and as a ratio; encrypt and decrypt of 300 KiB (a screenshot) and 16 MiB (a video), plus
// one scrypt unlock at the vault's work factor.
import { randomBytes } from 'node:crypto';
import * as typage from 'age-encryption';
import {
  decryptBuffer,
  encryptBuffer,
  generateX25519Identity,
  parseIdentity,
  parseRecipient,
} from '../main/core/age';

const KiB = 1024;
const MiB = 1024 * KiB;
const SIZES = [300 * KiB, 16 * MiB];
const VAULT_LOG_N = Number(process.env.BENCH_AGE_LOG_N ?? 18);

/**
 * Best of `rounds` timings of each, in MiB/s, taken in turns (ours, theirs, ours, …) so that both
 * see the same moments of a shared machine; the best of many is the least disturbed.
 */
async function mibPerSecondInTurns(
  bytes: number,
  rounds: number,
  ours: () => unknown,
  theirs: () => unknown,
): Promise<[number, number]> {
  const best = [Infinity, Infinity];
  for (let round = 0; round < rounds; round++) {
    for (const [index, work] of [ours, theirs].entries()) {
      const start = process.hrtime.bigint();
      await work();
      best[index] = Math.min(
        best[index] ?? Infinity,
        Number(process.hrtime.bigint() - start) / 1e9,
      );
    }
  }
  return [bytes / MiB / (best[0] ?? Infinity), bytes / MiB / (best[1] ?? Infinity)];
}

async function secondsOf(work: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export async function runAgeSpeedBench(): Promise<void> {
  const { identity, recipient } = generateX25519Identity();
  const ourRecipients = [parseRecipient(recipient)];
  const ourIdentities = [parseIdentity(identity)];
  const encrypter = new typage.Encrypter();
  encrypter.addRecipient(recipient);
  const decrypter = new typage.Decrypter();
  decrypter.addIdentity(identity);

  console.log('size      step     ours MiB/s  age-encryption MiB/s  ours ÷ theirs');
  for (const size of SIZES) {
    const plain = randomBytes(size);
    const rounds = size < MiB ? 60 : 25;
    const sealed = encryptBuffer(plain, ourRecipients);
    const rows: [string, number, number][] = [
      [
        'encrypt',
        ...(await mibPerSecondInTurns(
          size,
          rounds,
          () => encryptBuffer(plain, ourRecipients),
          () => encrypter.encrypt(plain),
        )),
      ],
      [
        'decrypt',
        ...(await mibPerSecondInTurns(
          size,
          rounds,
          () => decryptBuffer(sealed, ourIdentities),
          () => decrypter.decrypt(sealed),
        )),
      ],
    ];
    for (const [step, ours, theirs] of rows) {
      const label = size < MiB ? `${size / KiB} KiB` : `${size / MiB} MiB`;
      console.log(
        `${label.padEnd(9)} ${step.padEnd(8)} ${ours.toFixed(0).padStart(10)}  ${theirs.toFixed(0).padStart(20)}  ${(ours / theirs).toFixed(1).padStart(12)}×`,
      );
    }
  }

  // One passphrase unwrap at the vault's work factor (the unlock's key derivation).
  const passphrase = 'monsoon tea on the terrace';
  const locked = encryptBuffer(randomBytes(32), [
    { kind: 'scrypt', passphrase, logN: VAULT_LOG_N },
  ]);
  const ours = await secondsOf(() => decryptBuffer(locked, [{ kind: 'scrypt', passphrase }]));
  const theirsDecrypter = new typage.Decrypter();
  theirsDecrypter.addPassphrase(passphrase);
  const theirs = await secondsOf(() => theirsDecrypter.decrypt(locked));
  console.log(
    `scrypt unwrap, logN ${VAULT_LOG_N}: ours ${ours.toFixed(2)} s, age-encryption ${theirs.toFixed(2)} s, ours ÷ theirs ${(theirs / ours).toFixed(1)}× faster`,
  );
}
