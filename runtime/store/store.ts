// The runtime's durable state: one SQLite file (WAL) holding conversations, events, decisions,
// the outbox of scheduled sends, operator alerts, the audit log, number states (engaged,
// ignored, stopped) and the ids of inbound messages already accepted (dedupe).
// This class is the only door to it: the engine, the dispatcher, the operator commands, the
// webhooks and serve call methods named for what they do, and no SQL lives outside
// runtime/store/ (statements in statements.ts, layout in schema.ts, rows in rows.ts, opening
// and refusing files in open.ts).
// Every method is one short synchronous transaction: better-sqlite3 commits before it returns,
// so "accepted" in the engine means "on disk".
import { randomBytes, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { DealerAct, SafetyFlag } from '../../core/acts.js';
import type { Lang } from '../../core/lang.js';
import type { Tactic } from '../../core/tactics.js';
import { BadRowError } from './errors.js';
import { openDatabase, type StoreAccess } from './open.js';
import {
  conversationRow,
  decisionRow,
  eventRow,
  isDeliveryState,
  isNumberState,
  isOutboxState,
  outboxRow,
  type AlertRow,
  type ConversationRow,
  type DecisionRow,
  type DeliveryState,
  type EventRow,
  type NumberState,
  type OutboxRow,
  type OutboxState,
} from './rows.js';
import type { Table } from './schema.js';
import { prepareStatements, type Statements } from './statements.js';

export type { StoreAccess } from './open.js';

/** An event to store: the columns without a default are required. */
export type NewEvent = Pick<EventRow, 'conversation' | 'ts_ms' | 'direction' | 'kind' | 'text' | 'processed'> &
  Partial<Pick<EventRow, 'act' | 'confidence' | 'lang' | 'safety' | 'tactic' | 'propensity' | 'policy' | 'source' | 'received_ms' | 'duration_s'>>;

export interface NewDecision {
  conversation: number;
  trigger: number | null;
  ts_ms: number;
  features_hash: string | null;
  tactic: Tactic;
  probability: number;
  bundle_id: string;
  probs: number[];
  masked: Tactic[];
}

export type NewOutbox = Pick<OutboxRow, 'conversation' | 'number' | 'kind' | 'text' | 'tactic' | 'decision' | 'created_ms' | 'due_ms' | 'state'> &
  Partial<Pick<OutboxRow, 'sentence_key'>>;

/** One reply written for a number: its no-repeat key (null before store version 2) and its text. */
export interface SentenceMemory {
  key: string | null;
  text: string;
}

export class Store {
  private readonly db: Database.Database;
  private readonly st: Statements;

  /**
   * Opens (or, for `create`, makes) the database at `file`; ':memory:' is a fresh one. Refuses
   * a missing file (unless `create`), someone else's file and a newer version, each with a
   * StoreError and without touching the file (open.ts).
   */
  static open(file: string, access: StoreAccess = 'create'): Store {
    return new Store(openDatabase(file, access));
  }

  private constructor(db: Database.Database) {
    this.db = db;
    this.st = prepareStatements(db);
  }

  /** opened with access `read`: every write throws */
  get readonly(): boolean {
    return this.db.readonly;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Runs fn in one transaction (nested calls join the outer one). */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Throws if the database cannot answer (for /health). */
  ping(): void {
    this.st.ping.get();
  }

  /**
   * Leaves WAL checkpoints to someone else (serve's Checkpointer worker): SQLite's automatic
   * one runs inside whichever commit crosses 1,000 pages, fsyncs included.
   */
  disableAutoCheckpoint(): void {
    this.db.pragma('wal_autocheckpoint = 0');
  }

  /** Rows in a table: for tests, benchmarks and the curious. */
  rowCount(table: Table): number {
    return this.st.rowCount[table].get()?.n ?? 0;
  }

  // --- inbound ---------------------------------------------------------------------------

  seenInbound(transport: string, msgId: string): number | undefined {
    return this.st.inboundEvent.get(transport, msgId)?.event;
  }

  markInbound(transport: string, msgId: string, event: number): void {
    this.st.addInbound.run(transport, msgId, event);
  }

  numberState(number: string): NumberState | undefined {
    const r = this.st.numberState.get(number);
    if (r === undefined) return undefined;
    if (!isNumberState(r.state)) throw new BadRowError('numbers', number, 'state', r.state);
    return r.state;
  }

  setNumberState(number: string, state: NumberState, reason: string, ts: number): void {
    this.st.setNumberState.run({ number, state, reason, ts });
  }

  /** How many numbers are in each state. */
  numberStateCounts(): Partial<Record<NumberState, number>> {
    const out: Partial<Record<NumberState, number>> = {};
    for (const r of this.st.numberStateCounts.all()) {
      if (!isNumberState(r.state)) throw new BadRowError('numbers', `(state ${r.state})`, 'state', r.state);
      out[r.state] = r.n;
    }
    return out;
  }

  // --- conversations and events ----------------------------------------------------------

  /** The number's current conversation, or a new one after `gapMs` of silence. */
  conversationFor(number: string, ts: number, gapMs: number): ConversationRow {
    const raw = this.st.lastConversationOf.get(number);
    if (raw && ts - raw.last_ms <= gapMs) {
      this.st.touchConversation.run(ts, raw.id);
      return { ...conversationRow(raw), last_ms: Math.max(raw.last_ms, ts) };
    }
    const id = Number(this.st.addConversation.run(number, ts, ts).lastInsertRowid);
    return { id, number, started_ms: ts, last_ms: ts, lang: null, place: null, sim_number: null, device_id: null };
  }

  /** Where the dealer's latest message came in (SIM and gateway device); null keeps what was known. */
  setRoute(conversation: number, simNumber: number | null, deviceId: string | null): void {
    if (simNumber !== null || deviceId !== null) this.st.setRoute.run(simNumber, deviceId, conversation);
  }

  conversation(id: number): ConversationRow | undefined {
    const r = this.st.conversation.get(id);
    return r && conversationRow(r);
  }

  /** Every conversation, oldest first (export). */
  conversations(): ConversationRow[] {
    return this.st.allConversations.all().map(conversationRow);
  }

  /** The conversations with one number, oldest first. */
  conversationsOf(number: string): ConversationRow[] {
    return this.st.conversationsOf.all(number).map(conversationRow);
  }

  /** Conversations with an event after `since`. */
  conversationsActiveSince(since: number): number {
    return this.st.conversationsActiveSince.get(since)?.n ?? 0;
  }

  /** Fixes the bot's language and meeting place for a conversation (the first setting wins). */
  setPersona(conversation: number, lang: Lang, place: string): void {
    this.st.setPersona.run(lang, place, conversation);
  }

  addEvent(e: NewEvent): number {
    this.st.touchConversation.run(e.ts_ms, e.conversation);
    return Number(
      this.st.addEvent.run({
        act: null, confidence: null, lang: null, safety: null, tactic: null, propensity: null, policy: null, source: null, received_ms: null, duration_s: null,
        ...e,
        processed: e.processed ? 1 : 0,
      }).lastInsertRowid,
    );
  }

  event(id: number): EventRow | undefined {
    const r = this.st.event.get(id);
    return r && eventRow(r);
  }

  /** What the NLU read in an inbound event. */
  classifyEvent(id: number, act: DealerAct, confidence: number, lang: Lang, safety: SafetyFlag): void {
    this.st.classifyEvent.run(act, confidence, lang, safety, id);
  }

  /** An inbound event's text completed after it was stored (an MMS's body, once the phone downloaded it). */
  setEventText(id: number, text: string): void {
    this.st.setEventText.run(text, id);
  }

  markProcessed(id: number): void {
    this.st.markProcessed.run(id);
  }

  /** How long a stored call was connected (the gateway's status callback); false if `id` is no call. */
  setCallDuration(id: number, seconds: number): boolean {
    return this.st.setDuration.run(seconds, id).changes === 1;
  }

  /** Dealer calls (with their seconds) and meetings he went to, over the whole store. */
  callAndMeetingCounts(): { calls: number; callSeconds: number; meetings: number } {
    const out = { calls: 0, callSeconds: 0, meetings: 0 };
    for (const r of this.st.inboundKindCounts.all()) {
      if (r.kind === 'call') {
        out.calls = r.n;
        out.callSeconds = r.seconds ?? 0;
      } else if (r.kind === 'meeting') out.meetings = r.n;
    }
    return out;
  }

  /** Events accepted but not yet decided on (a crash in between), oldest first. */
  unprocessedEvents(): number[] {
    return this.st.unprocessedEvents.all().map((r) => r.id);
  }

  /** Accepted messages not decided on yet, and when the oldest of them arrived (clock ms). */
  undecided(): { count: number; oldestMs: number | null } {
    const r = this.st.undecided.get();
    return { count: r?.n ?? 0, oldestMs: r?.t ?? null };
  }

  /** A conversation's events in time order. */
  events(conversation: number): EventRow[] {
    return this.st.eventsOf.all(conversation).map(eventRow);
  }

  /** The last `n` of a conversation's events, in time order. */
  lastEvents(conversation: number, n: number): EventRow[] {
    return this.st.lastEventsOf.all(conversation, n).map(eventRow);
  }

  // --- decisions -----------------------------------------------------------------------------

  addDecision(d: NewDecision): number {
    const { trigger, ...rest } = d;
    return Number(
      this.st.addDecision.run({ ...rest, trigger_event: trigger, probs: JSON.stringify(d.probs), masked: JSON.stringify(d.masked) }).lastInsertRowid,
    );
  }

  decision(id: number): DecisionRow | undefined {
    const r = this.st.decision.get(id);
    return r && decisionRow(r);
  }

  lastDecision(conversation: number): DecisionRow | undefined {
    const r = this.st.lastDecisionOf.get(conversation);
    return r && decisionRow(r);
  }

  // --- outbox --------------------------------------------------------------------------------

  addOutbox(r: NewOutbox): number {
    return Number(this.st.addOutbox.run({ sentence_key: null, ...r }).lastInsertRowid);
  }

  /** Every reply ever written for `number` (sent or not, any conversation), oldest first. */
  sentenceMemory(number: string): SentenceMemory[] {
    return this.st.sentenceMemory.all(number);
  }

  /** Scheduled or sending rows whose due time is before `before`. */
  overdueCount(before: number): number {
    return this.st.overdue.get(before)?.n ?? 0;
  }

  // --- renderer state and the clock ------------------------------------------------------------

  /** The renderer's saved state for a conversation (opaque to the store), if any. */
  rendererState(conversation: number): string | null {
    return this.st.rendererState.get(conversation)?.state ?? null;
  }

  setRendererState(conversation: number, state: string): void {
    this.st.setRendererState.run(conversation, state);
  }

  /** The latest clock time the store holds (events, decisions, replies, alerts, the saved clock). */
  lastIssuedMs(): number | null {
    return this.st.lastIssued.get()?.t ?? null;
  }

  /** Remembers the clock's time (only ever moves forward). */
  saveClockMs(ms: number): void {
    this.st.setClockMs.run(Math.floor(ms));
  }

  outbox(id: number): OutboxRow | undefined {
    const r = this.st.outbox.get(id);
    return r && outboxRow(r);
  }

  /** A conversation's outbox rows (replies and timers, in every state), oldest first. */
  outboxOf(conversation: number): OutboxRow[] {
    return this.st.outboxOf.all(conversation).map(outboxRow);
  }

  /** Scheduled rows due at `now`, earliest first. */
  dueOutbox(now: number, limit = 100): OutboxRow[] {
    return this.st.dueOutbox.all(now, limit).map(outboxRow);
  }

  /** When the next scheduled row falls due; null when none is scheduled. */
  nextDueMs(): number | null {
    return this.st.nextDue.get()?.t ?? null;
  }

  outboxInState(state: OutboxState, limit = 1000): OutboxRow[] {
    return this.st.outboxInState.all(state, limit).map(outboxRow);
  }

  /** The operator's queue by state: rows waiting for review or the clock, going out, or unknown. */
  queueCounts(): Partial<Record<OutboxState, number>> {
    const out: Partial<Record<OutboxState, number>> = {};
    for (const r of this.st.queueCounts.all()) {
      if (!isOutboxState(r.state)) throw new BadRowError('outbox', `(state ${r.state})`, 'state', r.state);
      out[r.state] = r.n;
    }
    return out;
  }

  /** The latest rows that recorded an error, newest first. */
  lastErrors(limit = 5): { id: number; error: string }[] {
    return this.st.lastErrors.all(limit);
  }

  setOutboxState(id: number, state: OutboxState): void {
    this.st.setOutboxState.run(state, id);
  }

  /** The dealer wrote again: replies still waiting are replaced by a fresh decision. */
  /** Whether anything of this conversation waits for review, the clock or the gateway. */
  hasPending(conversation: number): boolean {
    return this.st.hasPending.get(conversation) !== undefined;
  }

  supersedePending(conversation: number): number {
    return this.st.supersedePending.run(conversation).changes;
  }

  /** The number stopped or was denied: nothing still waiting goes out. */
  cancelPendingForNumber(number: string): number {
    return this.st.cancelPendingForNumber.run(number).changes;
  }

  /**
   * scheduled → sending, committed before the gateway is called; false if someone else moved it.
   * `sendId` becomes the row's send id on its first attempt; later attempts keep the first one.
   */
  markSending(id: number, sendId: string = randomUUID()): boolean {
    return this.st.markSending.run(sendId, id).changes === 1;
  }

  /** The next attempt must look the message up at the gateway before sending it again (or not). */
  setCheckFirst(id: number, on: boolean): void {
    this.st.setCheckFirst.run(on ? 1 : 0, id);
  }

  /** The reply a gateway's report names: by our send id, else by the gateway's own id (Twilio's sid). */
  outboxByGatewayRef(ref: string): OutboxRow | undefined {
    const r = this.st.outboxBySendId.get(ref) ?? this.st.outboxByGatewayId.get(ref);
    return r && outboxRow(r);
  }

  setDelivery(id: number, state: DeliveryState, ts: number, error: string | null): void {
    this.st.setDelivery.run(state, ts, error, id);
  }

  /** Sent replies by what their gateway last reported (`none`: no report). */
  deliveryCounts(): Partial<Record<DeliveryState | 'none', number>> {
    const out: Partial<Record<DeliveryState | 'none', number>> = {};
    for (const r of this.st.deliveryCounts.all()) {
      if (r.delivery !== null && !isDeliveryState(r.delivery)) throw new BadRowError('outbox', `(delivery ${r.delivery})`, 'delivery', r.delivery);
      out[r.delivery ?? 'none'] = r.n;
    }
    return out;
  }

  /** sending → sent; false if the row was not in "sending". */
  markSent(id: number, ts: number, gatewayId: string | null): boolean {
    return this.st.markSent.run(ts, gatewayId, id).changes === 1;
  }

  retryLater(id: number, due: number, error: string): void {
    this.st.retryLater.run(due, error, id);
  }

  /** Puts a row in a final state (done, cancelled, blocked, failed, unknown) with the reason. */
  finish(id: number, state: OutboxState, error: string | null): void {
    this.st.finishOutbox.run(state, error, id);
  }

  /** Moves a row's due time (a cap was reached) and says why. */
  defer(id: number, due: number, reason: string): void {
    this.st.deferOutbox.run(due, reason, id);
  }

  editText(id: number, text: string): void {
    this.st.editOutboxText.run(text, id);
  }

  /**
   * Messages sent after `since`, to one number or in all, counted up to `atMost`: a cap check
   * needs to know only whether the cap is reached, and a busy day holds thousands of sends.
   */
  sentCount(since: number, number?: string, atMost = Number.MAX_SAFE_INTEGER): number {
    return (number === undefined ? this.st.sentSince.get(since, atMost) : this.st.sentToNumberSince.get(number, since, atMost))?.n ?? 0;
  }

  /** The oldest send after `since` (to one number or in all): when a cap frees a place. */
  oldestSent(since: number, number?: string): number | null {
    return (number === undefined ? this.st.oldestSentSince.get(since) : this.st.oldestSentToNumberSince.get(number, since))?.t ?? null;
  }

  // --- operator ------------------------------------------------------------------------------

  alert(ts: number, kind: string, message: string, number: string | null = null, conversation: number | null = null): number {
    return Number(this.st.addAlert.run(ts, kind, number, conversation, message).lastInsertRowid);
  }

  /** The latest alerts, newest first. */
  alerts(limit = 20): AlertRow[] {
    return this.st.alerts.all(limit);
  }

  audit(ts: number, actor: string, action: string, detail: unknown = null): void {
    this.st.addAudit.run(ts, actor, action, detail === null ? null : JSON.stringify(detail));
  }

  /** serve's last health report (health.ts), as it wrote it; undefined when there is none. */
  serveHealth(): unknown {
    const v = this.st.setting.get('serve_health')?.value;
    if (v === undefined) return undefined;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return undefined;
    }
  }

  saveServeHealth(report: unknown): void {
    this.st.setSetting.run('serve_health', JSON.stringify(report));
  }

  /**
   * The secret personas are drawn from: `configured` when given, else the one kept in this
   * database, generated the first time it is asked for (32 random bytes, hex, unless `generate`
   * says otherwise: `serve --seed` makes it from the seed) and stored.
   */
  personaSecret(configured?: string, generate: () => string = () => randomBytes(32).toString('hex')): string {
    if (configured) return configured;
    const v = this.st.setting.get('persona_secret')?.value;
    if (v) return v;
    const fresh = generate();
    if (!this.readonly) this.st.setSetting.run('persona_secret', fresh);
    return fresh;
  }

  killSwitch(): boolean {
    return this.st.setting.get('kill')?.value === 'on';
  }

  setKillSwitch(on: boolean): void {
    this.st.setSetting.run('kill', on ? 'on' : 'off');
  }
}
