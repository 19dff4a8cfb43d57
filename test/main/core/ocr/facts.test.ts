import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../../../main/core/ocr/facts';

function values(text: string, kind: string): string[] {
  return extractFacts(text)
    .filter((fact) => fact.kind === kind)
    .map((fact) => fact.value);
}

describe('extractFacts', () => {
  it('finds Indian phone numbers however OCR spaced them, in the case’s E.164 form', () => {
    const text =
      '+91 98765 43210 called. Also 098765-43210, 9123456789 and 0091 70000 12345. Order 12345678901234 is not a number.';
    expect(values(text, 'phone')).toEqual(['+919876543210', '+919123456789', '+917000012345']);
    expect(values('Ref 5555 5555 55', 'phone')).toEqual([]);
  });

  it('tells UPI IDs from e-mail addresses, lower-cased', () => {
    const facts = extractFacts(
      'Pay to FastLoan@okaxis or 9876543210@ybl; mail recovery@fastloan.in.',
    );
    expect(facts.filter((f) => f.kind === 'upi').map((f) => f.value)).toEqual([
      'fastloan@okaxis',
      '9876543210@ybl',
    ]);
    expect(facts.filter((f) => f.kind === 'email').map((f) => f.value)).toEqual([
      'recovery@fastloan.in',
    ]);
  });

  it('finds amounts in rupees written with ₹, Rs, INR or in Hindi, with Indian digit grouping', () => {
    const text =
      'Pay ₹5,000 now, Rs. 1,20,000.5 total, INR 450 fee, रु 300 और 700 रुपये. ¥2000 (OCR for ₹).';
    expect(values(text, 'amount')).toEqual(['5000', '120000.50', '450', '300', '700', '2000']);
    expect(values('Room 404, 10 pm', 'amount')).toEqual([]);
  });

  it('finds links with or without a scheme', () => {
    expect(
      values('see https://fastloan.example/pay?id=9. or www.loanapp.in, fastloan.in/kyc', 'url'),
    ).toEqual(['https://fastloan.example/pay?id=9', 'www.loanapp.in', 'fastloan.in/kyc']);
  });
});
