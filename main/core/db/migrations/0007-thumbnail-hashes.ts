// Previews are authenticated (issue 16 item 7): the SHA-256 of each preview's WebP is recorded
// when it is made and checked whenever it is read, so a preview swapped in the vault folder is
// never shown or exported. Rows made before this have none; they are remade when next read.
// Frozen once shipped.
import type { Migration } from '../types';

const SCHEMA = `
-- The table stays STRICT; a new column on it must keep a declared type.
ALTER TABLE thumbnails ADD COLUMN sha256 TEXT
  CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'));
`;

export const migration0007ThumbnailHashes: Migration = {
  version: 7,
  name: 'thumbnail-hashes',
  up(db) {
    db.exec(SCHEMA);
  },
};
