// Transcript replay into features: the trainer's view of logged conversations. It goes through
// the same incremental encoder as the simulator and the runtime, one event at a time, and takes
// the vector just before each of our decisions (an `out` sms/mms/wait), which is the state the
// deciding policy saw.
import { toObservedEvent, type ObservedEventOptions } from '../observation.js';
import { eventTimeMs, type TranscriptEvent } from '../transcript.js';
import { createEncoder } from './encoder.js';
import { FEATURE_SIZE } from './feature-names.js';

// the mapping lives next to the observation type, shared with the runtime; replay's users find it here too
export { toObservedEvent, type ObservedEventOptions };

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
