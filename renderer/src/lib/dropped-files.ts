// What the page can learn about dropped files. A drop's items vanish when the event handler
// returns, so `readDrop` takes what it needs at once; folders are walked afterwards. In Electron a
// dropped folder arrives as one File whose path the preload can read, so it is kept whole there.

export interface DroppedFiles {
  /** The top-level files and folders, as the browser lists them. */
  files: File[];
  /** The same items as file-system entries, for walking folders; empty when not available. */
  entries: FileSystemEntry[];
}

export function readDrop(transfer: DataTransfer): DroppedFiles {
  const entries: FileSystemEntry[] = [];
  for (const item of Array.from(transfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    if (entry !== null) entries.push(entry);
  }
  return { files: Array.from(transfer.files), entries };
}

export function fromFileList(list: FileList | null): DroppedFiles {
  return { files: list === null ? [] : Array.from(list), entries: [] };
}

/** Every file inside the dropped items, folders walked to the bottom, in the order found. */
export async function walkDroppedFiles(dropped: DroppedFiles): Promise<File[]> {
  if (dropped.entries.length === 0) return dropped.files;
  const out: File[] = [];
  for (const entry of dropped.entries) await walkEntry(entry, out);
  return out;
}

async function walkEntry(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (isFileEntry(entry)) {
    const file = await readEntryFile(entry).catch(() => null);
    if (file !== null) out.push(file);
    return;
  }
  if (!isDirectoryEntry(entry)) return;
  const children = await readAllEntries(entry.createReader());
  children.sort((a, b) => a.name.localeCompare(b.name));
  for (const child of children) await walkEntry(child, out);
}

function isFileEntry(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectoryEntry(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}

function readEntryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => {
    entry.file(resolve, reject);
  });
}

/** readEntries hands out a folder in batches (100 at a time in Chromium) until it returns none. */
async function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => {
      reader.readEntries(resolve, reject);
    }).catch(() => []);
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}
