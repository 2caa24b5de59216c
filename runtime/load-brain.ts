// Assembles the live Brain from a bundle folder: the NLU (data/nlu), the policy
// (models/bundle.ts, which verifies hashes, feature version and tactic list), the catalogue
// renderer and delay profiles (data/catalogue). Those parts are written in parallel; until the
// lead wires them here, `serve` and `chat` refuse to start with this message rather than run a
// made-up policy.
import { DealerbotError } from '../data/errors.js';
import type { Brain } from './brain.js';

export async function loadBrain(modelDir: string): Promise<Brain> {
  throw new DealerbotError(
    'E_NOT_WIRED',
    `cannot load model ${modelDir}: this build has no NLU/bundle/catalogue wiring yet (runtime/load-brain.ts)`,
  );
}
