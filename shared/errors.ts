// The closed list of error codes that cross any boundary (core → CLI, main → renderer).
// Every code has a plain-language message in English and Hindi; callers never show raw errors.

export const ERROR_CODES = [
  'VAULT_NOT_FOUND',
  'VAULT_EXISTS',
  'VAULT_NEEDS_REPAIR',
  'VAULT_LOCKED',
  'VAULT_CORRUPT',
  'VAULT_TOO_NEW',
  'VAULT_IN_USE',
  'WRONG_PASSPHRASE',
  'WRONG_RECOVERY_KEY',
  'WEAK_PASSPHRASE',
  'NOT_FOUND',
  'INVALID_INPUT',
  'FORBIDDEN_SENDER',
  'INTEGRITY_FAILURE',
  'DECRYPTION_FAILED',
  'FILE_UNREADABLE',
  'FILE_EMPTY',
  'DISK_FULL',
  'NOT_WRITABLE',
  'BUNDLE_UNREADABLE',
  'NOT_A_BACKUP',
  'BACKUP_OF_OTHER_VAULT',
  'BACKUP_TOO_NEW',
  'BACKUP_DAMAGED',
  'CANCELLED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
}

type Messages = Record<ErrorCode, string>;

export const ERROR_MESSAGES: { en: Messages; hi: Messages } = {
  en: {
    VAULT_NOT_FOUND: 'No Sakshya vault was found in this folder.',
    VAULT_EXISTS: 'A Sakshya vault already exists here. Nothing was changed.',
    VAULT_NEEDS_REPAIR:
      'A Sakshya vault is here, but its vault.json file is missing. Nothing was changed. Repair it with your passphrase.',
    VAULT_LOCKED: 'Sakshya is locked. Unlock it with your passphrase first.',
    VAULT_CORRUPT:
      'Part of the vault could not be read. Nothing was changed. Run a check, or ask for help.',
    VAULT_TOO_NEW:
      'This vault was made by a newer version of Sakshya. Please update Sakshya to open it.',
    VAULT_IN_USE:
      'Another program is using the vault, probably Sakshya itself. Close it and try again. Nothing was changed.',
    WRONG_PASSPHRASE: 'That passphrase is not right. Nothing was changed. Please try again.',
    WRONG_RECOVERY_KEY:
      'That recovery key is not right. Check each group of letters and try again.',
    WEAK_PASSPHRASE: 'This passphrase is too easy to guess. Please choose a longer one.',
    NOT_FOUND: 'We could not find that item. It may have been removed.',
    INVALID_INPUT: 'Some of the details are missing or not in the right form.',
    FORBIDDEN_SENDER: 'This request did not come from the Sakshya window and was refused.',
    INTEGRITY_FAILURE:
      'A problem was found: some evidence or its history does not match what was recorded.',
    DECRYPTION_FAILED: 'This file could not be decrypted. It may be damaged.',
    FILE_UNREADABLE: 'This file could not be read. It was not added; the others were.',
    FILE_EMPTY: 'This file is empty. It was not added; the others were.',
    DISK_FULL: 'The disk is full. Nothing was lost; free some space and try again.',
    NOT_WRITABLE:
      'Sakshya cannot save to that place. Nothing was left behind; please choose another folder.',
    BUNDLE_UNREADABLE:
      'This bundle could not be opened. It may be incomplete or not a Sakshya bundle.',
    NOT_A_BACKUP:
      'No Sakshya backup could be read in this folder. Nothing was changed. Choose the folder you backed up to.',
    BACKUP_OF_OTHER_VAULT:
      'This folder holds the backup of another Sakshya vault. Nothing was changed. Choose another folder.',
    BACKUP_TOO_NEW:
      'This backup was made by a newer version of Sakshya. Nothing was changed. Please update Sakshya to use it.',
    BACKUP_DAMAGED:
      'Part of this backup is missing or damaged. Nothing was changed. You can restore everything that is intact.',
    CANCELLED: 'Stopped. What was already finished is kept.',
    INTERNAL: 'Something went wrong inside Sakshya. Your evidence is safe. Please try again.',
  },
  hi: {
    VAULT_NOT_FOUND: 'इस फ़ोल्डर में कोई साक्ष्य तिजोरी नहीं मिली।',
    VAULT_EXISTS: 'यहाँ पहले से एक साक्ष्य तिजोरी है। कुछ भी बदला नहीं गया।',
    VAULT_NEEDS_REPAIR:
      'यहाँ एक साक्ष्य तिजोरी है, पर उसकी vault.json फ़ाइल नहीं मिली। कुछ भी बदला नहीं गया। अपने पासफ़्रेज़ से इसे ठीक करें।',
    VAULT_LOCKED: 'साक्ष्य पर ताला लगा है। पहले अपने पासफ़्रेज़ से इसे खोलें।',
    VAULT_CORRUPT: 'तिजोरी का कुछ हिस्सा पढ़ा नहीं जा सका। कुछ भी बदला नहीं गया। जाँच चलाएँ या मदद लें।',
    VAULT_TOO_NEW: 'यह तिजोरी साक्ष्य के नए संस्करण से बनी है। इसे खोलने के लिए साक्ष्य अपडेट करें।',
    VAULT_IN_USE:
      'कोई दूसरा प्रोग्राम तिजोरी इस्तेमाल कर रहा है, शायद साक्ष्य ख़ुद। उसे बंद करके फिर से कोशिश करें। कुछ भी बदला नहीं गया।',
    WRONG_PASSPHRASE: 'यह पासफ़्रेज़ सही नहीं है। कुछ भी बदला नहीं गया। कृपया फिर से कोशिश करें।',
    WRONG_RECOVERY_KEY: 'यह रिकवरी कुंजी सही नहीं है। हर समूह के अक्षर जाँचें और फिर से कोशिश करें।',
    WEAK_PASSPHRASE: 'यह पासफ़्रेज़ आसानी से अनुमान लगाया जा सकता है। कृपया लंबा पासफ़्रेज़ चुनें।',
    NOT_FOUND: 'यह चीज़ नहीं मिली। हो सकता है इसे हटा दिया गया हो।',
    INVALID_INPUT: 'कुछ जानकारी छूटी है या सही रूप में नहीं है।',
    FORBIDDEN_SENDER: 'यह अनुरोध साक्ष्य की विंडो से नहीं आया, इसलिए मना कर दिया गया।',
    INTEGRITY_FAILURE: 'एक समस्या मिली: कुछ सबूत या उसका इतिहास दर्ज जानकारी से मेल नहीं खाता।',
    DECRYPTION_FAILED: 'यह फ़ाइल खोली नहीं जा सकी। हो सकता है यह खराब हो गई हो।',
    FILE_UNREADABLE: 'यह फ़ाइल पढ़ी नहीं जा सकी। इसे नहीं जोड़ा गया; बाकी जोड़ दी गईं।',
    FILE_EMPTY: 'यह फ़ाइल खाली है। इसे नहीं जोड़ा गया; बाकी जोड़ दी गईं।',
    DISK_FULL: 'डिस्क भर गई है। कुछ भी खोया नहीं; थोड़ी जगह खाली करके फिर से कोशिश करें।',
    NOT_WRITABLE: 'साक्ष्य उस जगह सहेज नहीं सकता। वहाँ कुछ भी अधूरा नहीं छोड़ा गया; कृपया कोई और फ़ोल्डर चुनें।',
    BUNDLE_UNREADABLE: 'यह बंडल खोला नहीं जा सका। हो सकता है यह अधूरा हो या साक्ष्य का बंडल न हो।',
    NOT_A_BACKUP:
      'इस फ़ोल्डर में साक्ष्य का कोई बैकअप पढ़ा नहीं जा सका। कुछ भी बदला नहीं गया। वह फ़ोल्डर चुनें जिसमें आपने बैकअप लिया था।',
    BACKUP_OF_OTHER_VAULT:
      'इस फ़ोल्डर में किसी दूसरी साक्ष्य तिजोरी का बैकअप है। कुछ भी बदला नहीं गया। कोई और फ़ोल्डर चुनें।',
    BACKUP_TOO_NEW:
      'यह बैकअप साक्ष्य के नए संस्करण से बना है। कुछ भी बदला नहीं गया। इसे इस्तेमाल करने के लिए साक्ष्य अपडेट करें।',
    BACKUP_DAMAGED:
      'इस बैकअप का कुछ हिस्सा गायब है या खराब है। कुछ भी बदला नहीं गया। जो कुछ सही-सलामत है, उसे आप वापस ला सकते हैं।',
    CANCELLED: 'रोक दिया गया। जो काम पूरा हो चुका था, वह सुरक्षित है।',
    INTERNAL: 'साक्ष्य में कुछ गड़बड़ हुई। आपके सबूत सुरक्षित हैं। कृपया फिर से कोशिश करें।',
  },
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * The one error type the core throws on purpose. `detail` is for logs and the CLI and must never
 * hold a secret, a passphrase or evidence content.
 */
export class SakshyaError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ?? ERROR_MESSAGES.en[code], options);
    this.name = 'SakshyaError';
    this.code = code;
  }
}
