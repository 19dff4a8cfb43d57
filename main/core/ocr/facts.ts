// Facts picked out of text read from a picture: Indian phone numbers (normalised to E.164 by the
// same rule the case uses, people/phone-numbers.ts), UPI IDs, amounts in rupees, links and e-mail
// addresses. Written as patterns here because no library covers UPI IDs or ₹ amounts; phone
// candidates are found with a pattern that tolerates the spaces and dashes OCR leaves, then
// confirmed by libphonenumber through normalisePhoneNumber.
import type { EvidenceFact } from '../db/repositories/evidence-text';
import { normalisePhoneNumber } from '../people/phone-numbers';

/** Payment apps' UPI handles (the part after @) that are not e-mail domains. */
const EMAIL_DOMAIN = /\.[a-z]{2,}$/i;

const PHONE = /(?<![\d+])(?:(?:\+|00)\s?91[\s-]?|\b91[\s-]|\b0)?[6-9]\d(?:[\s-]?\d){8}(?!\d)/gu;
const EMAIL_OR_UPI = /(?<![\w.@-])[\w.-]{2,64}@[a-z][\w.-]{1,63}(?![\w@])/giu;
const URL =
  /\b(?:https?:\/\/|www\.)[^\s<>"'()]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:in|com|co\.in|net|org|app|ly|link|me|io)\/[^\s<>"'()]*/giu;
// ₹ (and the "¥" or "%" OCR sometimes makes of it), Rs, Rs., INR or रु, then the amount.
const AMOUNT =
  /(?:₹|¥|\bRs\.?|\bINR|रु\.?|रुपये)\s?((?:\d{1,3}(?:,\d{2,3})+|\d+)(?:\.\d{1,2})?)|((?:\d{1,3}(?:,\d{2,3})+|\d+)(?:\.\d{1,2})?)\s?(?:rupees|रुपये|रुपए)/giu;

export function extractFacts(text: string, defaultRegion = 'IN'): EvidenceFact[] {
  const facts = new Map<string, EvidenceFact>();
  const add = (fact: EvidenceFact): void => {
    const key = `${fact.kind} ${fact.value}`;
    if (!facts.has(key)) facts.set(key, fact);
  };
  for (const match of text.matchAll(EMAIL_OR_UPI)) {
    const shown = match[0].replace(/[.-]+$/u, '');
    const value = shown.toLowerCase();
    const domain = value.slice(value.indexOf('@') + 1);
    add({ kind: EMAIL_DOMAIN.test(domain) ? 'email' : 'upi', value, shown });
  }
  for (const match of text.matchAll(URL)) {
    const shown = match[0].replace(/[.,;:!?]+$/u, '');
    if (shown.includes('@')) continue;
    add({ kind: 'url', value: shown, shown });
  }
  for (const match of text.matchAll(PHONE)) {
    const shown = match[0].trim();
    const value = normalisePhoneNumber(shown.replace(/^00/, '+'), defaultRegion);
    if (value !== null) add({ kind: 'phone', value, shown });
  }
  for (const match of text.matchAll(AMOUNT)) {
    const digits = match[1] ?? match[2];
    if (digits === undefined) continue;
    const value = normaliseAmount(digits);
    if (value !== null) add({ kind: 'amount', value, shown: match[0].trim() });
  }
  return [...facts.values()];
}

/** "4,500" → "4500"; "1,20,000.50" → "120000.50"; nothing for zero. */
function normaliseAmount(digits: string): string | null {
  const plain = digits.replaceAll(',', '');
  const [whole = '', fraction] = plain.split('.');
  const trimmed = whole.replace(/^0+(?=\d)/u, '');
  if (/^0*$/u.test(trimmed) && (fraction === undefined || /^0*$/u.test(fraction))) return null;
  return fraction === undefined ? trimmed : `${trimmed}.${fraction.padEnd(2, '0')}`;
}
