// `heuristic`: a hand-written, stage-aware expert that reads only what a real bot can see — the
// conversation's events. It walks the deal to a meeting, never shows up, reschedules, answers a
// "who are you?" with reassurance and backs off when the dealer gets annoyed. It deliberately
// knows nothing about the kind of dealer it talks to (that is what a learned policy can add).
import type { ObservedEvent } from '../../../core/observation.js';
import { TACTIC_INDEX as T } from '../../../core/tactics.js';
import { firstAllowed, oneHot, type Policy } from './policy.js';

export function heuristicPolicy(): Policy {
  const out = new Float64Array(16);
  return {
    id: 'heuristic',
    probs: ({ events, mask }) => oneHot(heuristicTactic(events, mask), out),
  };
}

export function heuristicTactic(events: readonly ObservedEvent[], mask: Uint8Array): number {
  let lastOut: ObservedEvent | undefined;
  let lastIn: ObservedEvent | undefined;
  /** his message before lastIn, when it came after our last message */
  let prevIn: ObservedEvent | undefined;
  let haggles = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.direction === 'out') {
      lastOut ??= e;
      if (e.tactic === 'haggle') haggles++;
    } else if (!lastOut) {
      if (!lastIn) lastIn = e;
      else prevIn ??= e;
    }
  }
  // came back after a silence
  if (lastOut?.tactic === 'go_silent') return firstAllowed(mask, T.apologize_return, T.show_interest);
  // no answer since our last message: give him time
  if (!lastIn) return firstAllowed(mask, T.go_silent, T.apologize_return);
  // he just got there and asks where we are: "almost there" once, then the excuse
  if (lastIn.kind === 'meeting') {
    const waiting = prevIn?.act === 'where_are_you' && prevIn.tMs === lastIn.tMs;
    return waiting && lastOut?.tactic !== 'running_late' ? firstAllowed(mask, T.running_late, T.reschedule) : firstAllowed(mask, T.reschedule, T.apologize_return);
  }
  switch (lastIn.act) {
    case 'suspicion':
      return firstAllowed(mask, T.reassure);
    case 'annoyed':
      return firstAllowed(mask, T.go_silent, T.reassure);
    case 'where_are_you':
      return lastOut?.tactic === 'running_late' ? firstAllowed(mask, T.reschedule) : firstAllowed(mask, T.running_late, T.reschedule);
    case 'promo':
      return firstAllowed(mask, T.ask_menu);
    case 'product':
      return firstAllowed(mask, T.ask_price);
    case 'price':
      return haggles < 1 ? firstAllowed(mask, T.haggle) : firstAllowed(mask, T.propose_meeting, T.reschedule);
    case 'meet_propose':
      return firstAllowed(mask, T.confirm_meeting, T.propose_meeting);
    case 'meet_confirm':
      // seal it, then wait for him to go
      return firstAllowed(mask, T.confirm_meeting, T.go_silent);
    case 'ask_order':
      return mask[T.haggle] ? firstAllowed(mask, T.propose_meeting, T.reschedule) : firstAllowed(mask, T.ask_price);
    default:
      if (mask[T.running_late] && lastOut?.tactic === 'confirm_meeting') return firstAllowed(mask, T.go_silent);
      // a meeting already agreed is moved, not proposed again (preconditions v2)
      return mask[T.haggle] ? firstAllowed(mask, T.propose_meeting, T.reschedule) : firstAllowed(mask, T.ask_price);
  }
}
