// App settings stored inside the encrypted database (e.g. auto-lock minutes), as JSON values.
import type { z } from 'zod';
import type { JsonValue } from '../../../../shared/canonical-json';
import type { Database } from '../types';
import { parseJsonColumn, runWrite } from './row-helpers';

export class SettingsRepository {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /** The stored value if it is present and valid for `schema`; otherwise `fallback`. */
  get<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
    const text = this.db
      .prepare<[string], string>('SELECT value FROM settings WHERE key = ?')
      .pluck()
      .get(key);
    if (text === undefined) return fallback;
    // A value an older or newer app wrote in another shape must not stop the app: use the default.
    const parsed = schema.safeParse(parseJsonColumn(text));
    return parsed.success ? parsed.data : fallback;
  }

  set(key: string, value: JsonValue): void {
    runWrite(
      () =>
        this.db
          .prepare(
            'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
          )
          .run(key, JSON.stringify(value)),
      {
        duplicate: 'this setting already exists',
        missingReference: 'a referenced item does not exist',
      },
    );
  }
}
