// `varied`: the heuristic plus one observable rule — do not repeat any of our last three tactics
// when a stage-appropriate alternative is allowed. Not a baseline of the issue: a probe showing
// how much a policy that reads only the events can gain over `heuristic` (the headroom a learned
// policy has), measured in BENCHMARKS.md next to the oracle.
import { TACTICS, TACTIC_INDEX as T } from '../../../core/tactics.js';
import { heuristicTactic } from './heuristic.js';
import { oneHot, type Policy } from './policy.js';

const ALTERNATIVES = [T.ask_location, T.ask_quality, T.reassure, T.ask_price, T.show_interest, T.small_talk, T.misunderstand];
const FREE = new Set([T.go_silent, T.apologize_return, T.reassure]);

export function variedPolicy(): Policy {
  const out = new Float64Array(16);
  const recent: number[] = [];
  return {
    id: 'varied',
    probs({ events, mask }) {
      const h = heuristicTactic(events, mask);
      recent.length = 0;
      for (let i = events.length - 1; i >= 0 && recent.length < 3; i--) {
        const e = events[i]!;
        if (e.direction === 'out' && e.tactic) recent.push(TACTICS.indexOf(e.tactic));
      }
      // his proposal is answered, not varied away from (DEALER.proposal)
      if (lastInAct(events) === 'meet_propose') return oneHot(h, out);
      if (!FREE.has(h) && recent.includes(h)) for (const a of ALTERNATIVES) if (mask[a] && !recent.includes(a)) return oneHot(a, out);
      return oneHot(h, out);
    },
  };
}

function lastInAct(events: Parameters<Policy['probs']>[0]['events']): string | undefined {
  for (let i = events.length - 1; i >= 0; i--) if (events[i]!.direction === 'in') return events[i]!.act;
  return undefined;
}
