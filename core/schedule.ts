// When the bot decides: one schedule for the simulator and the runtime (DESIGN.md "Decision
// schedule"). A policy trained on the simulator's timing only keeps its value live if the runtime
// decides at the same moments, so both call these functions; the simulator with its own clock
// and draws, the runtime with durable timers (outbox rows, runtime/engine/timers.ts).
//
// A decision falls due:
//   - when the dealer's turn has ended: no new message from him for `settleMs` (a burst of three
//     texts is read as one turn and answered once, as a person would, and as the simulator
//     decides once per dealer turn);
//   - after our message went unanswered: `followUpDelayMs` after it was sent, as long as fewer
//     than `maxUnanswered` of our messages in a row are unanswered (then we wait for him);
//   - after a go_silent: the silence (the tactic's delay profile) plus a follow-up delay.
// A reply then leaves at `replyDueMs`: its tactic's delay after the dealer's last message, never
// before the decision itself. Quiet hours (dialogue/state/quiet-hours.ts) apply on top, to every
// message and follow-up decision of ours, in the runtime and in the simulator (on its wall clock).
import type { Rng } from '../lib/random.js';

const HOUR = 3_600_000;

export interface DecisionSchedule {
  /** the dealer's turn ends after this much quiet from him (ms) */
  settleMs: number;
  /** a follow-up decision comes minHours + U·spanHours after our unanswered message */
  followUp: { minHours: number; spanHours: number };
  /** our messages in a row without an answer after which we stop following up and wait for him */
  maxUnanswered: number;
}

export const DEFAULT_SCHEDULE: Readonly<DecisionSchedule> = Object.freeze({
  // the simulator's dealers send their extra texts a median 45 s apart (DEALER.extras): 90 s
  // catches about nine bursts in ten and stays under every tactic's typing delay but one
  settleMs: 90_000,
  followUp: Object.freeze({ minHours: 2, spanHours: 4 }),
  maxUnanswered: 3,
});

/** Delay before the follow-up decision after an unanswered message (one uniform draw). */
export function followUpDelayMs(rng: Pick<Rng, 'next'>, s: DecisionSchedule = DEFAULT_SCHEDULE): number {
  return (s.followUp.minHours + s.followUp.spanHours * rng.next()) * HOUR;
}

/** Whether to schedule a follow-up after `unanswered` of our messages in a row went unanswered. */
export function followUpAllowed(unanswered: number, s: DecisionSchedule = DEFAULT_SCHEDULE): boolean {
  return unanswered < s.maxUnanswered;
}

/**
 * When a reply decided at `decideMs` leaves: `delayMs` (its tactic's typing delay) after the
 * dealer's last message when we are answering his turn (`lastInMs`), after the decision
 * otherwise (a follow-up); never before the decision.
 */
export function replyDueMs(decideMs: number, delayMs: number, lastInMs: number | null): number {
  return Math.max(decideMs, (lastInMs ?? decideMs) + delayMs);
}

/** When the decision on a dealer's turn falls due, given his last message. */
export function settleDueMs(lastInMs: number, s: DecisionSchedule = DEFAULT_SCHEDULE): number {
  return lastInMs + s.settleMs;
}
