// Transcript schema v1 (DESIGN.md, docs/transcript.md): one event per line, JSONL canonical, CSV
// with the same columns. This file is the one definition of an event and of its validation.
// v1.1 added the optional act_confidence/tactic_confidence columns, v1.2 the optional `lang`,
// v1.3 the optional `delivery`, v1.4 the optional `silence` (all additive; version stays 1,
// older files read as before).
import { z } from 'zod';
import { DEALER_ACTS, type DealerAct } from './acts.js';
import { LANGS, type Lang } from './lang.js';
import { TACTICS, type Tactic } from './tactics.js';
import { type Result, err, ok } from '../lib/errors.js';

export const TRANSCRIPT_VERSION = 1;

export const DIRECTIONS = ['in', 'out'] as const;
export const KINDS = ['sms', 'mms', 'call', 'meeting', 'wait'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export type EventKind = (typeof KINDS)[number];

/**
 * v1.3: what the gateway last reported of an `out` message: `accepted` (taken, nothing said
 * since), `queued`, `sent` (handed to the carrier), `delivered`, `undelivered`, `failed`.
 * Absent: unknown (logs before 1.3, imports, the simulator, a gateway without reports).
 */
export const DELIVERIES = ['accepted', 'queued', 'sent', 'delivered', 'undelivered', 'failed'] as const;
export type Delivery = (typeof DELIVERIES)[number];

/** a reply the dealer may have seen: counted by the reward's steps and OPE (unknown counts as sent) */
export function reachedDealer(delivery: Delivery | undefined): boolean {
  return delivery !== 'undelivered' && delivery !== 'failed';
}

/**
 * v1.4: why the bot was silent in a conversation when it was exported from the runtime, on the
 * conversation's last event (runtime/operator/silence-reason.ts, docs/transcript.md):
 * `not_a_promo`, `stopped`, `escalated`, `denied` (the number's state: the bot will not write),
 * `deciding` (a message of his not yet decided on), `review` (a reply waits for the operator),
 * `waiting` (a reply or a timer is scheduled), `capped` (our last messages in a row went
 * unanswered: the bot waits for him), `answering` (he wrote last and nothing is scheduled),
 * `stalled` (we wrote last, not capped, and nothing is scheduled).
 */
export const SILENCES = ['not_a_promo', 'stopped', 'escalated', 'denied', 'deciding', 'review', 'waiting', 'capped', 'answering', 'stalled'] as const;
export type Silence = (typeof SILENCES)[number];

export interface TranscriptEvent {
  conversation: string;
  counterpart: string;
  /** ISO 8601 UTC, e.g. 2026-10-03T21:14:00.000Z */
  ts: string;
  direction: Direction;
  kind: EventKind;
  text: string;
  duration_s?: number;
  act?: DealerAct;
  tactic?: Tactic;
  propensity?: number;
  policy?: string;
  source?: string;
  /** v1.1: how sure the labeller was of `act` (classifier probability), in [0,1] */
  act_confidence?: number;
  /** v1.1: how sure the labeller was of `tactic` (template similarity), in [0,1] */
  tactic_confidence?: number;
  /**
   * v1.2: the language the deciding side read an `in` sms/mms as (the runtime's NLU, the
   * simulator's dealer). Replay uses it instead of detecting again, so that off-policy evaluation
   * scores the decisions at the features the logging policy actually saw.
   */
  lang?: Lang;
  /** v1.3: what the gateway reported of an `out` message (absent: unknown) */
  delivery?: Delivery;
  /** v1.4: on a runtime conversation's last event, why the bot was silent at export (absent: not said) */
  silence?: Silence;
}

/** Column order for CSV and for stable JSON key order. */
export const TRANSCRIPT_COLUMNS = [
  'conversation',
  'counterpart',
  'ts',
  'direction',
  'kind',
  'text',
  'duration_s',
  'act',
  'tactic',
  'propensity',
  'policy',
  'source',
  // v1.1 (additive, optional): written by `dealerbot data label`
  'act_confidence',
  'tactic_confidence',
  // v1.2 (additive, optional): written by the simulator's --log and by `export`
  'lang',
  // v1.3 (additive, optional): written by `export` from the gateways' delivery reports
  'delivery',
  // v1.4 (additive, optional): written by `export` on each conversation's last event
  'silence',
] as const;

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export const transcriptEventSchema = z.object({
  conversation: z.string().min(1),
  counterpart: z.string().regex(/^p_[0-9a-f]{16}$/, 'counterpart must be a pseudonym p_ + 16 hex'),
  ts: z
    .string()
    .regex(ISO_UTC, 'ts must be ISO 8601 UTC like 2026-10-03T21:14:00.000Z')
    .refine((s) => !Number.isNaN(Date.parse(s)), 'ts is not a real date'),
  direction: z.enum(DIRECTIONS),
  kind: z.enum(KINDS),
  text: z.string(),
  duration_s: z.number().nonnegative().finite().optional(),
  act: z.enum(DEALER_ACTS).optional(),
  tactic: z.enum(TACTICS).optional(),
  propensity: z.number().gt(0, 'propensity must be in (0,1]').lte(1, 'propensity must be in (0,1]').optional(),
  policy: z.string().optional(),
  source: z.string().optional(),
  act_confidence: z.number().min(0, 'act_confidence must be in [0,1]').max(1, 'act_confidence must be in [0,1]').optional(),
  tactic_confidence: z.number().min(0, 'tactic_confidence must be in [0,1]').max(1, 'tactic_confidence must be in [0,1]').optional(),
  lang: z.enum(LANGS, { message: `lang must be one of ${LANGS.join(', ')}` }).optional(),
  delivery: z.enum(DELIVERIES, { message: `delivery must be one of ${DELIVERIES.join(', ')}` }).optional(),
  silence: z.enum(SILENCES, { message: `silence must be one of ${SILENCES.join(', ')}` }).optional(),
});

/** Validates one already-decoded object; the error is a one-line reason. */
export function parseEvent(raw: unknown): Result<TranscriptEvent> {
  const r = transcriptEventSchema.safeParse(raw);
  if (r.success) return ok(normalizeEvent(r.data as TranscriptEvent));
  const issue = r.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return err(`${where}${issue.message}`);
}

/** Canonical key order, empty optionals removed, so that export → import round-trips exactly. */
export function normalizeEvent(e: TranscriptEvent): TranscriptEvent {
  const out: Record<string, unknown> = {};
  for (const k of TRANSCRIPT_COLUMNS) {
    const v = (e as unknown as Record<string, unknown>)[k];
    if (v !== undefined && v !== null) out[k] = v;
  }
  return out as unknown as TranscriptEvent;
}

export function eventTimeMs(e: Pick<TranscriptEvent, 'ts'>): number {
  return Date.parse(e.ts);
}

/** Groups events by conversation, each sorted by ts (stable for equal ts), in first-seen order. */
export function groupConversations(events: Iterable<TranscriptEvent>): Map<string, TranscriptEvent[]> {
  const by = new Map<string, TranscriptEvent[]>();
  for (const e of events) {
    let list = by.get(e.conversation);
    if (!list) by.set(e.conversation, (list = []));
    list.push(e);
  }
  for (const list of by.values()) list.sort((a, b) => eventTimeMs(a) - eventTimeMs(b));
  return by;
}
