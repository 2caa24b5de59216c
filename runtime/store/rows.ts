// The rows the store hands out, typed: acts, tactics, languages, states and kinds are the
// unions of core/ and of this file, not strings. SQLite gives back plain strings, so every row
// goes through a checked parser on its way out; a value outside its union (a damaged file, or
// one some other program wrote) is a BadRowError naming table, row and column, never a value
// that the type claims and the code then trusts.
import { isDealerAct, isSafetyFlag, type DealerAct, type SafetyFlag } from '../../core/acts.js';
import { isLang, type Lang } from '../../core/lang.js';
import { isTactic, type Tactic } from '../../core/tactics.js';
import { DELIVERIES, DIRECTIONS, KINDS, type Delivery, type Direction, type EventKind } from '../../core/transcript.js';
import { BadRowError } from './errors.js';

export const NUMBER_STATES = ['engaged', 'ignored', 'stopped', 'escalated', 'denied'] as const;
export type NumberState = (typeof NUMBER_STATES)[number];

export const OUTBOX_STATES = [
  'review', // waiting for an operator's yes/no
  'scheduled', // will be sent (or, for kind 'decide', decided) at due_ms
  'sending', // handed to the gateway; outcome unknown until marked
  'sent',
  'done', // a `decide` row whose decision was made
  'rejected', // operator said no
  'superseded', // the dealer wrote again before it went out; a fresh decision replaced it
  'cancelled', // the number stopped or was denied
  'blocked', // the outbound filter refused it
  'failed', // the gateway refused it too often
  'unknown', // crash while sending and the gateway cannot tell: held for the operator
] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * What a gateway last said became of a reply it took (store version 3). `accepted`: it took it
 * and said nothing since (Twilio `accepted`, android `Pending`/`Processed`); `queued`: waiting
 * at the gateway to go out; `sent`: handed to the carrier; `delivered`: the handset has it;
 * `undelivered` / `failed`: it will not arrive. NULL: no report (dry run, rows before version 3).
 */
export const DELIVERY_STATES = DELIVERIES; // the transcript's v1.3 `delivery` values, one list
export type DeliveryState = Delivery;

/**
 * `sms`: a reply to send. The others are the decision schedule's timers (core/schedule.ts),
 * decided on at due_ms: `settle` the dealer's turn has ended, `follow_up` our message went
 * unanswered, `decide` a go_silent is over. (Store version 5 added settle and follow_up.)
 */
