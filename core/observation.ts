// What a feature encoder sees of a conversation, event by event. The simulator, transcript
// replay and the runtime all feed the same encoder through this shape, so a policy sees a
// conversation identically in training and live; logged events (a transcript's, the runtime
// store's) become one through the single toObservedEvent below.
import type { DealerAct } from './acts.js';
import type { Lang } from './lang.js';
import type { Tactic } from './tactics.js';
import { eventTimeMs, type Direction, type EventKind } from './transcript.js';

export interface ObservedEvent {
  /** epoch milliseconds (the simulator's clock or Date.parse of a transcript ts) */
  tMs: number;
  direction: Direction;
  kind: EventKind;
  /** the message text; may be empty in act-level simulation, where `chars` stands in */
  text?: string;
  /** message length in characters (defaults to the length of `text`) */
  chars?: number;
  duration_s?: number;
  act?: DealerAct;
  tactic?: Tactic;
  lang?: Lang;
}

/** An incremental encoder from a conversation prefix to a fixed-length vector. */
export interface ObservationEncoder {
  readonly size: number;
  readonly names: readonly string[];
  /** forget the conversation; the next push starts a new one */
  reset(): void;
  push(e: ObservedEvent): void;
  /** writes the current vector (the state before our next decision) at out[offset..offset+size) */
  write(out: Float32Array, offset?: number): void;
}

/**
 * A logged event as either log keeps it: a transcript event (ISO `ts`, absent fields left out)
 * or a row of the runtime's store (`ts_ms`, absent fields null).
 */
export type LoggedEvent = {
  direction: Direction;
  kind: EventKind;
  text: string;
  duration_s?: number | null;
  act?: DealerAct | null;
  tactic?: Tactic | null;
  lang?: Lang | null;
} & ({ ts: string } | { ts_ms: number });

export interface ObservedEventOptions {
  /**
   * Language of a message text, for events that do not carry the `lang` they were read in
   * (transcripts before 1.2, imports): the runtime gets it from the NLU, so pass the same
   * detector here so that replayed and live features agree.
   */
  detectLang?: (text: string) => Lang | null | undefined;
}

/** What the encoder sees of a logged event: the one mapping for replay and the live runtime. */
export function toObservedEvent(e: LoggedEvent, opts: ObservedEventOptions = {}): ObservedEvent {
  const tMs = 'ts_ms' in e ? e.ts_ms : eventTimeMs(e);
  const o: ObservedEvent = { tMs, direction: e.direction, kind: e.kind, text: e.text, chars: e.text.length };
  if (e.duration_s != null) o.duration_s = e.duration_s;
  if (e.act != null) o.act = e.act;
  if (e.tactic != null) o.tactic = e.tactic;
  if (e.kind === 'sms' || e.kind === 'mms') {
    // the language the deciding side read (transcript 1.2, the runtime's NLU) beats detecting it
    // again: a detector that reads a short slang message differently changes the features, and
    // with them which tactic a greedy policy would have picked (3.6% of a CQL policy's own
    // logged decisions)
    const lang = e.lang ?? (opts.detectLang && e.text ? opts.detectLang(e.text) : undefined);
    if (lang) o.lang = lang;
  }
  return o;
}
