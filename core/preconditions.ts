// Tactic preconditions (DESIGN.md "Tactics v1": preconditions v3). One implementation over transcript
// events, used by the simulator, the feature encoder, the trainer's action masks and the
// runtime, so that a tactic is allowed in exactly the same situations everywhere. The runtime
// adds what only its dialogue state knows (a price read in his text, where the meeting window
// stands); the simulator leaves those unset.
import { TACTICS, TACTIC_INDEX, type Tactic } from './tactics.js';
import type { TranscriptEvent } from './transcript.js';

/**
 * v2: a meeting counts as agreed when the dealer accepts one on the table (his `meet_confirm`),
 * not only when we confirm, until a new proposal of his, our reschedule or the meeting itself;
 * `running_late` and `reschedule` need an agreed meeting or one he just went to in vain (not his
 * new proposal: that is confirmed or countered); `propose_meeting` is masked while a meeting is
 * agreed, `ask_location` once one is on the table, `confirm_meeting` once we confirmed the
 * meeting that stands or he went to it in vain, `ask_price` once a message of his was read as his
 * price. The runtime masks `running_late` until the meeting window opens and allows
 * `ask_location` in it (a stalling "where exactly?").
 * v3 (mask rules unchanged): the events alone say where the window stands, as the simulator's
 * dealer lives it — 'ahead' from his yes to a meeting until our next message, 'open' from the
 * meeting event (he went) until our next silence or a new time — so that the simulator, replay
 * of its logs and off-policy evaluation mask alike; the runtime replaces it with its dialogue
 * state's clock-based window.
 */
export const PRECONDITIONS_VERSION = 3;

/** where the agreed meeting's window stands, as the runtime's dialogue state says (dialogue/state/meeting.ts) */
export type MeetingWindow = 'none' | 'ahead' | 'open' | 'past';

export interface PreconditionState {
  /** a place/time was put on the table by either side and not yet cancelled by reschedule */
  meetingProposed: boolean;
  /** we confirmed a meeting (confirm_meeting) that we have not rescheduled since (a state feature, v1) */
  meetingConfirmed: boolean;
  /**
   * a meeting is agreed: we confirmed one, or the dealer accepted one on the table (his
   * meet_confirm); our reschedule or a new proposal of his reopens it, and the meeting itself (a
   * `meeting` event: he went and we did not) ends it.
   */
  meetingAgreed: boolean;
  /** he went to the agreed meeting and no new one was put on the table since (what a reschedule answers) */
  meetingMissed: boolean;
  /** the dealer has stated or discussed a price */
  priceSeen: boolean;
  /** our last decision was go_silent (a `wait` event) */
  silent: boolean;
  /** our decisions so far (sms/wait out events) */
  decisions: number;
  /**
   * the dealer's price is known: a message of his read as a price (v2), or a price read in his
   * text by the runtime's dialogue state (a promo with prices), so asking for it again gives the
   * bot away.
   */
  priceKnown?: boolean;
  /**
   * where the agreed meeting's window stands. `running_late` is for the window and after it.
   * From the events (v3, updatePreconditionState); the runtime sets it from its dialogue state.
   */
  meetingWindow?: MeetingWindow;
}

export function initialPreconditionState(): PreconditionState {
  return { meetingProposed: false, meetingConfirmed: false, meetingAgreed: false, meetingMissed: false, priceSeen: false, silent: false, decisions: 0, meetingWindow: 'none' };
}

type MaskEvent = Pick<TranscriptEvent, 'direction' | 'kind'> & { act?: string; tactic?: string; priced?: boolean };

