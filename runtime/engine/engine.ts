// The runtime's decision loop for one inbound event: dedupe, store (committed before anyone is
// told "accepted"), classify, hard safety rules; then the decision schedule (core/schedule.ts,
// the simulator's): a `settle` timer, and when the dealer's turn has ended, mask, decide, record
// the decision with its probability, render, filter, and schedule the reply after the tactic's
// human-like delay. `go_silent` logs a `wait` event and schedules a later decision instead of a
// message; a reply that was sent and not answered gets a `follow_up` timer. Every timer is an
// outbox row, so a restart loses none and the transaction that decides on it fires it once.
import { createHash } from 'node:crypto';
import { DealerbotError } from '../../lib/errors.js';
import type { Lang } from '../../core/lang.js';
import { toObservedEvent } from '../../core/observation.js';
import { initialPreconditionState, maskReason, tacticMask, updatePreconditionState } from '../../core/preconditions.js';
import type { Rng } from '../../lib/random.js';
import { TACTICS, TACTIC_INDEX, type Tactic } from '../../core/tactics.js';
import type { Brain, Classification, Rendered } from './brain.js';
import type { Clock } from './clock.js';
import type { RuntimeConfig } from '../config.js';
import { outboundViolation, pickPlace } from './outbound-filter.js';
import { dialogueContext, factsAt, personaSeed, quietDue, stateEvent, stateOptions } from './dialogue.js';
import { DialogueStateCache } from './dialogue-cache.js';
import type { DialogueState } from '../../dialogue/state/types.js';
import { DEFAULT_TIME_ZONE } from '../../dialogue/state/local-time.js';
import { normalizeNumber } from '../phone.js';
import { judgeInbound, type InboundVerdict, type SafetyLists } from './safety.js';
import { logMeetings, meetingRuleCache, type MeetingRuleCache } from './meetings.js';
import { acceptCall, type CallResult, type InboundCall } from './calls.js';
import { DEFAULT_SCHEDULE, followUpAllowed, followUpDelayMs, replyDueMs, settleDueMs, type DecisionSchedule } from '../../core/schedule.js';
import { isTimer, unansweredRun } from './timers.js';
import type { ConversationRow, EventRow, OutboxRow } from '../store/rows.js';
import type { Store } from '../store/store.js';

export interface InboundMessage {
  /** which webhook it came through (twilio, android-gateway, generic, chat) */
  transport: string;
  /** the gateway's message id, for dedupe of retried webhooks (absent = no dedupe possible) */
  id?: string;
  from: string;
  text: string;
  kind?: 'sms' | 'mms';
  /** when the phone says it received the message (android-sms-gateway receivedAt), wall ms */
  receivedMs?: number;
  /** the SIM (1-3) and gateway device it came in on: the reply leaves from the same ones */
  simNumber?: number;
  deviceId?: string;
}

export type AcceptResult = { status: 'accepted' | 'duplicate'; event: number };

/** An MMS's content after the phone downloaded it (android-sms-gateway mms:downloaded). */
export interface MmsBody {
  transport: string;
  /** the download webhook's id, for dedupe of its retries */
  id: string;
  from: string;
  subject: string | null;
  body: string | null;
  receivedMs?: number;
}

/** how long an MMS event waits for its body: the gateway app retries a webhook for up to ~2 days */
const MMS_BODY_WINDOW_MS = 48 * 3_600_000;
/** inbound_ids namespace marking an MMS event whose body arrived (msg_id: the event id) */
const MMS_COMPLETED = 'mms-body';

/** the event's text (the subject) with the body after it; a subject the body repeats once */
export function mmsText(stored: string, subject: string | null, body: string | null): string {
  const parts = [stored, subject ?? '', body ?? ''].map((t) => t.trim()).filter((t) => t !== '');
  return [...new Set(parts)].join('\n') || stored;
}

export type EngineConfig = Pick<RuntimeConfig, 'mode' | 'places'> & Partial<Pick<RuntimeConfig, 'personaSecret' | 'timeZone' | 'settleSeconds'>>;

