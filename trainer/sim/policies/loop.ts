// `loop`: the manner of the "Lenny" telephone bot: a few scripted openers, then a fixed cycle of
// tactics regardless of what the dealer says (a masked one is skipped to the next in the cycle).
import { TACTIC_INDEX as T } from '../../../core/tactics.js';
import { firstAllowed, oneHot, type Policy } from './policy.js';

export const LOOP_OPENERS = [T.show_interest, T.ask_menu, T.ask_price];
export const LOOP_CYCLE = [T.ask_quality, T.misunderstand, T.ask_location, T.confirm_meeting, T.small_talk, T.reassure, T.go_silent, T.apologize_return];

export function loopPolicy(): Policy {
  const out = new Float64Array(16);
  return {
    id: 'loop',
    probs({ events, mask }) {
      let n = 0;
      for (const e of events) if (e.direction === 'out') n++;
      if (n < LOOP_OPENERS.length) return oneHot(firstAllowed(mask, LOOP_OPENERS[n]!), out);
      const k = n - LOOP_OPENERS.length;
      const prefs: number[] = [];
      for (let j = 0; j < LOOP_CYCLE.length; j++) prefs.push(LOOP_CYCLE[(k + j) % LOOP_CYCLE.length]!);
      return oneHot(firstAllowed(mask, ...prefs), out);
    },
  };
}
