// Tactic preconditions (DESIGN.md: "confirm_meeting only after a meeting was proposed"). One
// implementation over transcript events, used by the simulator, the feature encoder, the
// trainer's action masks and the runtime, so that a tactic is allowed in exactly the same
// situations everywhere.
import { TACTICS, TACTIC_INDEX, type Tactic } from './tactics.js';
import type { TranscriptEvent } from './transcript.js';

export interface PreconditionState {
  /** a place/time was put on the table by either side and not yet cancelled by reschedule */
  meetingProposed: boolean;
  /** we confirmed a meeting (confirm_meeting) that has not been rescheduled since */
  meetingConfirmed: boolean;
  /** the dealer has stated or discussed a price */
  priceSeen: boolean;
  /** our last decision was go_silent (a `wait` event) */
  silent: boolean;
  /** our decisions so far (sms/wait out events) */
  decisions: number;
  /**
   * the dealer's price is known (a price read in his messages: the runtime's dialogue state, or an
   * `in` event with `priced`), so asking for it again gives the bot away. Left unset by the
   * simulator's dealer, whose prices are acts: its masks are those of before (docs/DESIGN.md).
   */
  priceKnown?: boolean;
}

export function initialPreconditionState(): PreconditionState {
  return { meetingProposed: false, meetingConfirmed: false, priceSeen: false, silent: false, decisions: 0 };
}

type MaskEvent = Pick<TranscriptEvent, 'direction' | 'kind'> & { act?: string; tactic?: string; priced?: boolean };

/** Folds one event into the state (mutates and returns it, for speed in the simulator). */
export function updatePreconditionState(s: PreconditionState, e: MaskEvent): PreconditionState {
  if (e.direction === 'in') {
    if (e.act === 'meet_propose' || e.act === 'meet_confirm') s.meetingProposed = true;
    if (e.act === 'price') s.priceSeen = true;
    if (e.priced) s.priceSeen = s.priceKnown = true;
    return s;
  }
  if (e.kind === 'wait' || e.kind === 'sms' || e.kind === 'mms') {
    s.decisions++;
    s.silent = e.kind === 'wait' || e.tactic === 'go_silent';
    switch (e.tactic) {
      case 'propose_meeting':
        s.meetingProposed = true;
        break;
      case 'confirm_meeting':
        s.meetingConfirmed = true;
        break;
      case 'reschedule':
        s.meetingConfirmed = false;
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
      if (s.meetingConfirmed) return 'the meeting is already confirmed';
      return null;
    case 'running_late':
      return s.meetingConfirmed ? null : 'no confirmed meeting to be late for';
    case 'reschedule':
      return s.meetingProposed || s.meetingConfirmed ? null : 'no meeting to reschedule';
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