export interface EngineOptions {
  store: Store;
  brain: Brain;
  clock: Clock;
  rng: Rng;
  config: EngineConfig;
  /** allow/deny lists and promo threshold (safetyLists), the same object the dispatcher gets */
  lists: SafetyLists;
  /** a new conversation starts after this much silence (DESIGN.md: --gap-days 7) */
  gapMs?: number;
  /** told whenever something new is scheduled, so the dispatcher can wake early */
  onScheduled?: (dueMs: number) => void;
  /** when decisions fall due (default: the simulator's, DEFAULT_SCHEDULE, with the config's
   * settleSeconds); settleMs 0 decides on every message at once (the terminal chat) */
  schedule?: DecisionSchedule;
}

const MAX_RENDER_TRIES = 3;
/** events read after a send to time the follow-up (engine.sent); reading all of them was ~5 % of a busy serve */
const TAIL_EVENTS = 12;
/** persona seeds kept, one per conversation recently answered */
const PERSONA_SEEDS = 10_000;

export class Engine {
  private readonly store: Store;
  private readonly brain: Brain;
  /** the engine's clock: webhooks that record delivery reports stamp them with it */
  readonly clock: Clock;
  private readonly rng: Rng;
  private readonly config: EngineConfig;
  private readonly lists: SafetyLists;
  private readonly gapMs: number;
  private readonly schedule: DecisionSchedule;
  private secret: string | null = null;
  /** persona seeds of recent conversations (the secret never changes once read) */
  private readonly seeds = new Map<number, string>();
  /** each conversation's dialogue state, folded on from the last decision's */
  private readonly dialogues: DialogueStateCache;
  /** each conversation's walk of the meeting rule, read on from the last line that could show a meeting */
  private readonly meetingWalks: MeetingRuleCache;
  /** the operator's time zone (config), for the dialogue state and the quiet hours */
  private readonly tz: string;
  onScheduled: ((dueMs: number) => void) | undefined;

  constructor(o: EngineOptions) {
    this.store = o.store;
    this.brain = o.brain;
    this.clock = o.clock;
    this.rng = o.rng;
    this.config = o.config;
    this.gapMs = o.gapMs ?? 7 * 86_400_000;
    this.onScheduled = o.onScheduled;
    this.lists = o.lists;
    this.tz = o.config.timeZone ?? DEFAULT_TIME_ZONE;
    this.dialogues = new DialogueStateCache(stateOptions(o.config.places, this.tz));
    this.meetingWalks = meetingRuleCache({ places: o.config.places, timeZone: this.tz });
    this.schedule = o.schedule ?? (o.config.settleSeconds === undefined ? DEFAULT_SCHEDULE : { ...DEFAULT_SCHEDULE, settleMs: o.config.settleSeconds * 1000 });
  }

  /** Stores an inbound message durably (or recognises a retry). Safe to acknowledge after. */
  accept(msg: InboundMessage): AcceptResult {
    const number = normalizeNumber(msg.from) ?? `raw:${msg.from.trim()}`;
    return this.store.tx(() => {
      if (msg.id !== undefined) {
        const seen = this.store.seenInbound(msg.transport, msg.id);
        if (seen !== undefined) return { status: 'duplicate', event: seen };
      }
      const now = this.clock.now();
      const conv = this.store.conversationFor(number, now, this.gapMs);
      const event = this.store.addEvent({
        conversation: conv.id,
        ts_ms: now,
        direction: 'in',
        kind: msg.kind ?? 'sms',
        text: msg.text,
        source: msg.transport,
        received_ms: msg.receivedMs ?? null,
        processed: false,
      });
      this.store.setRoute(conv.id, msg.simNumber ?? null, msg.deviceId ?? null);
      if (msg.id !== undefined) this.store.markInbound(msg.transport, msg.id, event);
      return { status: 'accepted', event };
    });
  }

  /**
   * Logs a dealer's call (calls.ts): never an engagement, never a new number. A call to an engaged
   * number is his turn like a message (the simulator decides after any of his events,
   * core/schedule.ts): what was pending is superseded and a decision falls due once his turn has
   * settled, on his last message.
   */
  acceptCall(call: InboundCall): CallResult {
    const r = acceptCall({ store: this.store, clock: this.clock, lists: this.lists, gapMs: this.gapMs }, call);
    if (r.status === 'recorded' && r.answer === 'ring')
      this.store.tx(() => {
        const ev = this.store.event(r.event)!;
        const conv = this.store.conversation(ev.conversation)!;
        const last = lastInbound(this.store.events(conv.id));
        if (last) this.dealerTurn(conv, last.id, ev.ts_ms, r.lang);
      });
    return r;
  }

