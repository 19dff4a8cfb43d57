// Phone numbers as people write them ('098765 43210', '+91 98765-43210', '9876543210') turned into
// one E.164 form, so calls and messages from the same number group together however they were typed.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * The E.164 form ('+919876543210'), or null when the text is not a phone number (an SMS sender ID
 * like 'VM-LOANAP', too few digits). Numbers without a country code are read in `defaultRegion`.
 * "Possible" rather than "valid" is checked: harassers use new number ranges the bundled metadata
 * may not know yet, and refusing their number would lose the grouping.
 */
export function normalisePhoneNumber(raw: string, defaultRegion = 'IN'): string | null {
  const trimmed = raw.trim().replace(/^tel:/i, '');
  // Letters mean a sender ID or a handle; libphonenumber would read 'ABC' as keypad digits.
  if (trimmed === '' || /[a-z]/i.test(trimmed)) return null;
  const parsed = parsePhoneNumberFromString(trimmed, defaultRegion as CountryCode);
  if (parsed?.isPossible() !== true) return null;
  return parsed.number;
}
