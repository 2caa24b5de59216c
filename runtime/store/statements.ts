// Every SQL statement of the runtime, prepared once per connection. Each is a named property
// typed with its parameters and its raw result row, so a call with the wrong arguments or a
// read of a column that is not selected fails to compile. The Store (store.ts) wraps them in
// methods named for what they do and checks the rows it hands out (rows.ts).
import type Database from 'better-sqlite3';
import type { RawConversationRow, RawDecisionRow, RawEventRow, RawOutboxRow, AlertRow } from './rows.js';
import { TABLES, type Table } from './schema.js';

/** outbox rows still to go out: an operator or the clock may yet release them */
const ACTIVE_OUT = `('review','scheduled')`;

type Count = { n: number };
type Min = { t: number | null };

export function prepareStatements(db: Database.Database) {
  const p = db.prepare.bind(db) as Database.Database['prepare'];
  return {
    // --- inbound dedupe and number states ------------------------------------------------
    inboundEvent: p<[transport: string, msgId: string], { event: number }>(`SELECT event FROM inbound_ids WHERE transport = ? AND msg_id = ?`),
    addInbound: p<[transport: string, msgId: string, event: number]>(`INSERT INTO inbound_ids(transport, msg_id, event) VALUES (?, ?, ?)`),
    numberState: p<[number: string], { state: string }>(`SELECT state FROM numbers WHERE number = ?`),
    setNumberState: p<{ number: string; state: string; reason: string; ts: number }>(
      `INSERT INTO numbers(number, state, reason, first_ms, updated_ms) VALUES (@number, @state, @reason, @ts, @ts)
        ON CONFLICT(number) DO UPDATE SET state = excluded.state, reason = excluded.reason, updated_ms = excluded.updated_ms`,
    ),
    numberStateCounts: p<[], { state: string; n: number }>(`SELECT state, count(*) AS n FROM numbers GROUP BY state ORDER BY state`),

    // --- conversations and events ----------------------------------------------------------
    lastConversationOf: p<[number: string], RawConversationRow>(`SELECT * FROM conversations WHERE number = ? ORDER BY last_ms DESC LIMIT 1`),
    conversationsOf: p<[number: string], RawConversationRow>(`SELECT * FROM conversations WHERE number = ? ORDER BY id`),
    conversation: p<[id: number], RawConversationRow>(`SELECT * FROM conversations WHERE id = ?`),
    allConversations: p<[], RawConversationRow>(`SELECT * FROM conversations ORDER BY id`),
    conversationsActiveSince: p<[since: number], Count>(`SELECT count(*) AS n FROM conversations WHERE last_ms > ?`),
    addConversation: p<[number: string, started: number, last: number]>(`INSERT INTO conversations(number, started_ms, last_ms) VALUES (?, ?, ?)`),
    touchConversation: p<[ts: number, id: number]>(`UPDATE conversations SET last_ms = max(last_ms, ?) WHERE id = ?`),
    setPersona: p<[lang: string, place: string, id: number]>(`UPDATE conversations SET lang = coalesce(lang, ?), place = coalesce(place, ?) WHERE id = ?`),
    addEvent: p<Omit<RawEventRow, 'id'>>(
      `INSERT INTO events(conversation, ts_ms, direction, kind, text, act, confidence, lang, safety, tactic, propensity, policy, source, processed, received_ms, duration_s)
        VALUES (@conversation, @ts_ms, @direction, @kind, @text, @act, @confidence, @lang, @safety, @tactic, @propensity, @policy, @source, @processed, @received_ms, @duration_s)`,
    ),
    /** where the dealer's latest message came in (a message without a SIM or device keeps the old one) */
    setRoute: p<[sim: number | null, device: string | null, id: number]>(
      `UPDATE conversations SET sim_number = coalesce(?, sim_number), device_id = coalesce(?, device_id) WHERE id = ?`,
    ),
    event: p<[id: number], RawEventRow>(`SELECT * FROM events WHERE id = ?`),
    eventsOf: p<[conversation: number], RawEventRow>(`SELECT * FROM events WHERE conversation = ? ORDER BY ts_ms, id`),
    lastEventsOf: p<[conversation: number, n: number], RawEventRow>(
      `SELECT * FROM (SELECT * FROM events WHERE conversation = ? ORDER BY ts_ms DESC, id DESC LIMIT ?) ORDER BY ts_ms, id`,
    ),
    classifyEvent: p<[act: string, confidence: number, lang: string, safety: string | null, id: number]>(
      `UPDATE events SET act = ?, confidence = ?, lang = ?, safety = ? WHERE id = ?`,
    ),
    markProcessed: p<[id: number]>(`UPDATE events SET processed = 1 WHERE id = ?`),
    setEventText: p<[text: string, id: number]>(`UPDATE events SET text = ? WHERE id = ?`),
    setDuration: p<[seconds: number, id: number]>(`UPDATE events SET duration_s = ? WHERE id = ? AND kind = 'call'`),
    /** inbound calls and meetings per kind (status) */
    inboundKindCounts: p<[], { kind: string; n: number; seconds: number | null }>(
      `SELECT kind, count(*) AS n, sum(duration_s) AS seconds FROM events WHERE direction = 'in' AND kind IN ('call','meeting') GROUP BY kind ORDER BY kind`,
    ),
    unprocessedEvents: p<[], { id: number }>(`SELECT id FROM events WHERE processed = 0 ORDER BY id`),
    undecided: p<[], { n: number; t: number | null }>(`SELECT count(*) AS n, min(ts_ms) AS t FROM events WHERE processed = 0`),

    // --- renderer state and the clock ---------------------------------------------------------
    rendererState: p<[conversation: number], { state: string }>(`SELECT state FROM renderer_state WHERE conversation = ?`),
    setRendererState: p<[conversation: number, state: string]>(
      `INSERT INTO renderer_state(conversation, state) VALUES (?, ?) ON CONFLICT(conversation) DO UPDATE SET state = excluded.state`,
    ),
    /** the latest clock time stored anywhere (operator audit rows carry wall time: left out) */
    lastIssued: p<[], Min>(
      `SELECT max(t) AS t FROM (
         SELECT max(ts_ms) AS t FROM events UNION ALL SELECT max(ts_ms) FROM decisions
         UNION ALL SELECT max(created_ms) FROM outbox UNION ALL SELECT max(sent_ms) FROM outbox
         UNION ALL SELECT max(ts_ms) FROM alerts UNION ALL SELECT max(updated_ms) FROM numbers
         UNION ALL SELECT max(last_ms) FROM conversations
         UNION ALL SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'clock_ms')`,
    ),
    setClockMs: p<[ms: number]>(
      `INSERT INTO settings(key, value) VALUES ('clock_ms', ?) ON CONFLICT(key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))`,
    ),

    // --- decisions -------------------------------------------------------------------------
    addDecision: p<Omit<RawDecisionRow, 'id'>>(
      `INSERT INTO decisions(conversation, trigger_event, ts_ms, features_hash, tactic, probability, bundle_id, probs, masked)
        VALUES (@conversation, @trigger_event, @ts_ms, @features_hash, @tactic, @probability, @bundle_id, @probs, @masked)`,
    ),
    decision: p<[id: number], RawDecisionRow>(`SELECT * FROM decisions WHERE id = ?`),
    lastDecisionOf: p<[conversation: number], RawDecisionRow>(`SELECT * FROM decisions WHERE conversation = ? ORDER BY id DESC LIMIT 1`),

    // --- outbox ----------------------------------------------------------------------------
    addOutbox: p<Pick<RawOutboxRow, 'conversation' | 'number' | 'kind' | 'text' | 'tactic' | 'decision' | 'created_ms' | 'due_ms' | 'state' | 'sentence_key'>>(
      `INSERT INTO outbox(conversation, number, kind, text, tactic, decision, created_ms, due_ms, state, sentence_key)
        VALUES (@conversation, @number, @kind, @text, @tactic, @decision, @created_ms, @due_ms, @state, @sentence_key)`,
    ),
    /** every reply ever written for one number, whatever became of it (the no-repeat memory) */
    sentenceMemory: p<[number: string], { key: string | null; text: string }>(
      `SELECT sentence_key AS key, text FROM outbox WHERE number = ? AND kind = 'sms' ORDER BY id`,
    ),
    /** replies that should have gone out before a moment and have not */
    overdue: p<[before: number], Count>(`SELECT count(*) AS n FROM outbox WHERE state IN ('scheduled','sending') AND due_ms < ?`),
    outbox: p<[id: number], RawOutboxRow>(`SELECT * FROM outbox WHERE id = ?`),
    outboxOf: p<[conversation: number], RawOutboxRow>(`SELECT * FROM outbox WHERE conversation = ? ORDER BY id`),
    dueOutbox: p<[now: number, limit: number], RawOutboxRow>(`SELECT * FROM outbox WHERE state = 'scheduled' AND due_ms <= ? ORDER BY due_ms, id LIMIT ?`),
    nextDue: p<[], Min>(`SELECT min(due_ms) AS t FROM outbox WHERE state = 'scheduled'`),
    outboxInState: p<[state: string, limit: number], RawOutboxRow>(`SELECT * FROM outbox WHERE state = ? ORDER BY due_ms, id LIMIT ?`),
    /** the operator's queue: rows waiting (review, scheduled), going out, or held unresolved */
    queueCounts: p<[], { state: string; n: number }>(
      `SELECT state, count(*) AS n FROM outbox WHERE state IN ('review','scheduled','sending','unknown') GROUP BY state ORDER BY state`,
    ),
    lastErrors: p<[limit: number], { id: number; error: string }>(
      `SELECT id, last_error AS error FROM outbox WHERE last_error IS NOT NULL ORDER BY id DESC LIMIT ?`,
    ),
    setOutboxState: p<[state: string, id: number]>(`UPDATE outbox SET state = ? WHERE id = ?`),
    hasPending: p<[conversation: number], { one: number }>(`SELECT 1 AS one FROM outbox WHERE conversation = ? AND state IN ('review','scheduled','sending') LIMIT 1`),
    supersedePending: p<[conversation: number]>(`UPDATE outbox SET state = 'superseded' WHERE conversation = ? AND state IN ${ACTIVE_OUT}`),
    cancelPendingForNumber: p<[number: string]>(`UPDATE outbox SET state = 'cancelled' WHERE number = ? AND state IN ${ACTIVE_OUT}`),
    /** the send id is fixed on the first attempt and kept for every retry: the gateway dedupes by it */
    markSending: p<[sendId: string, id: number]>(
      `UPDATE outbox SET state = 'sending', attempts = attempts + 1, send_id = coalesce(send_id, ?) WHERE id = ? AND state = 'scheduled'`,
    ),
    setCheckFirst: p<[on: number, id: number]>(`UPDATE outbox SET check_first = ? WHERE id = ?`),
    outboxBySendId: p<[id: string], RawOutboxRow>(`SELECT * FROM outbox WHERE send_id = ?`),
    outboxByGatewayId: p<[id: string], RawOutboxRow>(`SELECT * FROM outbox WHERE gateway_id = ? ORDER BY id DESC LIMIT 1`),
    setDelivery: p<[state: string, ts: number, error: string | null, id: number]>(
      `UPDATE outbox SET delivery = ?, delivery_ms = ?, delivery_error = ? WHERE id = ?`,
    ),
    deliveryCounts: p<[], { delivery: string | null; n: number }>(
      `SELECT delivery, count(*) AS n FROM outbox WHERE state = 'sent' GROUP BY delivery ORDER BY delivery`,
    ),
    markSent: p<[ts: number, gatewayId: string | null, id: number]>(
      `UPDATE outbox SET state = 'sent', sent_ms = ?, gateway_id = ? WHERE id = ? AND state = 'sending'`,
    ),
    retryLater: p<[due: number, error: string, id: number]>(`UPDATE outbox SET state = 'scheduled', due_ms = ?, last_error = ? WHERE id = ?`),
    finishOutbox: p<[state: string, error: string | null, id: number]>(`UPDATE outbox SET state = ?, last_error = ? WHERE id = ?`),
    deferOutbox: p<[due: number, reason: string, id: number]>(`UPDATE outbox SET due_ms = ?, last_error = ? WHERE id = ?`),
    editOutboxText: p<[text: string, id: number]>(`UPDATE outbox SET text = ? WHERE id = ?`),
    sentSince: p<[since: number, limit: number], Count>(
      // INDEXED BY: without statistics SQLite prefers outbox_state_due and walks every sent row
      `SELECT count(*) AS n FROM (SELECT 1 FROM outbox INDEXED BY outbox_sent_at WHERE state = 'sent' AND sent_ms > ? LIMIT ?)`,
    ),
    sentToNumberSince: p<[number: string, since: number, limit: number], Count>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM outbox WHERE state = 'sent' AND number = ? AND sent_ms > ? LIMIT ?)`,
    ),
    oldestSentSince: p<[since: number], Min>(`SELECT min(sent_ms) AS t FROM outbox INDEXED BY outbox_sent_at WHERE state = 'sent' AND sent_ms > ?`),
    oldestSentToNumberSince: p<[number: string, since: number], Min>(
      `SELECT min(sent_ms) AS t FROM outbox WHERE state = 'sent' AND number = ? AND sent_ms > ?`,
    ),

    // --- operator: alerts, audit, settings ---------------------------------------------------
    addAlert: p<[ts: number, kind: string, number: string | null, conversation: number | null, message: string]>(
      `INSERT INTO alerts(ts_ms, kind, number, conversation, message) VALUES (?, ?, ?, ?, ?)`,
    ),
    alerts: p<[limit: number], AlertRow>(`SELECT id, ts_ms, kind, number, conversation, message FROM alerts ORDER BY id DESC LIMIT ?`),
    addAudit: p<[ts: number, actor: string, action: string, detail: string | null]>(`INSERT INTO audit(ts_ms, actor, action, detail) VALUES (?, ?, ?, ?)`),
    setting: p<[key: string], { value: string }>(`SELECT value FROM settings WHERE key = ?`),
    setSetting: p<[key: string, value: string]>(
      `INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    ),

    // --- housekeeping ------------------------------------------------------------------------
    ping: p<[], { ok: number }>(`SELECT 1 AS ok`),
    /** rows per table (table names are this file's constants, never input) */
    rowCount: Object.fromEntries(TABLES.map((t) => [t, p<[], Count>(`SELECT count(*) AS n FROM ${t}`)])) as Record<Table, Database.Statement<[], Count>>,
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