  /** accept + process: the webhook path. */
  receive(msg: InboundMessage): AcceptResult {
    const r = this.accept(msg);
    if (r.status === 'accepted') this.process(r.event);
    return r;
  }

  /**
   * Processes events accepted before a crash but not yet decided on. One that fails stays
   * undecided (the intake's sweep tries it again); `failed` counts them.
   */
  recover(log?: (line: string) => void): { processed: number; failed: number } {
    const out = { processed: 0, failed: 0 };
    for (const id of this.store.unprocessedEvents()) {
      try {
        this.process(id);
        out.processed++;
      } catch (e) {
        out.failed++;
        log?.(`message ${id} stored but not processed: ${(e as Error).message}`);
      }
    }
    return out;
  }

  /** Classifies one accepted event, applies the safety rules and, if allowed, decides a reply. */
  process(eventId: number): void {
    this.store.tx(() => {
      const ev = this.store.event(eventId);
      if (!ev || ev.processed) return;
      const conv = this.store.conversation(ev.conversation)!;
      const now = this.clock.now();
      const cls = this.brain.classify(ev.text);
      this.store.classifyEvent(ev.id, cls.act, cls.confidence, cls.lang, cls.safety);
      // one read of the conversation for the meeting rule and the decision, unless the rule adds to it
      let rows = this.store.events(conv.id);
      const classified = rows.find((e) => e.id === ev.id)!;
      if (logMeetings(this.store, classified, rows, this.meetingWalks) > 0) rows = this.store.events(conv.id);
      const v = this.judge(conv, cls, now);
      if (v.reply) this.dealerTurn(conv, ev.id, now, cls.lang, rows);
      this.store.markProcessed(ev.id);
    });
  }

  /**
   * The safety rules on what the dealer wrote, applied to his number (state, cancels, alert).
   * `asFirst`: judged as his first message (an MMS whose body came after it left him ignored).
   */
  private judge(conv: ConversationRow, cls: Classification, now: number, asFirst = false): InboundVerdict {
    const current = this.store.numberState(conv.number);
    const number = conv.number.startsWith('raw:') ? null : conv.number;
    const v = judgeInbound(asFirst ? undefined : current, number, cls, this.lists);
    if (v.state !== current) {
      this.store.setNumberState(conv.number, v.state, v.reason, now);
      this.store.audit(now, 'engine', `number:${v.state}`, { conversation: conv.id, reason: v.reason });
    }
    if (v.state === 'stopped' || v.state === 'escalated' || v.state === 'denied') this.store.cancelPendingForNumber(conv.number);
    if (v.alert) this.store.alert(now, v.state, v.alert, conv.number, conv.id);
    return v;
  }

