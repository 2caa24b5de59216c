// Assembles the live Brain from a bundle folder: the NLU (nlu/), the policy (models/bundle.ts,
// which verifies hashes, feature version and tactic list, and runs the network in plain JS), the
// state features (core/features, the same encoder the trainer used) and the catalogue renderer
// with its delay profiles (catalogue/). No tfjs, no trainer code.
import { defaultCatalogue, sentenceKey, type Catalogue } from '../../catalogue/catalogue.js';
import { sampleDelayMs } from '../../catalogue/delay.js';
import { ConversationRenderer } from '../../catalogue/render.js';
import { createEncoder } from '../../core/features/encoder.js';
import { FEATURE_NAMES, FEATURES_VERSION } from '../../core/features/feature-names.js';
import { loadClassifier } from '../../nlu/classifier.js';
import { describeSafetyReason } from '../../nlu/safety/reader.js';
import { cachedByText } from '../../lib/bounded-cache.js';
import { Rng } from '../../lib/random.js';
import { TACTICS, type Tactic } from '../../core/tactics.js';
import { BundleError, loadBundle } from '../../models/bundle.js';
import type { Brain, RenderContext } from './brain.js';

/** Renderers kept in memory; older ones are rebuilt from the store (state and sentence keys). */
const MAX_RENDERERS = 10_000;
/** Classifications kept by text (an SMS is at most a few hundred characters; an MMS body can be far longer and is not kept). */
const CLASSIFIED_TEXTS = 20_000;
const CLASSIFIED_MAX_CHARS = 2_000;

export async function loadBrain(modelDir: string, catalogue: Catalogue = defaultCatalogue()): Promise<Brain> {
  const bundle = await loadBundle(modelDir, { features: { version: FEATURES_VERSION, names: FEATURE_NAMES } });
  const nlu = loadClassifier();
  // the same text is classified again when a dealer repeats himself or broadcasts one promo to
  // many numbers; the classifier is a pure function of the text
  const classified = cachedByText((text) => nlu.classify(text), { capacity: CLASSIFIED_TEXTS, maxKeyLength: CLASSIFIED_MAX_CHARS });
  const encoder = createEncoder();
  probePolicy(bundle, encoder, modelDir);
  const renderers = new Map<number, ConversationRenderer>();

  function rendererFor(ctx: RenderContext): ConversationRenderer {
    let r = renderers.get(ctx.conversation);
    if (r) {
      // refresh recency (Map keeps insertion order)
      renderers.delete(ctx.conversation);
      renderers.set(ctx.conversation, r);
      return r;
    }
    // Seeded by the conversation (and the deployment's persona secret), so after a restart the
    // bot keeps its name and story, and no two deployments start alike; its
    // generator continues from the stored state, and every reply ever written to this number
    // is ruled out by its stored key (and by the key of its text: an operator's edit, a
    // reply from before keys were stored).
    const sent = ctx.memory.sent.flatMap((m) => (m.key === null ? [sentenceKey(m.text)] : [m.key, sentenceKey(m.text)]));
    r = new ConversationRenderer({
      rng: new Rng(ctx.personaSeed ?? `persona:${ctx.conversation}`),
      catalogue,
      places: [ctx.placeInput ?? ctx.place],
      ...(ctx.places ? { meetingPlaces: ctx.places } : {}),
      sent,
      state: parseState(ctx.memory.state),
    });
    renderers.set(ctx.conversation, r);
    if (renderers.size > MAX_RENDERERS) renderers.delete(renderers.keys().next().value!);
    return r;
  }

  return {
    policyId: bundle.meta.id,
    classify(text) {
      const c = classified(text);
      return { act: c.act, confidence: c.confidence, lang: c.lang, safety: c.safety, promo: c.promo, ...(c.safety_reason ? { safetyReason: describeSafetyReason(c.safety_reason) } : {}) };
    },
    decide(events, mask, rng) {
      encoder.reset();
      for (const e of events) encoder.push(e);
      const obs = new Float32Array(encoder.size);
      encoder.write(obs, 0);
      const probs = bundle.policy.probs(obs, mask);
      const tactic = TACTICS[rng.categorical(probs)] as Tactic;
      return { tactic, probs, features: obs };
    },
    render(tactic, ctx) {
      const r = rendererFor(ctx);
      const reply = r.render(tactic, ctx.lang, ctx.facts);
      return { text: reply.text ?? '', key: reply.key, state: JSON.stringify(r.exportState()) };
    },
    delayMs(tactic, rng) {
      return sampleDelayMs(catalogue.tactics[tactic].delay, rng);
    },
  };
}

/**
 * One decision on an empty conversation before serving any: finite weights can still overflow
 * to probabilities that are not numbers, and a policy that cannot decide must not start.
 */
function probePolicy(bundle: Awaited<ReturnType<typeof loadBundle>>, encoder: ReturnType<typeof createEncoder>, dir: string): void {
  encoder.reset();
  const obs = new Float32Array(encoder.size);
  encoder.write(obs, 0);
  const probs = bundle.policy.probs(obs, new Uint8Array(TACTICS.length).fill(1));
  const sum = probs.reduce((a, p) => a + p, 0);
  if (!probs.every((p) => Number.isFinite(p) && p >= 0) || !(Math.abs(sum - 1) < 1e-6))
    throw new BundleError(`${dir}: the policy gives probabilities that are not numbers on an empty conversation (its weights overflow); retrain the policy or use another bundle`);
}

/** A stored renderer state, or undefined when there is none or it is not JSON (start afresh). */
function parseState(s: string | null): unknown {
  if (s === null) return undefined;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}
