import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSchemaV1, STORE_VERSION } from './schema.js';
import { Store, type StoreAccess } from './store.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dealerbot-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ACCESS: StoreAccess[] = ['create', 'write', 'read'];

/** Everything a refusal must leave as it was: the bytes, the mtime, and which files exist. */
function snapshot(file: string) {
  return { bytes: readFileSync(file), mtimeMs: statSync(file).mtimeMs, files: readdirSync(dir).sort() };
}

/** A dealerbot database with one conversation in it, closed (so no WAL files are left). */
function dealerbotDb(file: string): void {
  const s = Store.open(file, 'create');
  const c = s.conversationFor('+32470112233', 1000, 1);
  s.addEvent({ conversation: c.id, ts_ms: 1000, direction: 'in', kind: 'sms', text: 'coke te koop', processed: true });
  s.close();
}

/** Raw SQL on a file, as another program (or damage) would leave it. */
function raw(file: string, sql: string): void {
  const db = new Database(file);
  db.exec(sql);
  db.close();
}

const foreign: Record<string, { make: (f: string) => void; code: string; says: RegExp }> = {
  "someone else's SQLite database": {
    make: (f) => raw(f, `CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES ('Ann'); CREATE TABLE notes(body TEXT);`),
    code: 'E_STORE_FOREIGN',
    says: /is not a dealerbot database \(an SQLite database with tables contacts, notes\); left it unchanged/,
  },
  'an SQLite database with a settings table of its own': {
    make: (f) => raw(f, `CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT); INSERT INTO settings VALUES ('theme', 'dark');`),
    code: 'E_STORE_FOREIGN',
    says: /not a dealerbot database \(an SQLite database with tables settings\)/,
  },
  'an empty file': { make: (f) => writeFileSync(f, ''), code: 'E_STORE_FOREIGN', says: /is not a dealerbot database \(an empty file\); left it unchanged/ },
  'a text file': {
    make: (f) => writeFileSync(f, 'numbers to call back:\n+32 470 11 22 33\n'),
    code: 'E_STORE_FOREIGN',
    says: /is not a dealerbot database \(not an SQLite file\)/,
  },
  'junk behind an SQLite header': {
    make: (f) => writeFileSync(f, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4080, 0xab)])),
    code: 'E_STORE_CORRUPT',
    says: /is damaged \(file is not a database\); left it unchanged/,
  },
  'a dealerbot database cut short': {
    make: (f) => {
      dealerbotDb(f);
      const s = Store.open(f, 'write');
      s.tx(() => {
        for (let i = 0; i < 500; i++) s.audit(i, 'test', 'fill', { pad: 'x'.repeat(500) });
      });
      s.close();
      truncateSync(f, 8192);
    },
    code: 'E_STORE_CORRUPT',
    says: /is damaged \(database disk image is malformed\)/,
  },
  'a dealerbot database without its outbox': {
    make: (f) => {
      dealerbotDb(f);
      raw(f, 'DROP TABLE outbox');
    },
    code: 'E_STORE_CORRUPT',
    says: /is damaged \(table outbox missing\)/,
  },
  'a dealerbot database of a newer version': {
    make: (f) => {
      dealerbotDb(f);
      raw(f, `UPDATE settings SET value = '${STORE_VERSION + 1}' WHERE key = 'store_version'`);
    },
    code: 'E_STORE_VERSION',
    says: new RegExp(`is a version ${STORE_VERSION + 1} dealerbot database; this dealerbot reads version ${STORE_VERSION}: upgrade dealerbot`),
  },
  'a store_version this build does not know': {
    make: (f) => {
      dealerbotDb(f);
      raw(f, `UPDATE settings SET value = 'beta' WHERE key = 'store_version'`);
    },
    code: 'E_STORE_VERSION',
    says: new RegExp(`has store_version "beta", which this dealerbot \\(it reads version ${STORE_VERSION}\\) does not know`),
  },
};