  /**
   * The body of an MMS the dealer sent, once his phone downloaded it (android-sms-gateway's
   * mms:downloaded; mms:received, stored as the MMS event, carries only the subject). It is the
   * same message, so it completes that event's text and adds no event. The event is read again
   * as if it had come with its body: an opt-out or a threat in the body stops or escalates the
   * number, and an MMS that was the number's first message and left it `ignored` on its subject
   * alone is judged again as a first message, which may engage it (its first decision). A
   * decision already made on the event stays; one still waiting (the settle timer) reads the
   * completed text when it falls due. `no-mms`: no MMS from this sender in the last 48 hours
   * waits for its body (the app's retries can take that long); nothing is stored.
   */
  completeMms(msg: MmsBody): 'completed' | 'duplicate' | 'no-mms' {
    const number = normalizeNumber(msg.from) ?? `raw:${msg.from.trim()}`;
    return this.store.tx(() => {
      if (this.store.seenInbound(msg.transport, msg.id) !== undefined) return 'duplicate';
      const conv = this.store.conversationsOf(number).at(-1);
      if (!conv) return 'no-mms';
      const now = this.clock.now();
      const rows = this.store.events(conv.id);
      const waiting = rows.filter(
        (e) => e.direction === 'in' && e.kind === 'mms' && e.source === msg.transport && e.ts_ms >= now - MMS_BODY_WINDOW_MS &&
          this.store.seenInbound(MMS_COMPLETED, String(e.id)) === undefined,
      );
      if (waiting.length === 0) return 'no-mms';
      // two MMS waiting: the one the phone dated nearest (else the oldest: phones download in order)
      const near = (e: EventRow) => (msg.receivedMs !== undefined && e.received_ms !== null ? Math.abs(e.received_ms - msg.receivedMs) : 0);
      const ev = waiting.reduce((a, b) => (near(b) < near(a) ? b : a));
      this.store.markInbound(msg.transport, msg.id, ev.id);
      this.store.markInbound(MMS_COMPLETED, String(ev.id), ev.id);
      const text = mmsText(ev.text, msg.subject, msg.body);
      if (text === ev.text) return 'completed';
      this.store.setEventText(ev.id, text);
      if (!ev.processed) return 'completed'; // process() reads the whole text
      const cls = this.brain.classify(text);
      this.store.classifyEvent(ev.id, cls.act, cls.confidence, cls.lang, cls.safety);
      const prev = this.store.numberState(number);
      const first = prev === 'ignored' && this.store.conversationsOf(number).length === 1 &&
        rows.every((e) => e.direction !== 'in' || e.id === ev.id || (e.kind !== 'sms' && e.kind !== 'mms'));
      const v = this.judge(conv, cls, now, first);
      if (v.reply && first) this.dealerTurn(this.store.conversation(conv.id)!, ev.id, now, cls.lang);
      return 'completed';
    });
  }

  /**
   * The dealer wrote: whatever of ours was still waiting is superseded, and the decision falls
   * due once his turn has settled (at once when the schedule's settleMs is 0).
   */
  /** `rows`: the conversation's events when the caller has just read them. */
  private dealerTurn(conv: ConversationRow, eventId: number, now: number, lang: Lang, rows?: readonly EventRow[]): void {
    if (this.schedule.settleMs <= 0) return this.decide(conv, eventId, lang, now, rows);
    this.store.supersedePending(conv.id);
    const due = settleDueMs(now, this.schedule);
    this.store.addOutbox({ conversation: conv.id, number: conv.number, kind: 'settle', text: '', tactic: null, decision: null, created_ms: now, due_ms: due, state: 'scheduled' });
    this.onScheduled?.(due);
  }

  /**
   * A timer fell due (settle, follow_up, or the end of a go_silent): decide, if the number is
   * still engaged. Marking the row done and deciding are one transaction: a crash before it
   * commits leaves the timer due, a crash after leaves it done; never both, never neither.
   */
  wake(row: OutboxRow): void {
    this.store.tx(() => {
      const current = this.store.outbox(row.id);
      if (!current || current.state !== 'scheduled' || !isTimer(current.kind)) return;
      this.store.finish(row.id, 'done', null);
      if (this.store.numberState(row.number) !== 'engaged' || this.lists.deny.has(row.number)) return;
      const conv = this.store.conversation(row.conversation)!;
      if (current.kind === 'settle') {
        // answering his turn: the reply is timed from his last message, in the language of it
        const rows = this.store.events(conv.id);
        const last = lastInbound(rows);
        if (last) return this.decide(conv, last.id, last.lang ?? conv.lang ?? 'nl', last.ts_ms, rows);
      }
      this.decide(conv, null, conv.lang ?? 'nl', null);
    });
  }

  /**
   * The dispatcher sent reply `row` at `ts` (call inside its transaction): unless the dealer
   * has answered meanwhile or too many of ours are unanswered, a follow-up decision is scheduled.
   */
  sent(row: OutboxRow, ts: number): void {
    if (row.kind !== 'sms' || this.store.numberState(row.number) !== 'engaged') return;
    if (this.store.hasPending(row.conversation)) return;
    // his last message and our messages since are all this needs: the tail, unless it has none of his
    let rows = this.store.lastEvents(row.conversation, TAIL_EVENTS);
    if (rows.length === TAIL_EVENTS && !lastInbound(rows)) rows = this.store.events(row.conversation);
    if (!followUpAllowed(unansweredRun(rows), this.schedule)) return;
    const last = lastInbound(rows);
    const due = quietDue(ts + followUpDelayMs(this.rng, this.schedule), last?.ts_ms ?? null, this.tz, () => this.rng.next()).dueMs;
    this.store.addOutbox({ conversation: row.conversation, number: row.number, kind: 'follow_up', text: '', tactic: null, decision: null, created_ms: ts, due_ms: due, state: 'scheduled' });
    this.onScheduled?.(due);
  }

