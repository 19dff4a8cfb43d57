// A small line icon for the kind of file, judged from the type the core sniffed from the content.
export const FILE_KINDS = [
  'image',
  'chat',
  'video',
  'audio',
  'document',
  'archive',
  'other',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export function describeFileKind(mediaType: string, name: string): FileKind {
  if (mediaType.startsWith('image/')) return 'image';
  if (mediaType.startsWith('video/')) return 'video';
  if (mediaType.startsWith('audio/')) return 'audio';
  if (mediaType === 'application/zip') return 'archive';
  if (mediaType === 'application/pdf' || /\.(docx?|odt|rtf)$/i.test(name)) return 'document';
  if (mediaType.startsWith('text/')) return 'chat';
  return 'other';
}

const PATHS: Record<FileKind, string> = {
  image: 'M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4M15.5 9.5a1 1 0 1 0 0-.01',
  chat: 'M4 5h16v11H9l-5 4zM8 9h8M8 12h5',
  video: 'M3 6h13v12H3zM16 10l5-3v10l-5-3',
  audio: 'M9 18V6l10-2v12M9 18a3 3 0 1 1-3-3 3 3 0 0 1 3 3zM19 16a3 3 0 1 1-3-3 3 3 0 0 1 3 3z',
  document: 'M6 3h8l4 4v14H6zM14 3v4h4M9 12h6M9 16h6',
  archive: 'M5 4h14v16H5zM11 4v2h2v2h-2v2h2v2h-2',
  other: 'M6 3h8l4 4v14H6zM14 3v4h4',
};

interface Props {
  kind: FileKind;
  /** Spoken name of the kind; empty when the text beside it already says it. */
  label: string;
  large?: boolean;
}

export function FileTypeIcon({ kind, label, large = false }: Props) {
  return (
    <svg
      className={large ? 'type-icon large' : 'type-icon'}
      viewBox="0 0 24 24"
      data-kind={kind}
      {...(label === '' ? { 'aria-hidden': true } : { role: 'img', 'aria-label': label })}
      focusable="false"
    >
      <path
        d={PATHS[kind]}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
