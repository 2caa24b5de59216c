// What can go wrong with the database, each in one line for an operator: why a file was not
// opened (every refusal happens before anything is written, so the message can promise that
// the file is as it was), and a stored value that is not what its column may hold.
import { DealerbotError } from '../../lib/errors.js';

export class StoreError extends DealerbotError {
  readonly file: string;
  constructor(code: string, file: string, message: string) {
    super(code, message);
    this.file = file;
  }
}

/** A command that needs an existing database was given a path with nothing there. */
export class StoreMissingError extends StoreError {
  constructor(file: string) {
    super('E_STORE_MISSING', file, `database ${file} does not exist (start \`dealerbot serve --db ${file}\` first)`);
  }
}

/** The file is something else: empty, text, someone else's SQLite database. */
export class ForeignFileError extends StoreError {
  readonly what: string;
  constructor(file: string, what: string, hint = `pass the right --db, or a new file name to start a fresh database`) {
    super('E_STORE_FOREIGN', file, `${file} is not a dealerbot database (${what}); left it unchanged: ${hint}`);
    this.what = what;
  }
}

/** The file looks like SQLite (or like a dealerbot database) but cannot be read as one. */
export class CorruptStoreError extends StoreError {
  constructor(file: string, problem: string) {
    super('E_STORE_CORRUPT', file, `${file} is damaged (${problem}); left it unchanged: restore a backup or start a new database`);
  }
}

/** A dealerbot database of a version this build does not read. */
export class StoreVersionError extends StoreError {
  readonly found: string;
  readonly supported: number;
  constructor(file: string, found: string, supported: number) {
    const n = /^\d+$/.test(found) ? Number(found) : NaN;
    super(
      'E_STORE_VERSION',
      file,
      n > supported
        ? `${file} is a version ${found} dealerbot database; this dealerbot reads version ${supported}: upgrade dealerbot to open it`
        : n >= 1
          ? `${file} is a version ${found} dealerbot database; this dealerbot reads version ${supported} and upgrades a file when it opens it for writing: start \`dealerbot serve --db ${file}\` once (left it unchanged)`
          : `${file} has store_version "${found}", which this dealerbot (it reads version ${supported}) does not know; left it unchanged`,
    );
    this.found = found;
    this.supported = supported;
  }
}

/** The file system does not let us read or write the file (permissions, a read-only folder). */
export class StoreAccessError extends StoreError {
  constructor(file: string, problem: string) {
    super('E_STORE_ACCESS', file, `${file}: ${problem}`);
  }
}

/** A stored value outside its type (rows.ts): the file is damaged, or was written by other code. */
export class BadRowError extends DealerbotError {
  constructor(table: string, id: number | string, column: string, value: unknown) {
    super('E_STORE_ROW', `${table} row ${id}: ${column} ${JSON.stringify(value)} is not a valid value (damaged database?)`);
  }
}
