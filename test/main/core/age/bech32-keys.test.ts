import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bech32 } from '@scure/base';
import * as oracle from 'age-encryption';
import { describe, expect, it } from 'vitest';
import {
  decryptBuffer,
  encryptBuffer,
  generateX25519Identity,
  identityToRecipient,
  parseIdentity,
  parseIdentityFile,
  parseRecipient,
} from '../../../../main/core/age';
import { SakshyaError } from '../../../../shared/errors';
import { makeTempDir } from '../../../helpers/temp-dir';

// The example keys from the age specification.
const SPEC_IDENTITY = 'AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX';
const SPEC_RECIPIENT = 'age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj';

describe('age key strings', () => {
  it('derives the recipient given in the specification from its identity', () => {
    expect(identityToRecipient(SPEC_IDENTITY)).toBe(SPEC_RECIPIENT);
  });

  it('round-trips the key bytes through Bech32', () => {
    const identity = parseIdentity(SPEC_IDENTITY);
    expect(identity.kind).toBe('x25519');
    if (identity.kind !== 'x25519') return;
    expect(Buffer.from(identity.secretKey).toString('hex')).toBe('42'.repeat(32));
    const reencoded = bech32.encode('age-secret-key-', bech32.toWords(identity.secretKey), false);
    expect(reencoded.toUpperCase()).toBe(SPEC_IDENTITY);
    const recipient = parseRecipient(SPEC_RECIPIENT);
    if (recipient.kind !== 'x25519') throw new Error('expected an X25519 recipient');
    expect(bech32.encode('age', bech32.toWords(recipient.publicKey), false)).toBe(SPEC_RECIPIENT);
  });

  it('generates identities in the expected form that agree with the reference library', () => {
    const { identity, recipient } = generateX25519Identity();
    expect(identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    expect(recipient).toMatch(/^age1[0-9a-z]{58}$/);
    expect(identityToRecipient(identity)).toBe(recipient);
    return expect(oracle.identityToRecipient(identity)).resolves.toBe(recipient);
  });

  it('generates a different identity every time', () => {
    expect(generateX25519Identity().identity).not.toBe(generateX25519Identity().identity);
  });

  it('rejects malformed, wrongly cased, mistyped and wrong-length keys', () => {
    const bad = [
      '',
      'AGE-SECRET-KEY-1',
      SPEC_IDENTITY.toLowerCase(),
      `${SPEC_IDENTITY.slice(0, -1)}Y`,
      SPEC_IDENTITY.slice(0, 20) + SPEC_IDENTITY.slice(20).toLowerCase(),
      bech32.encode('age-secret-key-', bech32.toWords(new Uint8Array(31)), false).toUpperCase(),
      bech32.encode('age-secret-key-', bech32.toWords(new Uint8Array(33)), false).toUpperCase(),
      SPEC_RECIPIENT,
    ];
    for (const text of bad) expect(() => parseIdentity(text)).toThrow(SakshyaError);
    const badRecipients = [
      SPEC_RECIPIENT.toUpperCase(),
      `${SPEC_RECIPIENT.slice(0, -1)}q`,
      bech32.encode('age', bech32.toWords(new Uint8Array(31)), false),
      bech32.encode('agex', bech32.toWords(new Uint8Array(32)), false),
      SPEC_IDENTITY,
    ];
    for (const text of badRecipients) expect(() => parseRecipient(text)).toThrow(SakshyaError);
  });

  it('reads identity files, skipping comments and blank lines', () => {
    const { identity } = generateX25519Identity();
    const text = `# created: today\r\n# public key: x\n\n${SPEC_IDENTITY}\r\n  \n${identity}\n`;
    const parsed = parseIdentityFile(text);
    expect(parsed).toHaveLength(2);
    expect(parsed[0]).toEqual(parseIdentity(SPEC_IDENTITY));
    expect(parsed[1]).toEqual(parseIdentity(identity));
    expect(() => parseIdentityFile('# only a comment\n')).toThrow(SakshyaError);
    expect(() => parseIdentityFile(`${SPEC_IDENTITY}\nnot a key\n`)).toThrow(SakshyaError);
  });
});

describe('age keys with the age command-line tool', () => {
  it('parses an age-keygen key file and derives the public key it prints', () => {
    const dir = makeTempDir();
    const keyFile = path.join(dir, 'key.txt');
    const result = spawnSync('age-keygen', ['-o', keyFile], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const text = fs.readFileSync(keyFile, 'utf8');
    const printed = /^# public key: (age1[0-9a-z]+)$/m.exec(text)?.[1];
    const secret = /^(AGE-SECRET-KEY-1[0-9A-Z]+)$/m.exec(text)?.[1];
    expect(printed).toBeDefined();
    expect(identityToRecipient(secret ?? '')).toBe(printed);
    const identities = parseIdentityFile(text);
    const sealed = encryptBuffer(Buffer.from('for the keygen key'), [
      parseRecipient(printed ?? ''),
    ]);
    expect(decryptBuffer(sealed, identities).toString()).toBe('for the keygen key');
  });

  it('produces identities that age -d -i accepts', () => {
    const dir = makeTempDir();
    const { identity, recipient } = generateX25519Identity();
    const keyFile = path.join(dir, 'key.txt');
    fs.writeFileSync(keyFile, `# ours\n${identity}\n`, { mode: 0o600 });
    const sealed = encryptBuffer(Buffer.from('opened by age'), [parseRecipient(recipient)]);
    const result = spawnSync('age', ['-d', '-i', keyFile], { input: sealed });
    expect(result.stderr.toString()).toBe('');
    expect(result.stdout.toString()).toBe('opened by age');
  });
});
