// Meetings the dealer went to, logged as they show: after each inbound message is classified,
// the one rule of dialogue/state/attended.ts runs over its conversation and every meeting it finds
// without a `meeting` event gets one (direction in, kind meeting, at the instant of the message
// that showed it), in the same transaction as the classification. So the runtime's log, `export`
// and off-policy evaluation on it count meetings as the simulator does, and as `data import`
// counts them in old logs. Called from Engine.process in one place.
//
// The rule reads the whole conversation. Read again from the first event on every line that may
// show a meeting, it was the largest part of the slowest decisions (BENCHMARKS.md, "One decision
// with the dialogue state"), so each conversation's walk is kept and only its new events are read,
// as DialogueStateCache does for the dialogue state: MeetingRuleCache.missing gives exactly what
// missingMeetings gives (meetings.test.ts checks it).
import { MEETING_RULE_SOURCE, MeetingWalk, mayShowMeeting, meetingRuleMs, meetingRuleOrder, type InferredMeeting, type MeetingEvidence } from '../../dialogue/state/attended.js';
import type { StateEvent, StateOptions } from '../../dialogue/state/fold.js';
import type { EngineConfig } from './engine.js';
import { cachedRead, placeForms, sameStateEvent, stateEvent } from './dialogue.js';
import { DEFAULT_TIME_ZONE } from '../../dialogue/state/local-time.js';
import type { Store } from '../store/store.js';

interface Walked {
  /** the events read, in the rule's order */
  events: StateEvent[];
  /** the rule after them */
  walk: MeetingWalk;
  /** the meetings they showed: position in `events` and why */
  found: { at: number; why: MeetingEvidence }[];
  /** one of them could show a meeting (missingMeetings reads nothing otherwise) */
  mayShow: boolean;
}

/** One deployment's walks of the meeting rule, per conversation: `options` are fixed for its life. */
export class MeetingRuleCache {
  private readonly entries = new Map<number, Walked>();
  /** events read and reused, and walks started over: for the tests */
  readonly stats = { read: 0, reused: 0, restarted: 0 };

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
    if (entry && entry.events.length <= order.length) {
      while (keep < entry.events.length && sameStateEvent(entry.events[keep]!, events[order[keep]!]!)) keep++;
      if (keep < entry.events.length) entry = undefined;
    } else entry = undefined;
    if (!entry) {
      keep = 0;
      entry = { events: [], walk: new MeetingWalk(order.length ? meetingRuleMs(events[order[0]!]!) : 0), found: [], mayShow: false };
      this.stats.restarted++;
    }
    this.stats.reused += keep;
    for (let k = keep; k < order.length; k++) {
      const e = events[order[k]!]!;
      const why = entry.walk.step(e, this.options);
      if (why !== null) entry.found.push({ at: k, why });
      if (!entry.mayShow && mayShowMeeting(e)) entry.mayShow = true;
      entry.events.push(e);
    }
    this.stats.read += order.length - keep;
    this.entries.set(id, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    if (!entry.mayShow) return [];
    return entry.found.map((f) => ({ tMs: meetingRuleMs(events[order[f.at]!]!), index: order[f.at]!, why: f.why }));
  }
}

/** The rule as the runtime reads it: the deployment's zone and places, readings cached by text. */
export function meetingRuleCache(config: Pick<EngineConfig, 'places' | 'timeZone'>, capacity?: number): MeetingRuleCache {
  return new MeetingRuleCache({ timeZone: config.timeZone ?? DEFAULT_TIME_ZONE, places: placeForms(config.places), read: cachedRead }, capacity);
}

/** Logs the meetings that inbound event `eventId` (already classified) shows; returns how many. */
export function logMeetings(store: Store, eventId: number, walks: MeetingRuleCache): number {
  const ev = store.event(eventId);
  if (!ev || ev.direction !== 'in' || !mayShowMeeting(stateEvent(ev))) return 0;
  // messages accepted after this one and not classified yet are judged when their turn comes
  const rows = store.events(ev.conversation).filter((e) => e.direction === 'out' || e.processed || e.id === ev.id);
  const found = walks.missing(ev.conversation, rows.map(stateEvent));
  for (const m of found)
    store.addEvent({ conversation: ev.conversation, ts_ms: m.tMs, direction: 'in', kind: 'meeting', text: '', source: MEETING_RULE_SOURCE, processed: true });
  return found.length;
}