  /** The deployment's persona secret: the config's, or the one kept in the database. */
  private personaSecret(): string {
    return (this.secret ??= this.store.personaSecret(this.config.personaSecret));
  }

  /** A conversation's persona seed: an HMAC, and the renderer asks for it on every reply. */
  private personaSeedOf(conversation: number): string {
    let seed = this.seeds.get(conversation);
    if (seed === undefined) {
      seed = personaSeed(this.personaSecret(), conversation);
      this.seeds.set(conversation, seed);
      if (this.seeds.size > PERSONA_SEEDS) this.seeds.delete(this.seeds.keys().next().value!);
    }
    return seed;
  }

  /** The masked tactics and why, for `chat --explain`. */
  maskReasons(conversation: number): { tactic: Tactic; reason: string }[] {
    const rows = this.store.events(conversation);
    const s = preconditionsOf(rows, dialogueContext(rows, this.clock.now(), this.config.places, this.tz).state);
    return TACTICS.flatMap((t) => {
      const reason = maskReason(s, t);
      return reason === null ? [] : [{ tactic: t, reason }];
    });
  }

  /** `lastInMs`: his last message when answering his turn (the reply is timed from it), else null. */
  /** `rows`: the conversation's events when the caller has just read them (decide does not add any before it reads). */
  private decide(conv: ConversationRow, trigger: number | null, lang: Lang, lastInMs: number | null, rows: readonly EventRow[] = this.store.events(conv.id)): void {
    const now = this.clock.now();
    this.store.supersedePending(conv.id);
    const placeKeys = this.config.places.map((p) => (typeof p === 'string' ? p : p.nl));
    if (!conv.place) {
      conv = { ...conv, lang, place: pickPlace(placeKeys, (n) => this.rng.int(n)) };
      this.store.setPersona(conv.id, lang, conv.place!);
    }
    const events = rows.map((e) => toObservedEvent(e));
    // what was said so far (dialogue/state/): the renderer fits the reply to it (in the language
    // the dealer writes now), and a price already given is never asked again (priceKnown)
    // (the facts for the renderer are taken at the reply's due time below, not now)
    const dialogue = { state: this.dialogues.stateOf(conv.id, rows.map(stateEvent), now) };
    const mask = tacticMask(preconditionsOf(rows, dialogue.state));
    const d = this.brain.decide(events, mask, this.rng);
    const idx = TACTIC_INDEX[d.tactic];
    if (idx === undefined || !mask[idx])
      throw new DealerbotError('E_POLICY', `policy ${this.brain.policyId} chose masked tactic "${d.tactic}"`);
    const p = Number(d.probs[idx]);
    if (!(p > 0 && p <= 1))
      throw new DealerbotError('E_POLICY', `policy ${this.brain.policyId} gave "${d.tactic}" probability ${p}; must be in (0,1]`);
    const decision = this.store.addDecision({
      conversation: conv.id,
      trigger,
      ts_ms: now,
      features_hash: d.features ? hashFeatures(d.features) : null,
      tactic: d.tactic,
      probability: p,
      bundle_id: this.brain.policyId,
      probs: Array.from(d.probs, Number),
      masked: TACTICS.filter((_, i) => !mask[i]),
    });
    const delay = Math.max(0, Math.round(this.brain.delayMs(d.tactic, this.rng)));
    // a go_silent decides again after the silence and a follow-up delay, as in the simulator (a
    // silence he does not answer is followed up like a message he does not answer)
    const at = d.tactic === 'go_silent' ? now + delay + followUpDelayMs(this.rng, this.schedule) : replyDueMs(now, delay, lastInMs);
    // no message between 01:00 and 08:00 local unless the dealer is writing then (held to 08:00+)
    const due = quietDue(at, dialogue.state.lastInMs, this.tz, () => this.rng.next());
    const base = { conversation: conv.id, number: conv.number, tactic: d.tactic, decision, created_ms: now, due_ms: due.dueMs };
    if (d.tactic === 'go_silent') {
      this.store.addEvent({
        conversation: conv.id, ts_ms: now, direction: 'out', kind: 'wait', text: '',
        tactic: 'go_silent', propensity: p, policy: this.brain.policyId, processed: true,
      });
      this.store.addOutbox({ ...base, kind: 'decide', text: '', state: 'scheduled' });
      this.onScheduled?.(base.due_ms);
      return;
    }
    // what this number has already been told, and where the renderer stopped (also before a restart)
    const memory = { state: this.store.rendererState(conv.id), sent: this.store.sentenceMemory(conv.number) };
    let rendered: Rendered = { text: '', key: null, state: null };
    let violation: string | null = 'not rendered';
    for (let i = 0; i < MAX_RENDER_TRIES && violation !== null; i++) {
      rendered = this.brain.render(d.tactic, {
        conversation: conv.id, lang: dialogue.state.lang ?? conv.lang ?? lang, place: conv.place!, events, rng: this.rng, memory,
        placeInput: this.config.places[placeKeys.indexOf(conv.place!)] ?? conv.place!, places: this.config.places,
        facts: factsAt(dialogue, due.dueMs, this.tz), personaSeed: this.personaSeedOf(conv.id),
      });
      violation = outboundViolation(rendered.text);
    }
    const { text, key: sentence_key } = rendered;
    if (rendered.state !== null) this.store.setRendererState(conv.id, rendered.state);
    if (violation !== null) {
      const id = this.store.addOutbox({ ...base, kind: 'sms', text, sentence_key, state: 'blocked' });
      this.store.alert(now, 'filter', `reply #${id} (${d.tactic}) ${violation}; not sent`, conv.number, conv.id);
      return;
    }
    // only "auto" sends on its own: any other mode (there is none today) waits for a person
    const auto = this.config.mode === 'auto';
    this.store.addOutbox({ ...base, kind: 'sms', text, sentence_key, state: auto ? 'scheduled' : 'review' });
    if (auto) this.onScheduled?.(base.due_ms);
  }
}

