// Transcript replay into features: the trainer's view of logged conversations. It goes through
// the same incremental encoder as the simulator and the runtime, one event at a time, and takes
// the vector just before each of our decisions (an `out` sms/mms/wait), which is the state the
// deciding policy saw.
import type { Lang } from '../lang.js';
import type { ObservedEvent } from '../observation.js';
import { eventTimeMs, type TranscriptEvent } from '../../transcripts/schema.js';
import { createEncoder } from './encoder.js';
import { FEATURE_SIZE } from './feature-names.js';

export interface ObservedEventOptions {
  /**
   * Language of a message text, for events that do not carry the `lang` they were read in
   * (transcripts before 1.2, imports): the runtime gets it from the NLU, so pass the same
   * detector here so that replayed and live features agree.
   */
  detectLang?: (text: string) => Lang | null | undefined;
}

export function toObservedEvent(e: TranscriptEvent, opts: ObservedEventOptions = {}): ObservedEvent {
  const o: ObservedEvent = { tMs: eventTimeMs(e), direction: e.direction, kind: e.kind, text: e.text, chars: e.text.length };
  if (e.duration_s !== undefined) o.duration_s = e.duration_s;
  if (e.act !== undefined) o.act = e.act;
  if (e.tactic !== undefined) o.tactic = e.tactic;
  if (e.kind === 'sms' || e.kind === 'mms') {
    // the language the deciding side read (transcript 1.2) beats detecting it again: a detector
    // that reads a short slang message differently changes the features, and with them which
    // tactic a greedy policy would have picked (3.6% of a CQL policy's own logged decisions)
    const lang = e.lang ?? (opts.detectLang && e.text ? opts.detectLang(e.text) : undefined);
    if (lang) o.lang = lang;
  }
  return o;
}

/** A decision is one of our `out` sms/mms/wait events (a call we place is not a policy decision). */
export function isDecision(e: Pick<TranscriptEvent, 'direction' | 'kind'>): boolean {
  return e.direction === 'out' && (e.kind === 'sms' || e.kind === 'mms' || e.kind === 'wait');
}

export interface EncodedConversation {
  size: number;
  /** number of decisions = rows */
  rows: number;
  /** rows × size, row-major: row i is the state before decision i */
  data: Float32Array;
  /** index in the input events of each decision */
  eventIndex: number[];
}

/** Replays one conversation (sorted by ts) into the feature vectors before each decision. */
export function encodeConversation(events: readonly TranscriptEvent[], opts: ObservedEventOptions = {}): EncodedConversation {
  const first = events[0]?.conversation;
  const eventIndex: number[] = [];
  let prevMs = -Infinity;
  events.forEach((e, i) => {
    if (e.conversation !== first) throw new Error(`encodeConversation: event ${i} belongs to conversation "${e.conversation}", not "${first}" (group with groupConversations first)`);
    // the encoder's time features assume order; an unsorted log would give negative gaps
    const t = eventTimeMs(e);
    if (t < prevMs) throw new Error(`encodeConversation: event ${i} (${e.ts}) is earlier than the event before it (sort by ts, e.g. with groupConversations)`);
    prevMs = t;
    if (isDecision(e)) eventIndex.push(i);
  });
  const data = new Float32Array(eventIndex.length * FEATURE_SIZE);
  const enc = createEncoder();
  let row = 0;
  for (const e of events) {
    if (isDecision(e)) enc.write(data, row++ * FEATURE_SIZE);
    enc.push(toObservedEvent(e, opts));
  }
  return { size: FEATURE_SIZE, rows: eventIndex.length, data, eventIndex };
}
