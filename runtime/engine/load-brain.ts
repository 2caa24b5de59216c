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
import { Rng } from '../../lib/random.js';
import { TACTICS, type Tactic } from '../../core/tactics.js';
import { loadBundle } from '../../models/bundle.js';
import type { Brain, RenderContext } from './brain.js';

/** Renderers kept in memory; older conversations are rebuilt from their stored texts. */
const MAX_RENDERERS = 10_000;

export async function loadBrain(modelDir: string, catalogue: Catalogue = defaultCatalogue()): Promise<Brain> {
  const bundle = await loadBundle(modelDir, { features: { version: FEATURES_VERSION, names: FEATURE_NAMES } });
  const nlu = loadClassifier();
  const encoder = createEncoder();
  const renderers = new Map<number, ConversationRenderer>();

  function rendererFor(ctx: RenderContext): ConversationRenderer {
    let r = renderers.get(ctx.conversation);
    if (r) {
      // refresh recency (Map keeps insertion order)
      renderers.delete(ctx.conversation);
      renderers.set(ctx.conversation, r);
      return r;
    }
    // Seeded by the conversation, so after a restart the bot keeps its name and story; what it
    // already said is restored from the store so that it does not repeat itself.
    const sent = ctx.events.filter((e) => e.direction === 'out' && e.text).map((e) => sentenceKey(e.text!));
    r = new ConversationRenderer({ rng: new Rng(`persona:${ctx.conversation}`), catalogue, places: [ctx.place], sent });
    renderers.set(ctx.conversation, r);
    if (renderers.size > MAX_RENDERERS) renderers.delete(renderers.keys().next().value!);
    return r;
  }

  return {
    policyId: bundle.meta.id,
    classify(text) {
      const c = nlu.classify(text);
      return { act: c.act, confidence: c.confidence, lang: c.lang, safety: c.safety };
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
      return rendererFor(ctx).render(tactic, ctx.lang).text ?? '';
    },
    delayMs(tactic, rng) {
      return sampleDelayMs(catalogue.tactics[tactic].delay, rng);
    },
  };
}
