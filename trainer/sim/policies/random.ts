// `random`: uniform over the allowed tactics. The floor every other policy must clear.
import { NUM_TACTICS } from '../../../core/tactics.js';
import type { Policy } from './policy.js';

export function randomPolicy(): Policy {
  const out = new Float64Array(NUM_TACTICS);
  return {
    id: 'random',
    probs({ mask }) {
      for (let i = 0; i < NUM_TACTICS; i++) out[i] = mask[i]!;
      return out;
    },
  };
}
