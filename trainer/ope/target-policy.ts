// What `evaluate` evaluates: a policy bundle (features → probabilities, at the bundle's own
// temperature/epsilon) or a baseline by name (random, loop, heuristic, constant:TACTIC, varied),
// optionally ε-greedy. Baselines read the conversation's events, so the logs are replayed with
// each decision's history attached; the oracle plans with the simulator's hidden state, which
// logs do not have, and is refused.
import type { Lang } from '../../core/lang.js';
import { UsageError } from '../../lib/errors.js';
import { FEATURE_NAMES, FEATURES_VERSION } from '../../core/features/feature-names.js';
import { loadBundle, type BundleTraining } from '../../models/bundle.js';
import type { Policy } from '../sim/policies/policy.js';
import type { PolicyProbabilities } from './policy.js';

export interface TargetPolicy {
  /** the bundle's id or the baseline's name (with its ε) */
  id: string;
  probs: PolicyProbabilities;
  /** the logs must be replayed with each step's event history */
  needsHistory: boolean;
  /** the same policy for the simulator (the on-policy truth of --sim) */
  simulated(): Promise<Policy>;
  /** a bundle's provenance (policy.json `training`): what it was trained on */
  training?: BundleTraining;
}

export interface TargetSpec {
  /** policy bundle folder */
  model?: string;
  /** baseline name */
  policy?: string;
  /** ε-greedy exploration added to a baseline */
  epsilon?: number;
}

export async function resolveTarget(spec: TargetSpec): Promise<TargetPolicy> {
  if ((spec.model === undefined) === (spec.policy === undefined)) throw new UsageError('give exactly one of --model DIR (a policy bundle) and --policy NAME (a baseline)');
  const epsilon = spec.epsilon ?? 0;
  if (!(epsilon >= 0 && epsilon <= 1)) throw new UsageError(`--epsilon must be a number in [0,1], got ${spec.epsilon}`);
  if (spec.model !== undefined) {
    if (spec.epsilon !== undefined) throw new UsageError('--epsilon applies to baselines; a bundle is evaluated at its own temperature/epsilon (train --temperature, policy.json)');
    const dir = spec.model;
    const bundle = await loadBundle(dir, { features: { version: FEATURES_VERSION, names: FEATURE_NAMES } });
    return {
      id: bundle.meta.id,
      probs: (obs, mask) => bundle.policy.probs(obs, mask),
      needsHistory: false,
      simulated: async () => (await import('../sim/policies/encoded.js')).bundlePolicy(dir),
      training: bundle.meta.training,
    };
  }
  const name = spec.policy!;
  if (name === 'oracle') throw new UsageError('the oracle plans with the simulator\'s hidden dealer state, which logs do not have: it cannot be evaluated off-policy (simulate it instead)');
  const { baselinePolicy } = await import('../sim/policies/index.js');
  const { withEpsilon } = await import('../sim/policies/policy.js');
  const make = (): Policy => withEpsilon(baselinePolicy(name), epsilon);
  const policy = make();
  return {
    id: epsilon ? `${name} (ε ${epsilon})` : name,
    probs(_obs, mask, step) {
      const h = step?.history;
      if (!h) throw new Error(`baseline ${name} needs each decision's event history (load the logs with keepHistory)`);
      const events = h.events.slice(0, h.length);
      let lang: Lang = 'nl';
      for (const e of events) if (e.lang) lang = e.lang;
      const w = policy.probs({ events, mask, lang });
      let total = 0;
      for (let i = 0; i < w.length; i++) total += w[i]!;
      return Float64Array.from(w, (x) => x / total);
    },
    needsHistory: true,
    simulated: async () => make(),
  };
}
