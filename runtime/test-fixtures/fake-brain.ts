// A small deterministic Brain for tests: keyword classification, uniform choice over allowed
// tactics (so propensities are exact), template-free rendering, fixed delays.
import type { Rng } from '../../lib/random.js';
import { TACTICS, TACTIC_INDEX, type Tactic } from '../../core/tactics.js';
import type { Brain, Classification, Decision, RenderContext, Rendered } from '../engine/brain.js';

export interface FakeBrainOptions {
  /** always choose this tactic when allowed */
  prefer?: Tactic;
  /** replace the rendered text (to exercise the outbound filter) */
  text?: (tactic: Tactic, ctx: RenderContext) => string;
  delayMs?: number;
  silenceMs?: number;
}

export function fakeBrain(o: FakeBrainOptions = {}): Brain & { renders: number } {
  const brain = {
    policyId: 'fake-policy',
    renders: 0,
    classify(text: string): Classification {
      const t = text.toLowerCase();
      if (/\bstop\b/.test(t)) return { act: 'opt_out', confidence: 0.95, lang: 'en', safety: 'stop', promo: 0 };
      if (/\b(kill you|ik maak je dood)\b/.test(t)) return { act: 'threat', confidence: 0.9, lang: 'en', safety: 'escalate', promo: 0 };
      if (/\bschool\b/.test(t)) return { act: 'other', confidence: 0.6, lang: 'en', safety: 'escalate', promo: 0 };
      if (/\bmaybe-promo\b/.test(t)) return { act: 'promo', confidence: 0.4, lang: 'nl', safety: null, promo: 0.4 };
      if (/\b(promo|te koop|coke|weed)\b/.test(t)) return { act: 'promo', confidence: 0.9, lang: 'nl', safety: null, promo: 0.9 };
      if (/\d+ ?euro/.test(t)) return { act: 'price', confidence: 0.8, lang: 'nl', safety: null, promo: 0 };
      return { act: 'other', confidence: 0.6, lang: 'nl', safety: null, promo: 0 };
    },
    decide(_events: unknown, mask: Uint8Array, rng: Rng): Decision {
      const allowed = TACTICS.filter((_, i) => mask[i]);
      const probs = new Float64Array(TACTICS.length);
      if (o.prefer && mask[TACTIC_INDEX[o.prefer]]) {
        probs[TACTIC_INDEX[o.prefer]] = 1;
        return { tactic: o.prefer, probs, features: [1, 2, 3] };
      }
      for (const t of allowed) probs[TACTIC_INDEX[t]] = 1 / allowed.length;
      return { tactic: rng.pick(allowed), probs, features: [allowed.length] };
    },
    render(tactic: Tactic, ctx: RenderContext): Rendered {
      brain.renders++;
      return { text: o.text ? o.text(tactic, ctx) : `ok (${tactic}) ${ctx.place}`, key: null, state: null };
    },
    delayMs(tactic: Tactic): number {
      return tactic === 'go_silent' ? (o.silenceMs ?? 3 * 3_600_000) : (o.delayMs ?? 120_000);
    },
  };
  return brain;
}