function lastInbound(rows: readonly EventRow[]): EventRow | undefined {
  for (let i = rows.length - 1; i >= 0; i--) {
    const e = rows[i]!;
    if (e.direction === 'in' && (e.kind === 'sms' || e.kind === 'mms')) return e;
  }
  return undefined;
}

/** The masks' state: the events, plus what only the dialogue state reads (his price, the meeting window). */
function preconditionsOf(rows: readonly EventRow[], dialogue: Pick<DialogueState, 'offer' | 'meeting'>) {
  const s = initialPreconditionState();
  for (const e of rows) updatePreconditionState(s, { direction: e.direction, kind: e.kind, act: e.act ?? undefined, tactic: e.tactic ?? undefined });
  if (dialogue.offer.prices.length > 0) s.priceSeen = s.priceKnown = true;
  // his text can settle a meeting his act does not ("Karim is onderweg, hij is er rond 18u45"), or
  // say he is there already: a meeting to be late for, not one to propose again
  const m = dialogue.meeting;
  if ((m.agreed || m.dealerThere) && m.phase !== 'past') s.meetingAgreed = s.meetingProposed = true;
  // and his text can propose one his act does not ("laatste kans, morgen 20u zelfde plek?" read
  // as a goodbye): a new meeting of his, to confirm or counter, not a missed one to reschedule
  else if (m.proposedBy === 'dealer' && !m.agreed && !m.missed && m.phase !== 'past') {
    s.meetingProposed = true;
    s.meetingAgreed = s.meetingMissed = false;
  }
  s.meetingWindow = m.phase;
  return s;
}

function hashFeatures(f: ArrayLike<number>): string {
  const buf = Buffer.from(Float64Array.from(f as ArrayLike<number>).buffer);
  return createHash('sha256').update(buf).digest('hex').slice(0, 16);
}
