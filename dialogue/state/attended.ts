// Meetings the dealer went to (DESIGN.md, "Meetings the dealer went to"): the one rule that turns
// a conversation's messages into the `meeting` events the reward counts (core/reward.ts: 20
// dealer-minutes each). The runtime applies it as messages arrive (runtime/engine/meetings.ts),
// `data import` and `data label` apply it to old logs, so off-policy evaluation on either counts
// the same meetings. Pure: the events and the options in, the missing meeting events out.
//
// The rule (version 1). Over the dialogue state's own fold (fold.ts, meeting.ts, no-show.ts), in a
// conversation we wrote in: a meeting on the table — a time or place named by either side before
// the dealer says he is there — is one he went to when, in one of his messages,
//   - he says he is at the place (`saysThere`: "ik sta er", "ben er", "i'm outside"), or
//   - his act is `where_are_you` at or after the agreed time and inside the meeting window
//     (up to WINDOW_AFTER_MS after it), or
//   - he complains that we did not come (`isNoShowComplaint`), once the window has opened.
// Each meeting counts once: several "ik sta er" or a complaint after "ik sta er" add nothing. A new
// meeting is a new time (more than 10 minutes from the old one, as the fold decides) or our
// propose_meeting / reschedule; even then, one trip counts once: no second meeting within the
// length of one window (WINDOW_BEFORE_MS + WINDOW_AFTER_MS) of the last one. A `meeting` event
// already in the log counts as the current meeting's, so the rule applied again (an export
// imported, a labelled import) adds nothing. The event is at the instant of the message that
// showed it.
import { atTime, foldEvent, initialDialogueState, type StateEvent, type StateOptions } from './fold.js';
import { saysThereFolded, WINDOW_AFTER_MS, WINDOW_BEFORE_MS } from './meeting.js';
import { isNoShowComplaint, isNoShowComplaintFolded } from './no-show.js';
import { foldText } from './text.js';
import type { DialogueState } from './types.js';

export const MEETING_RULE_VERSION = 1;

/** The `source` of a meeting event this rule added to a log. */
export const MEETING_RULE_SOURCE = `meeting-rule:v${MEETING_RULE_VERSION}`;

/** One trip counts once: no second meeting within one window's length of the last. */
export const ONE_TRIP_MS = WINDOW_BEFORE_MS + WINDOW_AFTER_MS;

/** A new time this far from the old one is a new meeting (fold.ts: dealerMeeting starts over). */
const NEW_TIME_MS = 10 * 60_000;

export type MeetingEvidence = 'there' | 'where_are_you' | 'complaint';

export interface InferredMeeting {
  /** when: the instant of the dealer message that showed it */
  tMs: number;
  /** the index (in the events given) of that message */
  index: number;
  why: MeetingEvidence;
}

const dealerText = (e: StateEvent) => e.direction === 'in' && (e.kind === 'sms' || e.kind === 'mms');
const isMeeting = (e: StateEvent) => e.direction === 'in' && e.kind === 'meeting';

/**
 * Whether one event could show a meeting at all (cheap: two word patterns and the act). A
 * conversation none of whose events can is left out without folding it.
 */
export function mayShowMeeting(e: StateEvent): boolean {
  if (!dealerText(e)) return false;
  if (e.act === 'where_are_you') return true;
  return mayShowMeetingText(typeof e.text === 'string' ? e.text : '');
}

/** mayShowMeeting's word patterns on a dealer message's text (folded once for both) */
export function mayShowMeetingText(text: string): boolean {
  const f = foldText(text);
  return saysThereFolded(f) || isNoShowComplaintFolded(f, true, true);
}

/** The instant the rule reads an event at (an event without a finite time: 0). */
export const meetingRuleMs = (e: StateEvent): number => (Number.isFinite(e.tMs) ? e.tMs : 0);

/**
 * The order the rule reads `events` in (indices): by time; at the same instant a `meeting` event
 * comes first: it stands for the message of that instant that showed it.
 */
