// The layout of the runtime's SQLite file, and its version. `settings.store_version` marks a
// file as a dealerbot database of that layout: open.ts refuses a file without it (someone
// else's database) and one with a newer version (this build cannot know what it holds).
//
// Changing the layout means: bump STORE_VERSION and add MIGRATIONS[old version], the SQL that
// turns a file of the previous version into the new one. A new file is made by the same path
// (version 1's layout, then every migration in turn), so an upgraded file and a fresh one
// cannot drift apart (open.test.ts compares them). open.ts runs the migrations of an older
// file in one transaction when it opens it for writing (serve, kill, review), and refuses it
// read-only (status, review list, export) with a message that says to start serve once.
//
// Versions:
//   1  the first layout (SCHEMA_V1 below)
//   2  outbox.sentence_key: the no-repeat identity of each reply (the renderer's sentence key,
//      before typos; stored text with typos does not give it back), and outbox_number to find
//      every reply ever written to one number; renderer_state: per conversation, the renderer's
//      random generator and counters, so that after a restart it continues where it stopped
//      instead of starting its sequence again. The settings rows `clock_ms` (the last time the
//      scaled clock handed out) and `serve_health` (serve's last health report) need no layout.
//      Rows of version 1 keep sentence_key NULL: readers fall back to the stored text.
//   3  gateways as they are in 2026 (issue 20): outbox.send_id, the globally unique id (UUID)
//      handed to gateways that dedupe by id, stored before the gateway is called so that a
//      reconciliation asks for exactly that id (rows of older versions keep NULL: the android
//      gateway then falls back to the old `dealerbot-<row>` id they were sent with);
//      outbox.check_first, set when a send may have reached a gateway that cannot dedupe
//      (a timeout): the next attempt looks the message up before it sends again;
//      outbox.delivery / delivery_ms / delivery_error, the last delivery state the gateway
//      reported (accepted, queued, sent, delivered, undelivered, failed) and its error code;
//      conversations.sim_number / device_id, where the dealer's last message came in, so the
//      reply leaves from the same SIM and phone; events.received_ms, when the phone says it
//      received a message (beside ts_ms, when it arrived here).
//   4  events.duration_s: seconds a dealer's call was connected (transcript v1's `duration_s`),
//      set by the call's status callback after the call event was stored (NULL: not known, or
//      not a call). Calls are deduped through inbound_ids like messages (transport
//      `twilio-voice` + CallSid), so the status callback finds its event there.
//   5  no layout change: outbox.kind may also be `settle` and `follow_up` (the decision
//      schedule's timers, core/schedule.ts). The version says so, because a build of version 4
//      would refuse those rows as damage.
//   6  outbox_sent_at: sent rows by send time. The caps count the day's sends before every
//      send; without it the global count walked every sent row of every number (41 s of a
//      170 s run with 1,000 conversations, the dispatcher's replies late by a second).
import type Database from 'better-sqlite3';

export const STORE_VERSION = 6;

export const TABLES = ['numbers', 'conversations', 'events', 'inbound_ids', 'decisions', 'outbox', 'alerts', 'audit', 'settings', 'renderer_state'] as const;
export type Table = (typeof TABLES)[number];

/** The tables a file of an older version has (open.ts checks them before migrating). */
export const TABLES_OF_VERSION: Record<number, readonly Table[]> = {
  1: TABLES.filter((t) => t !== 'renderer_state'),
  2: TABLES,
  3: TABLES,
  4: TABLES,
  5: TABLES,
  6: TABLES,
};

