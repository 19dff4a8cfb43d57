// Wording shared by the window, the CLI and the bundle for text the computer read from pictures.
// It is always labelled as machine-read: OCR makes mistakes, and evidence must not overstate.

export const MACHINE_READ_LABEL = {
  en: 'Read by the computer, may contain mistakes',
  hi: 'कंप्यूटर ने पढ़ा है, इसमें गलतियाँ हो सकती हैं',
} as const;

export const TEXT_STATUS_LABELS = {
  en: {
    pending: 'Text not read yet',
    read: 'Text read',
    'no-text': 'No text found',
    'not-read-yet': 'Writing not in English or Hindi: not read yet',
    failed: 'Text could not be read',
  },
  hi: {
    pending: 'लिखावट अभी पढ़ी नहीं गई',
    read: 'लिखावट पढ़ी गई',
    'no-text': 'कोई लिखावट नहीं मिली',
    'not-read-yet': 'लिखावट अंग्रेज़ी या हिंदी में नहीं है: अभी पढ़ी नहीं गई',
    failed: 'लिखावट पढ़ी नहीं जा सकी',
  },
} as const;

export type TextStatusLabel = keyof (typeof TEXT_STATUS_LABELS)['en'];

/** "Reading text in 212 screenshots…" */
export function describeReadingProgress(language: 'en' | 'hi', remaining: number): string {
  return language === 'hi'
    ? `${remaining} स्क्रीनशॉट में लिखावट पढ़ी जा रही है…`
    : `Reading text in ${remaining} screenshot${remaining === 1 ? '' : 's'}…`;
}
