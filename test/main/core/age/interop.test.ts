// Cross-checks against two independent implementations: the Go reference `age` command and the
// `age-encryption` npm package (typage). Both directions, buffer and stream APIs.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as oracle from 'age-encryption';
import { describe, expect, it } from 'vitest';
import {
  decryptBuffer,
  encryptBuffer,
  generateX25519Identity,
  parseIdentity,
  parseRecipient,
  type AgeIdentity,
} from '../../../../main/core/age';
import { makeTempDir } from '../../../helpers/temp-dir';
import { decryptWithStream, encryptWithStream } from './age-test-helpers';

const SIZES = [0, 1, 65536, 65537, 10 * 1024 * 1024];
const plaintexts = new Map(SIZES.map((size) => [size, crypto.randomBytes(size)]));

function plaintextOf(size: number): Buffer {
  const data = plaintexts.get(size);
  if (data === undefined) throw new Error(`no plaintext of ${size} bytes`);
  return data;
}

/** Runs the age command in `dir` and returns its standard output. */
function runAge(args: string[], dir: string): Buffer {
  const result = spawnSync('age', args, { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
  expect(result.stderr.toString()).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('interoperability with the age command-line tool', () => {
  const keys = generateX25519Identity();
  const identities: AgeIdentity[] = [parseIdentity(keys.identity)];

  function writeKeyFile(folder: string): string {
    const keyFile = path.join(folder, 'key.txt');
    fs.writeFileSync(keyFile, `${keys.identity}\n`, { mode: 0o600 });
    return keyFile;
  }

  for (const size of SIZES) {
    it(`age decrypts what we encrypt (${size} bytes, buffer and stream)`, async () => {
      const folder = makeTempDir();
      const keyFile = writeKeyFile(folder);
      const plain = plaintextOf(size);
      const recipients = [parseRecipient(keys.recipient)];
      fs.writeFileSync(path.join(folder, 'buffer.age'), encryptBuffer(plain, recipients));
      fs.writeFileSync(
        path.join(folder, 'stream.age'),
        await encryptWithStream(plain, recipients, 50_000),
      );
      for (const name of ['buffer', 'stream']) {
        expect(runAge(['-d', '-i', keyFile, `${name}.age`], folder).equals(plain)).toBe(true);
      }
    });

    it(`we decrypt what age encrypts (${size} bytes, buffer and stream)`, async () => {
      const folder = makeTempDir();
      const plain = plaintextOf(size);
      fs.writeFileSync(path.join(folder, 'plain'), plain);
      runAge(['-r', keys.recipient, '-o', 'file.age', 'plain'], folder);
      const sealed = fs.readFileSync(path.join(folder, 'file.age'));
      expect(decryptBuffer(sealed, identities).equals(plain)).toBe(true);
      expect((await decryptWithStream(sealed, identities, 65536)).equals(plain)).toBe(true);
    });
  }

  it('decrypts files that age writes in ASCII armor', async () => {
    const dir = makeTempDir();
    const plain = plaintextOf(65537);
    fs.writeFileSync(path.join(dir, 'plain'), plain);
    runAge(['-a', '-r', keys.recipient, '-o', 'armored.age', 'plain'], dir);
    const armored = fs.readFileSync(path.join(dir, 'armored.age'));
    expect(armored.subarray(0, 34).toString()).toBe('-----BEGIN AGE ENCRYPTED FILE-----');
    expect(decryptBuffer(armored, identities).equals(plain)).toBe(true);
    expect((await decryptWithStream(armored, identities, 1000)).equals(plain)).toBe(true);
  });

  it('writes files age can decrypt with a key file holding several identities', () => {
    const other = generateX25519Identity();
    const folder = makeTempDir();
    fs.writeFileSync(path.join(folder, 'keys.txt'), `${other.identity}\n${keys.identity}\n`, {
      mode: 0o600,
    });
    const sealed = encryptBuffer(Buffer.from('two recipients'), [
      parseRecipient(generateX25519Identity().recipient),
      parseRecipient(keys.recipient),
    ]);
    fs.writeFileSync(path.join(folder, 'file.age'), sealed);
    expect(runAge(['-d', '-i', 'keys.txt', 'file.age'], folder).toString()).toBe('two recipients');
  });
});

describe('interoperability with the age-encryption package', () => {
  for (const size of SIZES) {
    it(`exchanges X25519 files both ways (${size} bytes)`, async () => {
      const plain = plaintextOf(size);
      const identity = await oracle.generateX25519Identity();
      const recipient = await oracle.identityToRecipient(identity);
      const ours =
        size % 2 === 0
          ? encryptBuffer(plain, [parseRecipient(recipient)])
          : await encryptWithStream(plain, [parseRecipient(recipient)]);
      const decrypter = new oracle.Decrypter();
      decrypter.addIdentity(identity);
      expect(Buffer.from(await decrypter.decrypt(ours)).equals(plain)).toBe(true);

      const encrypter = new oracle.Encrypter();
      encrypter.addRecipient(recipient);
      const theirs = await encrypter.encrypt(plain);
      const identities = [parseIdentity(identity)];
      expect(decryptBuffer(theirs, identities).equals(plain)).toBe(true);
      expect((await decryptWithStream(theirs, identities, 12345)).equals(plain)).toBe(true);
    });
  }

  it('exchanges passphrase (scrypt) files both ways', async () => {
    const passphrase = 'correct horse बैटरी staple';
    for (const size of [0, 65537]) {
      const plain = plaintextOf(size);
      const ours = encryptBuffer(plain, [{ kind: 'scrypt', passphrase, logN: 10 }]);
      const oursStreamed = await encryptWithStream(plain, [
        { kind: 'scrypt', passphrase, logN: 10 },
      ]);
      const decrypter = new oracle.Decrypter();
      decrypter.addPassphrase(passphrase);
      expect(Buffer.from(await decrypter.decrypt(ours)).equals(plain)).toBe(true);
      expect(Buffer.from(await decrypter.decrypt(oursStreamed)).equals(plain)).toBe(true);

      const encrypter = new oracle.Encrypter();
      encrypter.setPassphrase(passphrase);
      encrypter.setScryptWorkFactor(10);
      const theirs = await encrypter.encrypt(plain);
      const identities: AgeIdentity[] = [{ kind: 'scrypt', passphrase }];
      expect(decryptBuffer(theirs, identities).equals(plain)).toBe(true);
      expect((await decryptWithStream(theirs, identities)).equals(plain)).toBe(true);
    }
  });
});
