// The runtime's durable state: one SQLite file (WAL) holding conversations, events, decisions,
// the outbox of scheduled sends, operator alerts, the audit log, number states (engaged,
// ignored, stopped) and the ids of inbound messages already accepted (dedupe).
// Every method is one short synchronous transaction: better-sqlite3 commits before it returns,
// so "accepted" in the engine means "on disk".
import Database from 'better-sqlite3';

export type NumberState = 'engaged' | 'ignored' | 'stopped' | 'escalated' | 'denied';
export type OutboxState =
  | 'review' // waiting for an operator's yes/no
  | 'scheduled' // will be sent (or, for kind 'decide', decided) at due_ms
  | 'sending' // handed to the gateway; outcome unknown until marked
  | 'sent'
  | 'done' // a `decide` row whose decision was made
  | 'rejected' // operator said no
  | 'superseded' // the dealer wrote again before it went out; a fresh decision replaced it
  | 'cancelled' // the number stopped or was denied
  | 'blocked' // the outbound filter refused it
  | 'failed' // the gateway refused it too often
  | 'unknown'; // crash while sending and the gateway cannot tell: held for the operator

export interface EventRow {
  id: number;
  conversation: number;
  ts_ms: number;
  direction: 'in' | 'out';
  kind: 'sms' | 'mms' | 'call' | 'meeting' | 'wait';
  text: string;
  act: string | null;
  confidence: number | null;
  lang: string | null;
  safety: string | null;
  tactic: string | null;
  propensity: number | null;
  policy: string | null;
  source: string | null;
  processed: number;
}

export interface ConversationRow {
  id: number;
  number: string;
  started_ms: number;
  last_ms: number;
  lang: string | null;
  place: string | null;
}

export interface OutboxRow {
  id: number;
  conversation: number;
  number: string;
  kind: 'sms' | 'decide';
  text: string;
  tactic: string | null;
  decision: number | null;
  created_ms: number;
  due_ms: number;
  state: OutboxState;
  attempts: number;
  last_error: string | null;
  sent_ms: number | null;
  gateway_id: string | null;
}

export interface AlertRow {
  id: number;
  ts_ms: number;
  kind: string;
  number: string | null;
  conversation: number | null;
  message: string;
}

