import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from './migrations';

/** The handle type the stores share. */
export type Db = Database.Database;

/** How long a writer waits for another process's lock before giving up (SQLITE_BUSY). */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) the SQLite store at `file` and brings its schema up to date.
 *
 * WAL journaling makes a crash lose nothing already committed and lets readers run beside one writer; the busy
 * timeout lets two processes (the service and a CLI, or two replicas) share the file without spurious errors.
 */
export function openDatabase(
  file: string,
  options: { readonly readonly?: boolean; readonly skipMigrations?: boolean } = {}
): Db {
  if (file !== ':memory:' && !options.readonly) {
    mkdirSync(path.dirname(file), { recursive: true });
  }
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // NORMAL is durable in WAL mode against process crashes; only an OS crash can lose the last transactions.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  }
  if (!options.readonly && !options.skipMigrations) {
    migrate(db);
  }
  return db;
}

function migrate(db: Db): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_ms INTEGER NOT NULL)'
  );
  // IMMEDIATE takes the write lock first, so two processes starting together do not both apply a migration.
  const apply = db.transaction(() => {
    const applied = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map(
        (row) => row.version
      )
    );
    for (const migration of MIGRATIONS) {
      if (!applied.has(migration.version)) {
        db.exec(migration.sql);
        db.prepare('INSERT INTO schema_migrations (version, description, applied_ms) VALUES (?, ?, ?)').run(
          migration.version,
          migration.description,
          Date.now()
        );
      }
    }
  });
  apply.immediate();
}
