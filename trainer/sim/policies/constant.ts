// `constant:T`: one tactic repeated forever (show_interest when it is masked). Used to show the
// decision problem is real: no such policy comes near the heuristic, and the best one differs
// between personas.
import { TACTIC_INDEX, type Tactic } from '../../../core/tactics.js';
import { firstAllowed, oneHot, type Policy } from './policy.js';

export function constantPolicy(tactic: Tactic): Policy {
  const out = new Float64Array(16);
  const t = TACTIC_INDEX[tactic];
  return {
    id: `constant:${tactic}`,
    probs: ({ mask }) => oneHot(firstAllowed(mask, t, TACTIC_INDEX.show_interest), out),
  };
}
