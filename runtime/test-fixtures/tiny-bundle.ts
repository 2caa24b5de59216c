// A small untrained bundle over the real feature encoder, for tests of the runtime's wiring
// (loading, verification, decisions) that must not depend on a trained model.
import { FEATURE_NAMES, FEATURES_VERSION } from '../../core/features/feature-names.js';
import { Rng } from '../../lib/random.js';
import { TACTICS } from '../../core/tactics.js';
import { initBackend } from '../../models/backend.js';
import { saveBundle } from '../../models/bundle.js';
import { buildMlp } from '../../models/mlp.js';

export async function writeTinyBundle(dir: string, seed = 3): Promise<void> {
  await initBackend({ log: null });
  const model = buildMlp({ inputSize: FEATURE_NAMES.length, hidden: [16], outputs: TACTICS.length }, new Rng(seed));
  await saveBundle(dir, model, {
    created: '2026-11-28T00:00:00.000Z',
    algo: 'test',
    features: { version: FEATURES_VERSION, names: [...FEATURE_NAMES], mean: FEATURE_NAMES.map(() => 0), std: FEATURE_NAMES.map(() => 1) },
    tactics: [...TACTICS],
    output: 'logits',
    temperature: 1,
    epsilon: 0.05,
    training: { data: null, personas: null, seed, steps: 0, metrics: {} },
  });
}