export interface DecisionInput {
  conversation: number;
  trigger: number | null;
  ts_ms: number;
  features_hash: string | null;
  tactic: string;
  probability: number;
  bundle_id: string;
  probs: number[];
  masked: string[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS numbers (
  number TEXT PRIMARY KEY, state TEXT NOT NULL, reason TEXT,
  first_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS conversations (
  id INTEGER PRIMARY KEY, number TEXT NOT NULL, started_ms INTEGER NOT NULL, last_ms INTEGER NOT NULL,
  lang TEXT, place TEXT);
CREATE INDEX IF NOT EXISTS conversations_number ON conversations(number, last_ms);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY, conversation INTEGER NOT NULL, ts_ms INTEGER NOT NULL,
  direction TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
  act TEXT, confidence REAL, lang TEXT, safety TEXT,
  tactic TEXT, propensity REAL, policy TEXT, source TEXT,
  processed INTEGER NOT NULL DEFAULT 1);
CREATE INDEX IF NOT EXISTS events_conversation ON events(conversation, id);
CREATE INDEX IF NOT EXISTS events_unprocessed ON events(processed) WHERE processed = 0;
CREATE TABLE IF NOT EXISTS inbound_ids (
  transport TEXT NOT NULL, msg_id TEXT NOT NULL, event INTEGER NOT NULL,
  PRIMARY KEY (transport, msg_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS decisions (
  id INTEGER PRIMARY KEY, conversation INTEGER NOT NULL, trigger_event INTEGER, ts_ms INTEGER NOT NULL,
  features_hash TEXT, tactic TEXT NOT NULL, probability REAL NOT NULL, bundle_id TEXT NOT NULL,
  probs TEXT NOT NULL, masked TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY, conversation INTEGER NOT NULL, number TEXT NOT NULL, kind TEXT NOT NULL,
  text TEXT NOT NULL, tactic TEXT, decision INTEGER, created_ms INTEGER NOT NULL, due_ms INTEGER NOT NULL,
  state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, sent_ms INTEGER, gateway_id TEXT);
CREATE INDEX IF NOT EXISTS outbox_state_due ON outbox(state, due_ms);
CREATE INDEX IF NOT EXISTS outbox_conversation ON outbox(conversation, state);
CREATE INDEX IF NOT EXISTS outbox_sent ON outbox(number, sent_ms) WHERE state = 'sent';
CREATE TABLE IF NOT EXISTS alerts (
  id INTEGER PRIMARY KEY, ts_ms INTEGER NOT NULL, kind TEXT NOT NULL, number TEXT, conversation INTEGER,
  message TEXT NOT NULL, acknowledged INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY, ts_ms INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

const STORE_VERSION = '1';
const ACTIVE_OUT = `('review','scheduled')`;

export class Store {
  readonly db: Database.Database;
  private readonly st: Record<string, Database.Statement>;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit is in the OS once the call returns, so it survives kill -9
    // and any crash of this process; a power cut may lose the last few commits. FULL would
    // also cover power loss at ~4 ms per commit (measured), capping webhooks near 150/s.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.db.prepare(`INSERT OR IGNORE INTO settings(key, value) VALUES ('store_version', ?)`).run(STORE_VERSION);
    const p = (sql: string) => this.db.prepare(sql);
    this.st = {
      seen: p(`SELECT event FROM inbound_ids WHERE transport = ? AND msg_id = ?`),
      addSeen: p(`INSERT INTO inbound_ids(transport, msg_id, event) VALUES (?, ?, ?)`),
      numberState: p(`SELECT state FROM numbers WHERE number = ?`),
      setNumber: p(`INSERT INTO numbers(number, state, reason, first_ms, updated_ms) VALUES (@number, @state, @reason, @ts, @ts)
        ON CONFLICT(number) DO UPDATE SET state = excluded.state, reason = excluded.reason, updated_ms = excluded.updated_ms`),
      lastConversation: p(`SELECT * FROM conversations WHERE number = ? ORDER BY last_ms DESC LIMIT 1`),
      conversation: p(`SELECT * FROM conversations WHERE id = ?`),
      newConversation: p(`INSERT INTO conversations(number, started_ms, last_ms) VALUES (?, ?, ?)`),
      touchConversation: p(`UPDATE conversations SET last_ms = max(last_ms, ?) WHERE id = ?`),
      setConversationPersona: p(`UPDATE conversations SET lang = coalesce(lang, ?), place = coalesce(place, ?) WHERE id = ?`),
      addEvent: p(`INSERT INTO events(conversation, ts_ms, direction, kind, text, act, confidence, lang, safety, tactic, propensity, policy, source, processed)
        VALUES (@conversation, @ts_ms, @direction, @kind, @text, @act, @confidence, @lang, @safety, @tactic, @propensity, @policy, @source, @processed)`),
      event: p(`SELECT * FROM events WHERE id = ?`),
      classifyEvent: p(`UPDATE events SET act = ?, confidence = ?, lang = ?, safety = ? WHERE id = ?`),
      markProcessed: p(`UPDATE events SET processed = 1 WHERE id = ?`),
      unprocessed: p(`SELECT id FROM events WHERE processed = 0 ORDER BY id`),
      events: p(`SELECT * FROM events WHERE conversation = ? ORDER BY ts_ms, id`),
      addDecision: p(`INSERT INTO decisions(conversation, trigger_event, ts_ms, features_hash, tactic, probability, bundle_id, probs, masked)
        VALUES (@conversation, @trigger, @ts_ms, @features_hash, @tactic, @probability, @bundle_id, @probs, @masked)`),
      decision: p(`SELECT * FROM decisions WHERE id = ?`),
      lastDecision: p(`SELECT * FROM decisions WHERE conversation = ? ORDER BY id DESC LIMIT 1`),
      addOutbox: p(`INSERT INTO outbox(conversation, number, kind, text, tactic, decision, created_ms, due_ms, state)
        VALUES (@conversation, @number, @kind, @text, @tactic, @decision, @created_ms, @due_ms, @state)`),
      outbox: p(`SELECT * FROM outbox WHERE id = ?`),
      due: p(`SELECT * FROM outbox WHERE state = 'scheduled' AND due_ms <= ? ORDER BY due_ms, id LIMIT ?`),
      nextDue: p(`SELECT min(due_ms) AS t FROM outbox WHERE state = 'scheduled'`),
      byState: p(`SELECT * FROM outbox WHERE state = ? ORDER BY due_ms, id LIMIT ?`),
      setOutboxState: p(`UPDATE outbox SET state = ? WHERE id = ?`),
      supersede: p(`UPDATE outbox SET state = 'superseded' WHERE conversation = ? AND state IN ${ACTIVE_OUT}`),
      cancelNumber: p(`UPDATE outbox SET state = 'cancelled' WHERE number = ? AND state IN ${ACTIVE_OUT}`),
      markSending: p(`UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state = 'scheduled'`),
      markSent: p(`UPDATE outbox SET state = 'sent', sent_ms = ?, gateway_id = ? WHERE id = ? AND state = 'sending'`),
      retry: p(`UPDATE outbox SET state = 'scheduled', due_ms = ?, last_error = ? WHERE id = ?`),
      fail: p(`UPDATE outbox SET state = ?, last_error = ? WHERE id = ?`),
      defer: p(`UPDATE outbox SET due_ms = ?, last_error = ? WHERE id = ?`),
      edit: p(`UPDATE outbox SET text = ? WHERE id = ?`),
      sentSinceNumber: p(`SELECT count(*) AS n FROM outbox WHERE state = 'sent' AND number = ? AND sent_ms > ?`),
      sentSince: p(`SELECT count(*) AS n FROM outbox WHERE state = 'sent' AND sent_ms > ?`),
      oldestSentSinceNumber: p(`SELECT min(sent_ms) AS t FROM outbox WHERE state = 'sent' AND number = ? AND sent_ms > ?`),
      oldestSentSince: p(`SELECT min(sent_ms) AS t FROM outbox WHERE state = 'sent' AND sent_ms > ?`),
      addAlert: p(`INSERT INTO alerts(ts_ms, kind, number, conversation, message) VALUES (?, ?, ?, ?, ?)`),
      alerts: p(`SELECT id, ts_ms, kind, number, conversation, message FROM alerts ORDER BY id DESC LIMIT ?`),
      audit: p(`INSERT INTO audit(ts_ms, actor, action, detail) VALUES (?, ?, ?, ?)`),
      getSetting: p(`SELECT value FROM settings WHERE key = ?`),
      setSetting: p(`INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Runs fn in one transaction (nested calls join the outer one). */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // --- inbound ---------------------------------------------------------------------------

  seenInbound(transport: string, msgId: string): number | undefined {
    return (this.st.seen!.get(transport, msgId) as { event: number } | undefined)?.event;
  }

  markInbound(transport: string, msgId: string, event: number): void {
    this.st.addSeen!.run(transport, msgId, event);
  }

  numberState(number: string): NumberState | undefined {
    return (this.st.numberState!.get(number) as { state: NumberState } | undefined)?.state;
  }

  setNumberState(number: string, state: NumberState, reason: string, ts: number): void {
    this.st.setNumber!.run({ number, state, reason, ts });
  }

  /** The number's current conversation, or a new one after `gapMs` of silence. */
  conversationFor(number: string, ts: number, gapMs: number): ConversationRow {
    const last = this.st.lastConversation!.get(number) as ConversationRow | undefined;
    if (last && ts - last.last_ms <= gapMs) {
      this.st.touchConversation!.run(ts, last.id);
      return { ...last, last_ms: Math.max(last.last_ms, ts) };
    }
    const id = Number(this.st.newConversation!.run(number, ts, ts).lastInsertRowid);
    return { id, number, started_ms: ts, last_ms: ts, lang: null, place: null };
  }

  conversation(id: number): ConversationRow | undefined {
    return this.st.conversation!.get(id) as ConversationRow | undefined;
  }

  setPersona(conversation: number, lang: string, place: string): void {
    this.st.setConversationPersona!.run(lang, place, conversation);
  }

  addEvent(e: Omit<EventRow, 'id' | 'act' | 'confidence' | 'lang' | 'safety' | 'tactic' | 'propensity' | 'policy' | 'source'> &
    Partial<EventRow>): number {
    this.st.touchConversation!.run(e.ts_ms, e.conversation);
    return Number(
      this.st.addEvent!.run({
        act: null, confidence: null, lang: null, safety: null, tactic: null, propensity: null, policy: null, source: null,
        ...e,
      }).lastInsertRowid,
    );
  }

  event(id: number): EventRow | undefined {
    return this.st.event!.get(id) as EventRow | undefined;
  }

  classifyEvent(id: number, act: string, confidence: number, lang: string, safety: string | null): void {
    this.st.classifyEvent!.run(act, confidence, lang, safety, id);
  }

  markProcessed(id: number): void {
    this.st.markProcessed!.run(id);
  }

  unprocessedEvents(): number[] {
    return (this.st.unprocessed!.all() as { id: number }[]).map((r) => r.id);
  }

  events(conversation: number): EventRow[] {
    return this.st.events!.all(conversation) as EventRow[];
  }

  // --- decisions and outbox ----------------------------------------------------------------

  addDecision(d: DecisionInput): number {
    return Number(
      this.st.addDecision!.run({ ...d, probs: JSON.stringify(d.probs), masked: JSON.stringify(d.masked) }).lastInsertRowid,
    );
  }

  decision(id: number): { id: number; tactic: string; probability: number; bundle_id: string } | undefined {
    return this.st.decision!.get(id) as { id: number; tactic: string; probability: number; bundle_id: string } | undefined;
  }

  lastDecision(conversation: number): { id: number; tactic: string; probability: number; probs: string; masked: string } | undefined {
    return this.st.lastDecision!.get(conversation) as { id: number; tactic: string; probability: number; probs: string; masked: string } | undefined;
  }

  addOutbox(r: Pick<OutboxRow, 'conversation' | 'number' | 'kind' | 'text' | 'tactic' | 'decision' | 'created_ms' | 'due_ms' | 'state'>): number {
    return Number(this.st.addOutbox!.run(r).lastInsertRowid);
  }

  outbox(id: number): OutboxRow | undefined {
    return this.st.outbox!.get(id) as OutboxRow | undefined;
  }

  dueOutbox(now: number, limit = 100): OutboxRow[] {
    return this.st.due!.all(now, limit) as OutboxRow[];
  }

  nextDueMs(): number | null {
    return (this.st.nextDue!.get() as { t: number | null }).t;
  }

  outboxInState(state: OutboxState, limit = 1000): OutboxRow[] {
    return this.st.byState!.all(state, limit) as OutboxRow[];
  }

  setOutboxState(id: number, state: OutboxState): void {
    this.st.setOutboxState!.run(state, id);
  }

  supersedePending(conversation: number): number {
    return this.st.supersede!.run(conversation).changes;
  }

  cancelPendingForNumber(number: string): number {
    return this.st.cancelNumber!.run(number).changes;
  }

  /** scheduled → sending, committed before the gateway is called; false if someone else moved it. */
  markSending(id: number): boolean {
    return this.st.markSending!.run(id).changes === 1;
  }

  markSent(id: number, ts: number, gatewayId: string | null): boolean {
    return this.st.markSent!.run(ts, gatewayId, id).changes === 1;
  }

  retryLater(id: number, due: number, error: string): void {
    this.st.retry!.run(due, error, id);
  }

  finish(id: number, state: OutboxState, error: string | null): void {
    this.st.fail!.run(state, error, id);
  }

  defer(id: number, due: number, reason: string): void {
    this.st.defer!.run(due, reason, id);
  }

  editText(id: number, text: string): void {
    this.st.edit!.run(text, id);
  }

  sentCount(since: number, number?: string): number {
    const r = (number === undefined ? this.st.sentSince!.get(since) : this.st.sentSinceNumber!.get(number, since)) as { n: number };
    return r.n;
  }

  oldestSent(since: number, number?: string): number | null {
    const r = (number === undefined ? this.st.oldestSentSince!.get(since) : this.st.oldestSentSinceNumber!.get(number, since)) as {
      t: number | null;
    };
    return r.t;
  }

  // --- operator ----------------------------------------------------------------------------

  alert(ts: number, kind: string, message: string, number: string | null = null, conversation: number | null = null): number {
    return Number(this.st.addAlert!.run(ts, kind, number, conversation, message).lastInsertRowid);
  }

  alerts(limit = 20): AlertRow[] {
    return this.st.alerts!.all(limit) as AlertRow[];
  }

  audit(ts: number, actor: string, action: string, detail: unknown = null): void {
    this.st.audit!.run(ts, actor, action, detail === null ? null : JSON.stringify(detail));
  }

  setting(key: string): string | undefined {
    return (this.st.getSetting!.get(key) as { value: string } | undefined)?.value;
  }

  setSetting(key: string, value: string): void {
    this.st.setSetting!.run(key, value);
  }

  killSwitch(): boolean {
    return this.setting('kill') === 'on';
  }
}