const SCHEMA_V1 = `
CREATE TABLE numbers (
  number TEXT PRIMARY KEY, state TEXT NOT NULL, reason TEXT,
  first_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
CREATE TABLE conversations (
  id INTEGER PRIMARY KEY, number TEXT NOT NULL, started_ms INTEGER NOT NULL, last_ms INTEGER NOT NULL,
  lang TEXT, place TEXT);
CREATE INDEX conversations_number ON conversations(number, last_ms);
CREATE TABLE events (
  id INTEGER PRIMARY KEY, conversation INTEGER NOT NULL, ts_ms INTEGER NOT NULL,
  direction TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
  act TEXT, confidence REAL, lang TEXT, safety TEXT,
  tactic TEXT, propensity REAL, policy TEXT, source TEXT,
  processed INTEGER NOT NULL DEFAULT 1);
CREATE INDEX events_conversation ON events(conversation, id);
CREATE INDEX events_unprocessed ON events(processed) WHERE processed = 0;
CREATE TABLE inbound_ids (
  transport TEXT NOT NULL, msg_id TEXT NOT NULL, event INTEGER NOT NULL,
  PRIMARY KEY (transport, msg_id)) WITHOUT ROWID;
CREATE TABLE decisions (
  id INTEGER PRIMARY KEY, conversation INTEGER NOT NULL, trigger_event INTEGER, ts_ms INTEGER NOT NULL,
  features_hash TEXT, tactic TEXT NOT NULL, probability REAL NOT NULL, bundle_id TEXT NOT NULL,
  probs TEXT NOT NULL, masked TEXT NOT NULL);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY, conversation INTEGER NOT NULL, number TEXT NOT NULL, kind TEXT NOT NULL,
  text TEXT NOT NULL, tactic TEXT, decision INTEGER, created_ms INTEGER NOT NULL, due_ms INTEGER NOT NULL,
  state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, sent_ms INTEGER, gateway_id TEXT);
CREATE INDEX outbox_state_due ON outbox(state, due_ms);
CREATE INDEX outbox_conversation ON outbox(conversation, state);
CREATE INDEX outbox_sent ON outbox(number, sent_ms) WHERE state = 'sent';
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY, ts_ms INTEGER NOT NULL, kind TEXT NOT NULL, number TEXT, conversation INTEGER,
  message TEXT NOT NULL, acknowledged INTEGER NOT NULL DEFAULT 0);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY, ts_ms INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** MIGRATIONS[v]: from version v to v + 1. Never edit one that has shipped: add the next. */
export const MIGRATIONS: Record<number, string> = {
  1: `
ALTER TABLE outbox ADD COLUMN sentence_key TEXT;
CREATE INDEX outbox_number ON outbox(number);
CREATE TABLE renderer_state (conversation INTEGER PRIMARY KEY, state TEXT NOT NULL);
`,
  2: `
ALTER TABLE outbox ADD COLUMN send_id TEXT;
ALTER TABLE outbox ADD COLUMN check_first INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN delivery TEXT;
ALTER TABLE outbox ADD COLUMN delivery_ms INTEGER;
ALTER TABLE outbox ADD COLUMN delivery_error TEXT;
CREATE UNIQUE INDEX outbox_send_id ON outbox(send_id) WHERE send_id IS NOT NULL;
CREATE INDEX outbox_gateway_id ON outbox(gateway_id) WHERE gateway_id IS NOT NULL;
ALTER TABLE conversations ADD COLUMN sim_number INTEGER;
ALTER TABLE conversations ADD COLUMN device_id TEXT;
ALTER TABLE events ADD COLUMN received_ms INTEGER;
`,
  3: `
ALTER TABLE events ADD COLUMN duration_s REAL;
`,
  4: `-- outbox kinds settle and follow_up; no layout change`,
  5: `
CREATE INDEX outbox_sent_at ON outbox(sent_ms) WHERE state = 'sent';
`,
};

/** Creates the tables in an empty database and stamps its version, in one transaction. */
export function createSchema(db: Database.Database): void {
  db.transaction(() => {
    db.exec(SCHEMA_V1);
    for (let v = 1; v < STORE_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.prepare(`INSERT INTO settings(key, value) VALUES ('store_version', ?)`).run(String(STORE_VERSION));
  })();
}

/** Brings a file of version `from` to STORE_VERSION, in one transaction (all or nothing). */
export function migrateSchema(db: Database.Database, from: number): void {
  db.transaction(() => {
    for (let v = from; v < STORE_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.prepare(`UPDATE settings SET value = ? WHERE key = 'store_version'`).run(String(STORE_VERSION));
  })();
}

/** Version 1's layout exactly as it shipped: for tests of the migration. */
export function createSchemaV1(db: Database.Database): void {
  db.transaction(() => {
    db.exec(SCHEMA_V1);
    db.prepare(`INSERT INTO settings(key, value) VALUES ('store_version', '1')`).run();
  })();
}

/** What a file says about itself: its schema objects, and its store_version if it has one. */
export interface FileSchema {
  /** tables, indexes, views and triggers, SQLite's own left out */
  objects: { type: string; name: string }[];
  /** settings.store_version, or undefined when there is no such table, column or row */
  version: string | undefined;
}

/** Reads the schema and version of any SQLite database, changing nothing. */
export function readFileSchema(db: Database.Database): FileSchema {
  const objects = db
    .prepare<[], { type: string; name: string }>(`SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`)
    .all();
  if (!objects.some((o) => o.type === 'table' && o.name === 'settings')) return { objects, version: undefined };
  try {
    const row = db.prepare<[], { value: unknown }>(`SELECT value FROM settings WHERE key = 'store_version'`).get();
    return { objects, version: row === undefined ? undefined : String(row.value) };
  } catch (e) {
    // a `settings` table of some other shape ("no such column"); damage is not that
    if ((e as { code?: unknown }).code === 'SQLITE_ERROR') return { objects, version: undefined };
    throw e;
  }
}
