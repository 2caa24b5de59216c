// Meetings the dealer went to, logged as they show: after each inbound message is classified,
// the one rule of dialogue/state/attended.ts runs over its conversation and every meeting it finds
// without a `meeting` event gets one (direction in, kind meeting, at the instant of the message
// that showed it), in the same transaction as the classification. So the runtime's log, `export`
// and off-policy evaluation on it count meetings as the simulator does, and as `data import`
// counts them in old logs. Called from Engine.process in one place.
//
// The rule reads the whole conversation. Read again from the first event on every line that may
// show a meeting, it was the largest part of the slowest decisions (BENCHMARKS.md, "One decision
// with the dialogue state"), so each conversation's walk is kept and read on at every message of
// his, one event at a time, as DialogueStateCache does for the dialogue state; a meeting logged
// sorts in before the message that showed it, and the walk goes on from a checkpoint kept there.
// MeetingRuleCache.missing gives exactly what missingMeetings gives (meetings.test.ts checks it).
import { MEETING_RULE_SOURCE, MeetingWalk, mayShowMeeting, meetingRuleMs, meetingRuleOrder, type InferredMeeting, type MeetingEvidence } from '../../dialogue/state/attended.js';
import type { StateEvent, StateOptions } from '../../dialogue/state/fold.js';
import type { EngineConfig } from './engine.js';
import { cachedRead, placeForms, sameStateEvent, stateEvent } from './dialogue.js';
import { DEFAULT_TIME_ZONE } from '../../dialogue/state/local-time.js';
import type { EventRow } from '../store/rows.js';
import type { Store } from '../store/store.js';

interface Checkpoint {
  /** the walk before it read events[at] */
  at: number;
  walk: MeetingWalk;
  mayShow: boolean;
}

interface Walked {
  /** the events read, in the rule's order */
  events: StateEvent[];
  /** the rule after them */
  walk: MeetingWalk;
  /** the meetings they showed: position in `events` and why */
  found: { at: number; why: MeetingEvidence }[];
  /** one of them could show a meeting (missingMeetings reads nothing otherwise) */
  mayShow: boolean;
  /**
   * the walk before the last events that could show a meeting: a meeting logged for one of them
   * sorts in before it (at the same instant), and the walk goes on from there, not from the start
   */
  checkpoints: Checkpoint[];
}

/** checkpoints kept per conversation */
const CHECKPOINTS = 4;

/** One deployment's walks of the meeting rule, per conversation: `options` are fixed for its life. */
export class MeetingRuleCache {
  private readonly entries = new Map<number, Walked>();
  /** events read and reused, walks resumed from a checkpoint and started over: for the tests */
  readonly stats = { read: 0, reused: 0, resumed: 0, restarted: 0 };

  constructor(
    readonly options: StateOptions,
    private readonly capacity = 5_000,
  ) {}

  /** How many conversations are kept. */
  get size(): number {
    return this.entries.size;
  }

  /** missingMeetings(events, options) of conversation `id`. */
  missing(id: number, events: readonly StateEvent[]): InferredMeeting[] {
    const order = meetingRuleOrder(events);
    let entry = this.entries.get(id);
    // taken out while it is read on: a read that throws leaves nothing half-read behind
    this.entries.delete(id);
    let keep = 0;
    if (entry) {
      const n = Math.min(entry.events.length, order.length);
      while (keep < n && sameStateEvent(entry.events[keep]!, events[order[keep]!]!)) keep++;
      if (keep < entry.events.length) entry = this.rewound(entry, keep);
    }
    if (!entry) {
      keep = 0;
      entry = { events: [], walk: new MeetingWalk(order.length ? meetingRuleMs(events[order[0]!]!) : 0), found: [], mayShow: false, checkpoints: [] };
      this.stats.restarted++;
    }
    keep = entry.events.length;
    this.stats.reused += keep;
    for (let k = keep; k < order.length; k++) {
      const e = events[order[k]!]!;
      // only an event that could show a meeting can (attended.ts): the walk is kept before it
      if (mayShowMeeting(e)) {
        entry.checkpoints.push({ at: k, walk: entry.walk.clone(), mayShow: entry.mayShow });
        if (entry.checkpoints.length > CHECKPOINTS) entry.checkpoints.shift();
        entry.mayShow = true;
      }
      const why = entry.walk.step(e, this.options);
      if (why !== null) entry.found.push({ at: k, why });
      entry.events.push(e);
    }
    this.stats.read += order.length - keep;
    this.entries.set(id, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    if (!entry.mayShow) return [];
    return entry.found.map((f) => ({ tMs: meetingRuleMs(events[order[f.at]!]!), index: order[f.at]!, why: f.why }));
  }

  /** The walk of the first `keep` events, from the last checkpoint within them; none without one. */
  private rewound(entry: Walked, keep: number): Walked | undefined {
    const i = entry.checkpoints.findLastIndex((c) => c.at <= keep);
    if (i < 0) return undefined;
    const c = entry.checkpoints[i]!;
    this.stats.resumed++;
    return {
      events: entry.events.slice(0, c.at),
      walk: c.walk,
      found: entry.found.filter((f) => f.at < c.at),
      mayShow: c.mayShow,
      checkpoints: entry.checkpoints.slice(0, i),
    };
  }
}

/** The rule as the runtime reads it: the deployment's zone and places, readings cached by text. */
export function meetingRuleCache(config: Pick<EngineConfig, 'places' | 'timeZone'>, capacity?: number): MeetingRuleCache {
  return new MeetingRuleCache({ timeZone: config.timeZone ?? DEFAULT_TIME_ZONE, places: placeForms(config.places), read: cachedRead }, capacity);
}

/**
 * Logs the meetings that inbound event `ev` (already classified) shows; returns how many. `rows`:
 * its conversation's events as stored now. The walk is read on at every message of his, so that
 * the one that shows a meeting reads only itself, not the whole conversation.
 */
export function logMeetings(store: Store, ev: EventRow, rows: readonly EventRow[], walks: MeetingRuleCache): number {
  if (ev.direction !== 'in') return 0;
  // messages accepted after this one and not classified yet are judged when their turn comes
  const found = walks.missing(ev.conversation, rows.filter((e) => e.direction === 'out' || e.processed || e.id === ev.id).map(stateEvent));
  if (!mayShowMeeting(stateEvent(ev))) return 0;
  for (const m of found)
    store.addEvent({ conversation: ev.conversation, ts_ms: m.tMs, direction: 'in', kind: 'meeting', text: '', source: MEETING_RULE_SOURCE, processed: true });
  return found.length;
}
