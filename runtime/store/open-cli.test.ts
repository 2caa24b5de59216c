// The refusals as an operator meets them: the built CLI (`npm test` builds dist/ first) on a
// wrong --db exits 1 with one line on stderr, and the file is as it was. File permissions do
// not hold root back, so as root the read-only cases run the CLI as `nobody`.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../../lib/package-root.js';
import { writeTinyBundle } from '../test-fixtures/tiny-bundle.js';
import { STORE_VERSION } from './schema.js';
import { Store } from './store.js';

const BIN = packagePath('bin', 'dealerbot.js');
const AS_ROOT = process.getuid?.() === 0;

let root = '';
let bundle = '';
beforeAll(async () => {
  if (!existsSync(packagePath('dist', 'cli.js'))) throw new Error('dist/ is missing: run `npx tsc -p .` (npm test does) before this test');
  root = mkdtempSync(join(tmpdir(), 'dealerbot-open-cli-'));
  chmodSync(root, 0o755); // `nobody` must reach the folders below
  bundle = join(root, 'bundle');
  await writeTinyBundle(bundle);
});
afterAll(() => {
  // restore write permission first so that cleanup works as any user
  for (const d of readdirSync(root)) chmodSync(join(root, d), 0o777);
  rmSync(root, { recursive: true, force: true });
});

let n = 0;
/** A new folder (writable by whoever runs the CLI) holding `bot.db` as `make` leaves it. */
function caseDb(make: (file: string) => void): { dir: string; db: string } {
  const dir = join(root, `case${n++}`);
  mkdirSync(dir);
  chmodSync(dir, 0o777);
  const db = join(dir, 'bot.db');
  make(db);
  return { dir, db };
}

function cli(args: string[], o: { asOther?: boolean } = {}) {
  const user = o.asOther && AS_ROOT ? { uid: 65534, gid: 65534 } : {};
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', DEALERBOT_KEY: 'open-cli-test' },
    ...user,
  });
}

function expectOneLineRefusal(r: ReturnType<typeof cli>, says: RegExp): void {
  expect(r.status, r.stderr).toBe(1);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^dealerbot: /);
  expect(lines[0]).not.toContain('internal error');
  expect(lines[0]).toMatch(says);
  expect(r.stdout).toBe('');
}

const state = (file: string) => ({ bytes: readFileSync(file), mtimeMs: statSync(file).mtimeMs });
function expectUnchanged(file: string, before: ReturnType<typeof state>): void {
  const after = state(file);
  expect(after.bytes.equals(before.bytes)).toBe(true);
  expect(after.mtimeMs).toBe(before.mtimeMs);
}

const sqlite = (sql: string) => (file: string) => {
  const db = new Database(file);
  db.exec(sql);
  db.close();
};
const dealerbot = (file: string) => Store.open(file, 'create').close();

describe('a wrong --db is refused in one line, exit 1, and left unchanged', () => {
  const cases: [string, (file: string) => void, (db: string) => string[], RegExp][] = [
    ['status on a foreign SQLite database', sqlite('CREATE TABLE contacts(name TEXT)'), (db) => ['status', '--db', db], /not a dealerbot database \(an SQLite database with tables contacts\)/],
    ['review list on an empty file', (f) => writeFileSync(f, ''), (db) => ['review', 'list', '--db', db], /not a dealerbot database \(an empty file\)/],
    ['export on a text file', (f) => writeFileSync(f, 'hello\n'), (db) => ['export', '--db', db, '--out', db + '.jsonl'], /not a dealerbot database \(not an SQLite file\)/],
    ['kill on a corrupt file', (f) => writeFileSync(f, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4080, 7)])), (db) => ['kill', 'on', '--db', db], /is damaged/],
    ['review approve on a foreign SQLite database', sqlite('CREATE TABLE t(x)'), (db) => ['review', 'approve', '1', '--db', db], /not a dealerbot database/],
    [
      'serve on a newer dealerbot database',
      (f) => {
        dealerbot(f);
        sqlite(`UPDATE settings SET value = '${STORE_VERSION + 1}' WHERE key = 'store_version'`)(f);
      },
      (db) => ['serve', '--model', bundle, '--db', db, '--port', '0'],
      new RegExp(`version ${STORE_VERSION + 1} dealerbot database; this dealerbot reads version ${STORE_VERSION}: upgrade dealerbot`),
    ],
    ['serve on a foreign SQLite database', sqlite('CREATE TABLE contacts(name TEXT)'), (db) => ['serve', '--model', bundle, '--db', db, '--port', '0'], /not a dealerbot database/],
  ];
  it.each(cases)('%s', (_what, make, args, says) => {
    const { db } = caseDb(make);
    const before = state(db);
    expectOneLineRefusal(cli(args(db)), says);
    expectUnchanged(db, before);
    expect(existsSync(db + '.jsonl')).toBe(false);
  });
});

describe('a missing --db', () => {
  it.each([
    ['status', (db: string) => ['status', '--db', db]],
    ['review list', (db: string) => ['review', 'list', '--db', db]],
    ['export', (db: string) => ['export', '--db', db, '--out', db + '.jsonl']],
    ['kill', (db: string) => ['kill', 'on', '--db', db]],
  ])('%s: one line, exit 1, nothing created', (_what, args) => {
    const { dir, db } = caseDb(() => {});
    expectOneLineRefusal(cli(args(db)), /does not exist \(start `dealerbot serve --db .*` first\)/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a read-only --db', () => {
  it('kill (which writes) refuses it in one line; status (which only reads) still reads it', () => {
    const { db } = caseDb(dealerbot);
    chmodSync(db, 0o444);
    const before = state(db);
    expectOneLineRefusal(cli(['kill', 'on', '--db', db], { asOther: true }), /cannot write to it: the file is read-only for this user/);
    const st = cli(['status', '--db', db, '--json'], { asOther: true });
    expect(st.status, st.stderr).toBe(0);
    expect(JSON.parse(st.stdout)).toMatchObject({ kill: false });
    expectUnchanged(db, before);
  });

  it('in a read-only folder (SQLite cannot create its -shm file there), status says so in one line', () => {
    const { dir, db } = caseDb(dealerbot);
    chmodSync(dir, 0o555);
    const before = state(db);
    expectOneLineRefusal(cli(['status', '--db', db], { asOther: true }), /its folder is read-only/);
    expectUnchanged(db, before);
  });
});

describe('a dealerbot database of this version', () => {
  it('kill writes to it; status, review list and export read it', () => {
    const { db } = caseDb(dealerbot);
    expect(cli(['kill', 'on', '--db', db]).status).toBe(0);
    const st = cli(['status', '--db', db, '--json']);
    expect(st.status, st.stderr).toBe(0);
    expect(JSON.parse(st.stdout)).toMatchObject({ kill: true, queue: {}, numbers: {} });
    const rl = cli(['review', 'list', '--db', db, '--json']);
    expect(rl.status, rl.stderr).toBe(0);
    expect(JSON.parse(rl.stdout)).toEqual({ items: [] });
    const ex = cli(['export', '--db', db, '--out', db + '.jsonl', '--json']);
    expect(ex.status, ex.stderr).toBe(0);
    expect(JSON.parse(ex.stdout)).toMatchObject({ messages: 0, conversations: 0 });
  });
});
