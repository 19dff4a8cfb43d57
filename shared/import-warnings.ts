// The warnings an import stores with a piece of evidence, as a closed list. They are stored as the
// English sentences below: the evidence's own record, which the CLI prints and the bundle carries.
// The window finds the code of a stored sentence to show it in the user's language; a sentence
// that is not in this list (written by an older version) is shown as it is.
export const IMPORT_WARNINGS = {
  'metadata-damaged': "Part of this file's metadata is damaged and could not be read.",
  'metadata-unreadable': "This file's metadata could not be read.",
  'png-cut-short': 'The PNG file is cut short; its later parts could not be read.',
  'png-chunk-too-large': 'A PNG {chunk} chunk was too large to read and was skipped.',
  'png-chunk-damaged': 'A PNG {chunk} chunk is damaged and was skipped.',
  'chat-dates-ambiguous':
    'The dates in this chat could be read day-first or month-first (no day above 12). They were read day-first, as is usual in India; please check them, or import again with the other order.',
  'chat-dates-wrong-order':
    'This looks like a WhatsApp chat, but its dates do not fit the chosen day and month order, so its messages were not added.',
  'chat-unreadable':
    'This looks like a WhatsApp chat, but it could not be read, so its messages were not added.',
  'chat-too-large': 'This chat is too large to read its messages; the file itself is kept.',
  'zip-chat-too-large':
    'The chat transcript in this zip is too large to read as a chat; the zip is kept as it is.',
  'zip-incomplete':
    "The chat's messages were not added because not every file in the zip was imported; import the zip again to add them.",
  'chat-not-recorded': "The chat's messages could not be added to the timeline: {reason}",
  'chat-export-wrong-type':
    'Added, but its messages could not be read: it is neither a zip nor a text file, as WhatsApp exports are.',
  'chat-export-damaged':
    'Added, but its messages could not be read: the zip is damaged or could not be opened safely.',
  'chat-export-no-transcript':
    'Added, but its messages could not be read: there is no chat transcript in the zip.',
  'chat-export-no-messages':
    'Added, but its messages could not be read: no messages were found in it.',
  'android-not-finished':
    'The import of this backup was stopped before all its messages and calls were added; import the file again to finish.',
  'android-truncated':
    'This backup is cut short: the messages and calls before the cut were added, the rest could not be read.',
  'android-malformed':
    'This backup is damaged: the messages and calls before the damage were added, the rest could not be read.',
  'android-doctype':
    'Added, but its messages could not be read: it declares a DOCTYPE, which SMS Backup & Restore never writes.',
  'android-element-too-large':
    'This backup holds an element too large to read safely; the messages and calls before it were added.',
  'android-not-a-backup':
    'Added, but its messages could not be read: it is not an SMS Backup & Restore file.',
  'android-undated':
    'Some messages or calls in this backup have no readable time and were left out.',
  'source-export-damaged':
    'Added, but its messages could not be read: the export file is damaged, cut short or not in the expected form.',
  'source-owner-unknown':
    'Added. Sakshya could not tell which person in this chat is you: choose "Me" for your own name under "Who sent these messages?" on the Evidence tab (or run sakshya senders tie --as me), so your messages show as yours.',
  'email-no-date':
    'Added, but the e-mail has no readable date, so it was not placed on the timeline.',
} as const;

export type ImportWarningCode = keyof typeof IMPORT_WARNINGS;

/** The stored sentence for a warning, with its {placeholders} filled in. */
export function formatImportWarning(
  code: ImportWarningCode,
  params: Readonly<Record<string, string>> = {},
): string {
  return IMPORT_WARNINGS[code].replace(
    /\{(\w+)\}/g,
    (whole, name: string) => params[name] ?? whole,
  );
}

const MATCHERS = (Object.keys(IMPORT_WARNINGS) as ImportWarningCode[]).map((code) => {
  const names: string[] = [];
  const source = IMPORT_WARNINGS[code]
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '(.+?)';
    })
    .join('');
  return { code, names, pattern: new RegExp(`^${source}$`, 's') };
});

/** The code and filled-in values of a stored warning sentence; null for any other text. */
export function matchImportWarning(
  text: string,
): { code: ImportWarningCode; params: Record<string, string> } | null {
  for (const { code, names, pattern } of MATCHERS) {
    const found = pattern.exec(text);
    if (found === null) continue;
    const params: Record<string, string> = {};
    names.forEach((name, index) => {
      params[name] = found[index + 1] ?? '';
    });
    return { code, params };
  }
  return null;
}