export const OUTBOX_KINDS = ['sms', 'decide', 'settle', 'follow_up'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface EventRow {
  id: number;
  conversation: number;
  ts_ms: number;
  direction: Direction;
  kind: EventKind;
  text: string;
  act: DealerAct | null;
  confidence: number | null;
  lang: Lang | null;
  safety: SafetyFlag;
  tactic: Tactic | null;
  propensity: number | null;
  policy: string | null;
  source: string | null;
  /** when the phone says it received the message (android-sms-gateway `receivedAt`); ts_ms is when it arrived here */
  received_ms: number | null;
  /** calls: seconds connected, once the gateway said (store version 4; null otherwise) */
  duration_s: number | null;
  /** false between "accepted" and "decided on" (a crash in between: Engine.recover) */
  processed: boolean;
}

export interface ConversationRow {
  id: number;
  number: string;
  started_ms: number;
  last_ms: number;
  /** the bot's language and meeting place, fixed at its first reply */
  lang: Lang | null;
  place: string | null;
  /** the SIM (1-3) and gateway device the dealer's last message came in on: the reply leaves from them */
  sim_number: number | null;
  device_id: string | null;
}

export interface DecisionRow {
  id: number;
  conversation: number;
  /** the inbound event decided on; null for a decision after a silence */
  trigger_event: number | null;
  ts_ms: number;
  features_hash: string | null;
  tactic: Tactic;
  probability: number;
  bundle_id: string;
  /** the policy's probabilities, in TACTICS order */
  probs: number[];
  /** the tactics the preconditions masked */
  masked: Tactic[];
}

export interface OutboxRow {
  id: number;
  conversation: number;
  number: string;
  kind: OutboxKind;
  text: string;
  tactic: Tactic | null;
  decision: number | null;
  created_ms: number;
  due_ms: number;
  state: OutboxState;
  attempts: number;
  last_error: string | null;
  sent_ms: number | null;
  gateway_id: string | null;
  /** the renderer's no-repeat key of `text` (before typos); null for rows of store version 1 */
  sentence_key: string | null;
  /** the id handed to gateways that dedupe by id (a UUID, fixed before the first attempt); null before store version 3 */
  send_id: string | null;
  /** a send may have reached a gateway that cannot dedupe: look it up before sending again */
  check_first: boolean;
  delivery: DeliveryState | null;
  delivery_ms: number | null;
  /** the gateway's error code or reason for `undelivered` / `failed` */
  delivery_error: string | null;
}

export interface AlertRow {
  id: number;
  ts_ms: number;
  kind: string;
  number: string | null;
  conversation: number | null;
  message: string;
}

// --- as SQLite returns them ---------------------------------------------------------------

type Loose<T, K extends keyof T> = Omit<T, K> & { [P in K]: null extends T[P] ? string | null : string };

export type RawEventRow = Loose<Omit<EventRow, 'processed'>, 'direction' | 'kind' | 'act' | 'lang' | 'safety' | 'tactic'> & { processed: number };
export type RawConversationRow = Loose<ConversationRow, 'lang'>;
export type RawDecisionRow = Omit<DecisionRow, 'tactic' | 'probs' | 'masked'> & { tactic: string; probs: string; masked: string };
export type RawOutboxRow = Loose<Omit<OutboxRow, 'check_first'>, 'kind' | 'tactic' | 'state' | 'delivery'> & { check_first: number };

// --- checked parsers ------------------------------------------------------------------------

const member = <T extends string>(values: readonly T[]) => {
  const set: ReadonlySet<string> = new Set(values);
  return (x: unknown): x is T => typeof x === 'string' && set.has(x);
};
const isDirection = member(DIRECTIONS);
const isKind = member(KINDS);
const isOutboxKind = member(OUTBOX_KINDS);
export const isOutboxState = member(OUTBOX_STATES);
export const isNumberState = member(NUMBER_STATES);
export const isDeliveryState = member(DELIVERY_STATES);

/** Reads the checked columns of one row, naming it in the error. */
function columns(table: string, id: number | string) {
  return {
    one: <T>(column: string, v: unknown, is: (x: unknown) => x is T): T => one(table, id, column, v, is),
    maybe: <T>(column: string, v: unknown, is: (x: unknown) => x is T): T | null => maybe(table, id, column, v, is),
  };
}

function one<T>(table: string, id: number | string, column: string, v: unknown, is: (x: unknown) => x is T): T {
  if (!is(v)) throw new BadRowError(table, id, column, v);
  return v;
}

function maybe<T>(table: string, id: number | string, column: string, v: unknown, is: (x: unknown) => x is T): T | null {
  return v === null ? null : one(table, id, column, v, is);
}

// without columns(): a decision reads every event of its conversation, twice on some lines, and
// two closures per row were garbage for the collector each time
export function eventRow(r: RawEventRow): EventRow {
  return {
    ...r,
    direction: one('events', r.id, 'direction', r.direction, isDirection),
    kind: one('events', r.id, 'kind', r.kind, isKind),
    act: maybe('events', r.id, 'act', r.act, isDealerAct),
    lang: maybe('events', r.id, 'lang', r.lang, isLang),
    safety: maybe('events', r.id, 'safety', r.safety, isSafetyFlag),
    tactic: maybe('events', r.id, 'tactic', r.tactic, isTactic),
    processed: r.processed !== 0,
  };
}

export function conversationRow(r: RawConversationRow): ConversationRow {
  return { ...r, lang: columns('conversations', r.id).maybe('lang', r.lang, isLang) };
}

export function outboxRow(r: RawOutboxRow): OutboxRow {
  const c = columns('outbox', r.id);
  return {
    ...r,
    kind: c.one('kind', r.kind, isOutboxKind),
    tactic: c.maybe('tactic', r.tactic, isTactic),
    state: c.one('state', r.state, isOutboxState),
    delivery: c.maybe('delivery', r.delivery, isDeliveryState),
    check_first: r.check_first !== 0,
  };
}

const isNumberArray = (x: unknown): x is number[] => Array.isArray(x) && x.every((v) => typeof v === 'number');
const isTacticArray = (x: unknown): x is Tactic[] => Array.isArray(x) && x.every(isTactic);

export function decisionRow(r: RawDecisionRow): DecisionRow {
  const c = columns('decisions', r.id);
  return {
    ...r,
    tactic: c.one('tactic', r.tactic, isTactic),
    probs: c.one('probs', parseJson(r.probs), isNumberArray),
    masked: c.one('masked', parseJson(r.masked), isTacticArray),
  };
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s; // not JSON: the checker reports the raw text
  }
}