/** Folds one event into the state (mutates and returns it, for speed in the simulator). */
export function updatePreconditionState(s: PreconditionState, e: MaskEvent): PreconditionState {
  if (e.direction === 'in') {
    if (e.kind === 'meeting') {
      s.meetingAgreed = false;
      s.meetingMissed = true;
      // he is there and waits for our answer
      s.meetingWindow = 'open';
      return s;
    }
    if (e.act === 'meet_propose') {
      // a new time or place of his is on the table, to be accepted or countered
      s.meetingProposed = true;
      s.meetingAgreed = s.meetingMissed = false;
      s.meetingWindow = 'none';
    } else if (e.act === 'meet_confirm') {
      // he accepts the meeting on the table; with none, his "ok tot dan" is a proposal to us
      if (s.meetingProposed) {
        s.meetingAgreed = true;
        s.meetingWindow = 'ahead';
      }
      s.meetingProposed = true;
    }
    // a message read as his price names it (v2; the simulator's price lines all do), so asking
    // for it again gives the bot away, in every world alike
    if (e.act === 'price') s.priceSeen = s.priceKnown = true;
    if (e.priced) s.priceSeen = s.priceKnown = true;
    return s;
  }
  if (e.kind === 'wait' || e.kind === 'sms' || e.kind === 'mms') {
    s.decisions++;
    s.silent = e.kind === 'wait' || e.tactic === 'go_silent';
    // our message after his yes sends him on his way (the meeting event opens the window); a
    // silence or a new time of ours closes an open one
    if (s.meetingWindow === 'ahead' || (s.meetingWindow === 'open' && (s.silent || e.tactic === 'propose_meeting' || e.tactic === 'reschedule'))) s.meetingWindow = 'none';
    switch (e.tactic) {
      case 'propose_meeting':
        s.meetingProposed = true;
        s.meetingMissed = false;
        break;
      case 'confirm_meeting':
        s.meetingConfirmed = s.meetingAgreed = true;
        s.meetingMissed = false;
        break;
      case 'reschedule':
        s.meetingConfirmed = s.meetingAgreed = s.meetingMissed = false;
        s.meetingProposed = true;
        break;
      case 'haggle':
      case 'ask_price':
        break;
    }
  }
  return s;
}

/** Why a tactic is not allowed now, or null when it is. Shown by `chat --explain`. */
export function maskReason(s: PreconditionState, t: Tactic): string | null {
  switch (t) {
    case 'confirm_meeting':
      if (!s.meetingProposed) return 'no meeting has been proposed yet';
      if (s.meetingMissed) return 'he went to the last one in vain (that is a reschedule)';
      // our own confirmation of the meeting that stands; his new proposal reopens it
      if (s.meetingConfirmed && s.meetingAgreed) return 'the meeting is already confirmed';
      return null;
    case 'running_late':
      if (!s.meetingAgreed && !s.meetingMissed) return 'no agreed meeting to be late for';
      if (s.meetingWindow === 'ahead') return 'the meeting window has not opened yet';
      return null;
    case 'reschedule':
      return s.meetingAgreed || s.meetingMissed ? null : 'no agreed or missed meeting to move';
    case 'propose_meeting':
      return s.meetingAgreed ? 'a meeting is agreed (a new one is a reschedule)' : null;
    case 'ask_location':
      // while he waits at the spot, "waar staat ge juist?" stalls; before, it asks what he said
      return s.meetingProposed && s.meetingWindow !== 'open' ? 'a meeting place is already on the table' : null;
    case 'haggle':
      return s.priceSeen ? null : 'no price on the table yet';
    case 'ask_price':
      return s.priceKnown ? 'the dealer already gave his price' : null;
    case 'apologize_return':
      return s.silent ? null : 'only after a silence (go_silent)';
    case 'go_silent':
      return s.silent ? 'already silent' : null;
    default:
      return null;
  }
}

/** 1 = allowed, 0 = masked, in TACTICS order. Writes into `out` when given (no allocation). */
export function tacticMask(s: PreconditionState, out: Uint8Array = new Uint8Array(TACTICS.length)): Uint8Array {
  for (let i = 0; i < TACTICS.length; i++) out[i] = maskReason(s, TACTICS[i]!) === null ? 1 : 0;
  return out;
}

export function isAllowed(s: PreconditionState, t: Tactic): boolean {
  return maskReason(s, t) === null;
}

export { TACTIC_INDEX };