export function meetingRuleOrder(events: readonly StateEvent[]): number[] {
  const t = (i: number) => meetingRuleMs(events[i]!);
  return events.map((_, i) => i).sort((a, b) => t(a) - t(b) || Number(isMeeting(events[b]!)) - Number(isMeeting(events[a]!)) || a - b);
}

/**
 * The rule read one event at a time, in meetingRuleOrder, so that a caller that sees a
 * conversation grow (the runtime) can keep it and read only the new events.
 */
export class MeetingWalk {
  private s: DialogueState;
  /** the current meeting was counted (inferred here or logged) */
  private counted = false;
  /** the current meeting was on the table before he said he was there */
  private arranged = false;
  private lastMs = -Infinity;
  /** we wrote in this conversation: a meeting among others is none of ours */
  private spoke = false;

  /** `firstMs`: the instant of the first event it will read */
  constructor(firstMs: number) {
    this.s = initialDialogueState(firstMs);
  }

  /** A walk that goes on from here on its own. */
  clone(): MeetingWalk {
    return Object.assign(Object.create(MeetingWalk.prototype) as MeetingWalk, this);
  }

  /** Reads the next event; what shows a meeting not counted yet, or null. */
  step(e: StateEvent, o: StateOptions = {}): MeetingEvidence | null {
    const at = meetingRuleMs(e);
    if (e.direction === 'out' && (e.kind === 'sms' || e.kind === 'mms')) this.spoke = true;
    if (isMeeting(e)) {
      this.counted = true;
      this.lastMs = at;
      this.s = foldEvent(this.s, e, o);
      return null;
    }
    const prev = atTime(this.s, at);
    const next = foldEvent(this.s, e, o);
    if (newMeeting(prev, next, e)) {
      this.counted = false;
      this.arranged = false;
    }
    const why = this.counted || !this.arranged || !this.spoke || at - this.lastMs < ONE_TRIP_MS ? null : evidence(prev, next, e, at);
    if (why !== null) {
      this.counted = true;
      this.lastMs = at;
    }
    if (next.meeting.proposed && !next.meeting.dealerThere) this.arranged = true;
    this.s = next;
    return why;
  }
}

/**
 * The meetings this conversation shows the dealer went to that it holds no `meeting` event for,
 * in time order. `events`: one conversation's, any order (read in meetingRuleOrder).
 */
export function missingMeetings(events: readonly StateEvent[], o: StateOptions = {}): InferredMeeting[] {
  if (!events.some(mayShowMeeting)) return [];
  const order = meetingRuleOrder(events);
  const walk = new MeetingWalk(meetingRuleMs(events[order[0]!]!));
  const out: InferredMeeting[] = [];
  for (const i of order) {
    const why = walk.step(events[i]!, o);
    if (why !== null) out.push({ tMs: meetingRuleMs(events[i]!), index: i, why });
  }
  return out;
}

function newMeeting(prev: DialogueState, next: DialogueState, e: StateEvent): boolean {
  if (e.direction === 'out') return e.tactic === 'propose_meeting' || e.tactic === 'reschedule';
  // "ik ben er" long before the time moves the time to now (meeting.ts): he is early, not elsewhere
  if (next.meeting.dealerThere && !prev.meeting.dealerThere) return false;
  const a = prev.meeting.timeMs;
  const b = next.meeting.timeMs;
  return a !== null && b !== null && Math.abs(a - b) > NEW_TIME_MS;
}

function evidence(prev: DialogueState, next: DialogueState, e: StateEvent, at: number): MeetingEvidence | null {
  if (!dealerText(e)) return null;
  const m = prev.meeting;
  if (next.meeting.dealerThere && !m.dealerThere) return 'there';
  if (e.act === 'where_are_you' && m.timeMs !== null && at >= m.timeMs && at <= m.timeMs + WINDOW_AFTER_MS) return 'where_are_you';
  const text = typeof e.text === 'string' ? e.text : '';
  const opened = m.timeMs === null || at >= m.timeMs - WINDOW_BEFORE_MS;
  if (opened && isNoShowComplaint(text, m.proposed || m.dealerThere, m.dealerThere || m.missed)) return 'complaint';
  return null;
}
