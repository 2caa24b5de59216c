// What a feature encoder sees of a conversation, event by event. The simulator, transcript
// replay and the runtime all feed the same encoder through this shape, so a policy sees a
// conversation identically in training and live.
import type { DealerAct } from './acts.js';
import type { Lang } from './lang.js';
import type { Tactic } from './tactics.js';
import type { Direction, EventKind } from '../transcripts/schema.js';

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
