// A small, pure passphrase strength estimate. zxcvbn would be more precise but adds about 400 KB of
// dictionaries to a bundle we keep small, and we only need to steer people away from short, common or
// repetitive choices towards a few words they can remember. The core still enforces its own minimum.

export type StrengthScore = 0 | 1 | 2 | 3 | 4;
export type StrengthHint = 'tooShort' | 'common' | 'repetitive' | 'moreWords';

export interface PassphraseStrength {
  score: StrengthScore;
  /** Whether setup may continue with this passphrase. */
  acceptable: boolean;
  hints: StrengthHint[];
}

export const MIN_LENGTH = 10;
const ACCEPTABLE_SCORE = 2;

// The passwords people reach for first, including Indian favourites. Matched after lower-casing and
// dropping trailing digits and symbols, so "Password@123" counts as "password".
const COMMON = new Set([
  '123456',
  '12345678',
  '123456789',
  '1234567890',
  'password',
  'passw0rd',
  'qwerty',
  'qwertyuiop',
  'asdfgh',
  'asdfghjkl',
  'zxcvbnm',
  'abc',
  'abcd',
  'abcdef',
  'abcdefgh',
  'iloveyou',
  'admin',
  'welcome',
  'letmein',
  'monkey',
  'dragon',
  'sunshine',
  'princess',
  'football',
  'cricket',
  'baseball',
  'master',
  'superman',
  'batman',
  'shadow',
  'trustno',
  'secret',
  'india',
  'bharat',
  'hindustan',
  'jaihind',
  'krishna',
  'ganesh',
  'shiva',
  'omnamahshivaya',
  'saibaba',
  'jaishreeram',
  'mumbai',
  'delhi',
  'pune',
  'sachin',
  'dhoni',
  'virat',
  'love',
  'loveyou',
  'mylove',
  'sakshya',
  'changeme',
  'default',
  'mobile',
  'computer',
  'internet',
  'whatsapp',
]);

export function estimatePassphraseStrength(passphrase: string): PassphraseStrength {
  // Code points, not graphemes: a Devanagari conjunct counting as several characters is fine here.
  const chars = Array.from(passphrase);
  if (chars.length === 0) return { score: 0, acceptable: false, hints: ['tooShort'] };

  const hints: StrengthHint[] = [];
  const common = isCommon(passphrase);
  const repetitive = isRepetitive(chars);
  if (chars.length < MIN_LENGTH) hints.push('tooShort');
  if (common) hints.push('common');
  if (repetitive) hints.push('repetitive');

  const bits = estimateBits(chars);
  let score = scoreFromBits(bits);
  if (common || repetitive) score = Math.min(score, 1) as StrengthScore;
  if (chars.length < MIN_LENGTH) score = Math.min(score, 1) as StrengthScore;
  if (score < 3 && !hints.includes('common') && countWords(passphrase) < 3) hints.push('moreWords');

  return { score, acceptable: score >= ACCEPTABLE_SCORE && chars.length >= MIN_LENGTH, hints };
}

function isCommon(passphrase: string): boolean {
  // ASCII digits and symbols only: \W would also strip Devanagari letters.
  const core = passphrase.toLowerCase().replace(/^[\s\d!-/:-@[-`{-~]+|[\s\d!-/:-@[-`{-~]+$/g, '');
  const compact = passphrase.toLowerCase().replace(/\s+/g, '');
  const onlyDigitsAndSymbols = core === '' && Array.from(passphrase).length < 16;
  return onlyDigitsAndSymbols || COMMON.has(core) || COMMON.has(compact);
}

/** Few distinct characters, or a run like "aaaa" or "abcd" / "1234" making up most of it. */
function isRepetitive(chars: string[]): boolean {
  const distinct = new Set(chars).size;
  if (distinct <= Math.max(2, Math.floor(chars.length / 4))) return true;
  let stepRun = 1;
  let longest = 1;
  for (let i = 1; i < chars.length; i++) {
    const step = (chars[i]?.codePointAt(0) ?? 0) - (chars[i - 1]?.codePointAt(0) ?? 0);
    stepRun = step === 0 || step === 1 || step === -1 ? stepRun + 1 : 1;
    longest = Math.max(longest, stepRun);
  }
  return longest >= Math.max(4, Math.ceil(chars.length * 0.6));
}

/** Length times the bits per character of the character classes used, as a rough upper bound. */
function estimateBits(chars: string[]): number {
  let pool = 0;
  const classes: [RegExp, number][] = [
    [/[a-z]/, 26],
    [/[A-Z]/, 26],
    [/[0-9]/, 10],
    [/[ ]/, 1],
    [/[!-/:-@[-`{-~]/, 32],
    // Devanagari and any other script: a large pool, so Hindi passphrases are not undervalued.
    [/[^\p{ASCII}]/u, 64],
  ];
  for (const [pattern, size] of classes) if (chars.some((c) => pattern.test(c))) pool += size;
  // Repeated characters add little: count each distinct character fully, repeats at a third.
  const distinct = new Set(chars).size;
  const effectiveLength = distinct + (chars.length - distinct) / 3;
  return effectiveLength * Math.log2(Math.max(pool, 2));
}

function scoreFromBits(bits: number): StrengthScore {
  if (bits < 30) return 0;
  if (bits < 45) return 1;
  if (bits < 60) return 2;
  if (bits < 80) return 3;
  return 4;
}

function countWords(passphrase: string): number {
  return passphrase.split(/[\s\-_.,]+/u).filter((w) => w.length >= 2).length;
}

/**
 * What is wrong with a new passphrase and its repetition, checked on submit by every screen that
 * sets one (first run, recovery, Settings): too weak first, then the two not matching.
 */
export function findNewPassphraseProblem(
  value: string,
  confirm: string,
): { key: 'passphrase.weak' } | { key: 'passphrase.mismatch' } | null {
  if (!estimatePassphraseStrength(value).acceptable) return { key: 'passphrase.weak' };
  if (value !== confirm) return { key: 'passphrase.mismatch' };
  return null;
}
