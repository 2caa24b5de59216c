// The layout of the runtime's SQLite file, and its version. `settings.store_version` marks a
// file as a dealerbot database of that layout: open.ts refuses a file without it (someone
// else's database) and one with a newer version (this build cannot know what it holds).
// Changing the layout means: bump STORE_VERSION, and teach open.ts to migrate a file of the
// previous version (in one transaction) or to refuse it with a message that says what to do.
import type Database from 'better-sqlite3';

export const STORE_VERSION = 1;

export const TABLES = ['numbers', 'conversations', 'events', 'inbound_ids', 'decisions', 'outbox', 'alerts', 'audit', 'settings'] as const;
export type Table = (typeof TABLES)[number];

const SCHEMA = `
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

/** Creates the tables in an empty database and stamps its version, in one transaction. */
export function createSchema(db: Database.Database): void {
  db.transaction(() => {
    db.exec(SCHEMA);
    db.prepare(`INSERT INTO settings(key, value) VALUES ('store_version', ?)`).run(String(STORE_VERSION));
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
