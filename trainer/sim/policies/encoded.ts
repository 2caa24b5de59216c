// A learned policy in the simulator: a models/ policy (features + mask → probabilities) behind
// the simulator's Policy interface. The conversation's ObservedEvents go through a feature
// encoder incrementally (the same encoder the runtime uses), so the network sees in simulation
// what it sees live. Also loads a policy bundle folder for `simulate --policy DIR`.
import type { ObservationEncoder, ObservedEvent } from '../../../core/observation.js';
import type { Policy } from './policy.js';

export interface FeaturePolicy {
  probs(obs: Float32Array, mask: Uint8Array): ArrayLike<number>;
}

export function encodedPolicy(id: string, net: FeaturePolicy, encoder: ObservationEncoder): Policy {
  const obs = new Float32Array(encoder.size);
  let seen: readonly ObservedEvent[] | undefined;
  let pushed = 0;
  let first: ObservedEvent | undefined;
  return {
    id,
    probs({ events, mask }) {
      // a new conversation: a different event list, or one that got shorter, or whose first event changed
      if (events !== seen || events.length < pushed || (pushed > 0 && events[0] !== first)) {
        encoder.reset();
        pushed = 0;
        seen = events;
      }
      for (; pushed < events.length; pushed++) encoder.push(events[pushed]!);
      first = events[0];
      encoder.write(obs, 0);
      return net.probs(obs, mask);
    },
  };
}

/** `simulate --policy DIR`: a verified policy bundle with the core/features encoder. */
export async function bundlePolicy(dir: string): Promise<Policy> {
  const [{ loadBundle }, features] = await Promise.all([import('../../../models/bundle.js'), import('../../../core/features/index.js')]);
  const b = await loadBundle(dir, { features: { version: features.FEATURES_VERSION, names: features.FEATURE_NAMES } });
  return encodedPolicy(b.meta.id, b.policy, features.createEncoder());
}
