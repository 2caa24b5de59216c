// Opening the database file, carefully: `serve` creates a missing file, every command opens a
// dealerbot database of this version, and anything else is refused before it is touched. A
// plain `new Database(file)` would turn an empty file or someone else's SQLite database into a
// dealerbot one the moment the schema ran; here the file is first looked at (its first bytes,
// then its schema through a read-only connection) and only then opened for real.
import { accessSync, closeSync, constants, existsSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CorruptStoreError, ForeignFileError, StoreAccessError, StoreMissingError, StoreVersionError } from './errors.js';
import { createSchema, migrateSchema, readFileSchema, STORE_VERSION, TABLES_OF_VERSION } from './schema.js';

/**
 * `create`: what `serve` needs: a missing file (or an SQLite file without any tables) becomes a
 * new database. `write`: an existing dealerbot database, read and written (kill, review
 * decisions). `read`: an existing one, through a read-only connection (status, review list,
 * export), so it also works on a copy you may not write to.
 */
export type StoreAccess = 'create' | 'write' | 'read';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export function openDatabase(file: string, access: StoreAccess): Database.Database {
  if (file === ':memory:') {
    const db = new Database(':memory:');
    createSchema(db);
    return db;
  }
  const { found, version } = inspect(file, access);
  if (found === 'missing' && access !== 'create') throw new StoreMissingError(file);
  if (found === 'blank' && access !== 'create')
    throw new ForeignFileError(file, 'an SQLite database without tables', `start \`dealerbot serve --db ${file}\` to make it one`);
  if (access === 'read')
    return connect(file, { readonly: true, fileMustExist: true }, (db) => {
      db.pragma('busy_timeout = 5000');
    });
  mustBeWritable(file, found === 'missing');
  return connect(file, { fileMustExist: found !== 'missing' }, (db) => {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit is in the OS once the call returns, so it survives kill -9
    // and any crash of this process; a power cut may lose the last few commits. FULL would
    // also cover power loss at ~4 ms per commit (measured), capping webhooks near 150/s.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    if (found !== 'dealerbot') createSchema(db);
    else if (version < STORE_VERSION) migrateSchema(db, version);
  });
}

/** Opens a connection and sets it up; a failure closes it again and becomes a store error. */
function connect(file: string, options: Database.Options, setUp: (db: Database.Database) => void): Database.Database {
  return sqlite(file, () => {
    const db = new Database(file, options);
    try {
      setUp(db);
    } catch (e) {
      db.close();
      throw e;
    }
    return db;
  });
}

/**
 * What is at `file`, refusing (with the reason) whatever is not ours, and a file of an older
 * version when it may not be migrated (read access). Writes nothing.
 */
function inspect(file: string, access: StoreAccess): { found: 'missing' | 'blank' | 'dealerbot'; version: number } {
  let st: Stats;
  try {
    st = statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { found: 'missing', version: 0 };
    throw fsError(file, e);
  }
  if (st.isDirectory()) throw new ForeignFileError(file, 'a folder');
  // an empty file is a valid empty database to SQLite, which would happily fill it
  if (st.size === 0) throw new ForeignFileError(file, 'an empty file');
  if (!startsWithSqliteHeader(file)) throw new ForeignFileError(file, 'not an SQLite file');
  const schema = sqlite(file, () => {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return readFileSchema(db);
    } finally {
      db.close();
    }
  });
  if (schema.objects.length === 0) return { found: 'blank', version: 0 };
  if (schema.version === undefined) {
    const tables = schema.objects.filter((o) => o.type === 'table').map((o) => o.name);
    throw new ForeignFileError(file, tables.length ? `an SQLite database with tables ${tables.join(', ')}` : 'an SQLite database of something else');
  }
  const version = /^[1-9]\d*$/.test(schema.version) ? Number(schema.version) : NaN;
  const tables = TABLES_OF_VERSION[version];
  if (!tables || (version < STORE_VERSION && access === 'read')) throw new StoreVersionError(file, schema.version, STORE_VERSION);
  const missing = tables.filter((t) => !schema.objects.some((o) => o.type === 'table' && o.name === t));
  if (missing.length) throw new CorruptStoreError(file, `table ${missing.join(', ')} missing`);
  return { found: 'dealerbot', version };
}

function startsWithSqliteHeader(file: string): boolean {
  const head = Buffer.alloc(SQLITE_HEADER.length);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw fsError(file, e);
  }
  try {
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

/** SQLite would open a read-only file anyway and fail at the first write; say so up front. */
function mustBeWritable(file: string, missing: boolean): void {
  const folder = dirname(file);
  if (missing && !existsSync(folder)) throw new StoreAccessError(file, `cannot create it: folder ${folder} does not exist`);
  // access() asks the kernel, so it answers for whoever runs this (root may write anywhere).
  // A read-only folder of an existing file is SQLite's to report: it fails to create FILE-shm.
  try {
    accessSync(missing ? folder : file, constants.W_OK);
  } catch {
    throw new StoreAccessError(file, missing ? `cannot create it: folder ${folder} is read-only for this user` : 'cannot write to it: the file is read-only for this user');
  }
}

/** Runs an open or a first read, turning SQLite's refusals into one-line store errors. */
function sqlite<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const code = String((e as { code?: unknown }).code ?? '');
    const msg = (e as Error).message;
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) throw new CorruptStoreError(file, msg);
    if (code === 'SQLITE_READONLY_DIRECTORY')
      throw new StoreAccessError(file, `cannot open it: its folder is read-only, and SQLite must create ${file}-shm there (copy the database to a folder you may write to)`);
    if (code.startsWith('SQLITE_READONLY')) throw new StoreAccessError(file, `cannot write to it (${msg})`);
    if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_IOERR'))
      throw new StoreAccessError(file, `cannot open it (${msg})`);
    throw e;
  }
}

function fsError(file: string, e: unknown): StoreAccessError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return new StoreAccessError(file, 'cannot read it (permission denied)');
  return new StoreAccessError(file, `cannot read it (${code ?? (e as Error).message})`);
}