describe('Store.open refuses what is not a dealerbot database of this version, and leaves it as it was', () => {
  for (const [what, c] of Object.entries(foreign))
    it.each(ACCESS)(`${what} (%s)`, (access) => {
      const file = join(dir, 'bot.db');
      c.make(file);
      const before = snapshot(file);
      let error: unknown;
      try {
        Store.open(file, access).close();
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: c.code, file });
      expect((error as Error).message).toMatch(c.says);
      expect((error as Error).message).not.toContain('\n');
      const after = snapshot(file);
      expect(after.bytes.equals(before.bytes)).toBe(true);
      expect(after.mtimeMs).toBe(before.mtimeMs);
      // a WAL-mode database gets its -wal/-shm from the read-only look; anything else gets nothing
      if (before.bytes[18] !== 2) expect(after.files).toEqual(before.files);
    });

  it('a folder is not a database either', () => {
    expect(() => Store.open(dir, 'create')).toThrow(expect.objectContaining({ code: 'E_STORE_FOREIGN', message: expect.stringContaining('(a folder)') }));
  });
});

describe('Store.open on a missing file', () => {
  it.each(['write', 'read'] as const)('%s: refuses, and creates nothing', (access) => {
    const file = join(dir, 'bot.db');
    expect(() => Store.open(file, access)).toThrow(
      expect.objectContaining({ code: 'E_STORE_MISSING', message: `database ${file} does not exist (start \`dealerbot serve --db ${file}\` first)` }),
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('create: makes a database of this version that every access then opens', () => {
    const file = join(dir, 'bot.db');
    dealerbotDb(file);
    for (const access of ACCESS) {
      const s = Store.open(file, access);
      expect(s.conversationsOf('+32470112233')).toHaveLength(1);
      expect(s.rowCount('events')).toBe(1);
      s.close();
    }
    const db = new Database(file, { readonly: true });
    expect(db.prepare(`SELECT value FROM settings WHERE key = 'store_version'`).get()).toEqual({ value: String(STORE_VERSION) });
    db.close();
  });

  it('create: says so when the folder does not exist', () => {
    const file = join(dir, 'no', 'such', 'bot.db');
    expect(() => Store.open(file, 'create')).toThrow(expect.objectContaining({ code: 'E_STORE_ACCESS', message: expect.stringContaining('cannot create it: folder') }));
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('Store.open on an SQLite file without any tables', () => {
  const blank = (file: string) => raw(file, 'CREATE TABLE t(x); DROP TABLE t;');

  it.each(['write', 'read'] as const)('%s: refuses it unchanged (only serve makes a database)', (access) => {
    const file = join(dir, 'bot.db');
    blank(file);
    const before = snapshot(file);
    expect(() => Store.open(file, access)).toThrow(expect.objectContaining({ code: 'E_STORE_FOREIGN', message: expect.stringContaining('without tables') }));
    expect(snapshot(file)).toEqual(before);
  });

  it('create: it is brand-new, so it becomes a dealerbot database', () => {
    const file = join(dir, 'bot.db');
    blank(file);
    Store.open(file, 'create').close();
    const s = Store.open(file, 'read');
    expect(s.rowCount('conversations')).toBe(0);
    s.close();
  });
});

describe('read access', () => {
  it('reads through a read-only connection: writes fail, the file stays as it was', () => {
    const file = join(dir, 'bot.db');
    dealerbotDb(file);
    const before = snapshot(file);
    const s = Store.open(file, 'read');
    expect(s.readonly).toBe(true);
    expect(s.killSwitch()).toBe(false);
    expect(() => s.setKillSwitch(true)).toThrow(/readonly/);
    s.close();
    const after = snapshot(file);
    expect(after.bytes.equals(before.bytes)).toBe(true);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });
});

/** A file exactly as dealerbot with store version 1 left it: one conversation, a sent reply. */
function version1Db(file: string): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  createSchemaV1(db);
  db.exec(`INSERT INTO conversations(id, number, started_ms, last_ms) VALUES (1, '+32470112233', 1000, 5000);
    INSERT INTO events(conversation, ts_ms, direction, kind, text, processed) VALUES (1, 1000, 'in', 'sms', 'coke te koop', 1);
    INSERT INTO outbox(conversation, number, kind, text, tactic, created_ms, due_ms, state, sent_ms) VALUES (1, '+32470112233', 'sms', 'wa hebde?', 'ask_menu', 1000, 5000, 'sent', 5000);`);
  db.close();
}

/** The schema objects and their SQL, as sqlite_master holds them. */
function layout(file: string) {
  const db = new Database(file, { readonly: true });
  const objects = db.prepare(`SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`).all();
  const columns = db.prepare(`SELECT name FROM pragma_table_info('outbox') ORDER BY cid`).all();
  const eventColumns = db.prepare(`SELECT name, type FROM pragma_table_info('events') ORDER BY cid`).all();
  db.close();
  return { objects, columns, eventColumns };
}

describe('a database of store version 1', () => {
  it.each(['create', 'write'] as const)('%s: is upgraded in place, keeps its rows, and ends up laid out like a new file', (access) => {
    const file = join(dir, 'old.db');
    version1Db(file);
    const s = Store.open(file, access);
    expect(s.conversationsOf('+32470112233')).toHaveLength(1);
    expect(s.outbox(1)).toMatchObject({ text: 'wa hebde?', state: 'sent', sentence_key: null });
    expect(s.sentenceMemory('+32470112233')).toEqual([{ key: null, text: 'wa hebde?' }]);
    expect(s.rendererState(1)).toBeNull();
    s.close();
    const fresh = join(dir, 'fresh.db');
    Store.open(fresh, 'create').close();
    expect(layout(file)).toEqual(layout(fresh));
    const db = new Database(file, { readonly: true });
    expect(db.prepare(`SELECT value FROM settings WHERE key = 'store_version'`).get()).toEqual({ value: String(STORE_VERSION) });
    db.close();
  });

  it('read: refused unchanged, with a line that says how to upgrade it', () => {
    const file = join(dir, 'old.db');
    version1Db(file);
    const before = snapshot(file);
    let error: unknown;
    try {
      Store.open(file, 'read').close();
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'E_STORE_VERSION' });
    expect((error as Error).message).toMatch(/is a version 1 dealerbot database; this dealerbot reads version \d+ and upgrades a file when it opens it for writing: start `dealerbot serve --db .*` once/);
    expect(snapshot(file).bytes.equals(before.bytes)).toBe(true);
  });
});

describe('what version 2 adds', () => {
  it('keeps the renderer state per conversation and each reply\'s sentence key', () => {
    const s = Store.open(':memory:');
    const c = s.conversationFor('+32470112233', 1000, 1);
    s.addOutbox({ conversation: c.id, number: c.number, kind: 'sms', text: 'wa hebde ', tactic: 'ask_menu', decision: null, created_ms: 1, due_ms: 2, state: 'review', sentence_key: 'wa hebde' });
    s.setRendererState(c.id, '{"v":1}');
    s.setRendererState(c.id, '{"v":2}');
    expect(s.rendererState(c.id)).toBe('{"v":2}');
    expect(s.sentenceMemory(c.number)).toEqual([{ key: 'wa hebde', text: 'wa hebde ' }]);
    expect(s.sentenceMemory('+32470000000')).toEqual([]);
    s.close();
  });

  it('remembers the clock: the latest stored time, never moved back by an older save', () => {
    const s = Store.open(':memory:');
    expect(s.lastIssuedMs()).toBeNull();
    const c = s.conversationFor('+32470112233', 5000, 1);
    s.addEvent({ conversation: c.id, ts_ms: 7000, direction: 'in', kind: 'sms', text: 'x', processed: false });
    expect(s.lastIssuedMs()).toBe(7000);
    s.saveClockMs(9000);
    s.saveClockMs(8000);
    expect(s.lastIssuedMs()).toBe(9000);
    expect(s.undecided()).toEqual({ count: 1, oldestMs: 7000 });
    s.close();
  });
});

describe('what version 3 adds', () => {
  it('an upgraded row has no send id, no delivery report and no lookup pending; the first attempt fixes a send id that retries keep', () => {
    const file = join(dir, 'old.db');
    version1Db(file);
    const s = Store.open(file, 'write');
    expect(s.outbox(1)).toMatchObject({ send_id: null, check_first: false, delivery: null, delivery_ms: null, delivery_error: null });
    expect(s.conversation(1)).toMatchObject({ sim_number: null, device_id: null });
    expect(s.events(1)[0]).toMatchObject({ received_ms: null });
    const id = s.addOutbox({ conversation: 1, number: '+32470112233', kind: 'sms', text: 'ok', tactic: null, decision: null, created_ms: 6000, due_ms: 6000, state: 'scheduled' });
    expect(s.markSending(id, 'first-id')).toBe(true);
    s.retryLater(id, 7000, 'timeout');
    expect(s.markSending(id, 'second-id')).toBe(true);
    expect(s.outbox(id)).toMatchObject({ send_id: 'first-id', attempts: 2 });
    expect(s.outboxByGatewayRef('first-id')?.id).toBe(id);
    s.close();
  });

  it('keeps where a conversation came in, and delivery reports found by send id or by the gateway\'s own id', () => {
    const s = Store.open(':memory:');
    const c = s.conversationFor('+32470112233', 1000, 1);
    s.setRoute(c.id, 2, 'PyDmBQZZXYmyxMwED8Fzy');
    s.setRoute(c.id, null, null); // a message that names neither keeps what was known
    expect(s.conversation(c.id)).toMatchObject({ sim_number: 2, device_id: 'PyDmBQZZXYmyxMwED8Fzy' });
    const id = s.addOutbox({ conversation: c.id, number: c.number, kind: 'sms', text: 'ok', tactic: null, decision: null, created_ms: 1, due_ms: 1, state: 'scheduled' });
    s.markSending(id);
    expect(s.outbox(id)!.send_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    s.markSent(id, 2, 'SM0123456789abcdef0123456789abcdef');
    expect(s.outboxByGatewayRef('SM0123456789abcdef0123456789abcdef')?.id).toBe(id);
    expect(s.outboxByGatewayRef('SMnothing')).toBeUndefined();
    s.setDelivery(id, 'undelivered', 3, '30006');
    expect(s.outbox(id)).toMatchObject({ delivery: 'undelivered', delivery_ms: 3, delivery_error: '30006' });
    expect(s.deliveryCounts()).toEqual({ undelivered: 1 });
    s.close();
  });

  it('two rows never share a send id (the gateway would answer the second with 409)', () => {
    const s = Store.open(':memory:');
    const c = s.conversationFor('+32470112233', 1000, 1);
    const row = () => s.addOutbox({ conversation: c.id, number: c.number, kind: 'sms', text: 'ok', tactic: null, decision: null, created_ms: 1, due_ms: 1, state: 'scheduled' });
    const a = row();
    const b = row();
    s.markSending(a, 'same');
    expect(() => s.markSending(b, 'same')).toThrow(/UNIQUE/);
    s.close();
  });
});

describe('what version 4 adds', () => {
  it('keeps a call\'s duration on its event, and only on a call', () => {
    const s = Store.open(':memory:');
    const c = s.conversationFor('+32470112233', 1000, 1);
    const sms = s.addEvent({ conversation: c.id, ts_ms: 1000, direction: 'in', kind: 'sms', text: 'bel me', processed: true });
    const call = s.addEvent({ conversation: c.id, ts_ms: 2000, direction: 'in', kind: 'call', text: '', processed: true });
    expect(s.event(call)!.duration_s).toBeNull();
    expect(s.setCallDuration(call, 37)).toBe(true);
    expect(s.setCallDuration(sms, 37)).toBe(false);
    expect(s.event(call)!.duration_s).toBe(37);
    expect(s.event(sms)!.duration_s).toBeNull();
    s.addEvent({ conversation: c.id, ts_ms: 3000, direction: 'in', kind: 'meeting', text: '', processed: true });
    expect(s.callAndMeetingCounts()).toEqual({ calls: 1, callSeconds: 37, meetings: 1 });
    s.close();
  });

  it('a version 1 file upgraded keeps its events, with no duration', () => {
    const file = join(dir, 'old.db');
    version1Db(file);
    const s = Store.open(file, 'write');
    expect(s.events(1)).toMatchObject([{ text: 'coke te koop', duration_s: null }]);
    s.close();
  });
});
