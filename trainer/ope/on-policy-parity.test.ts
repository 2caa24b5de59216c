// A policy's own logs, replayed for off-policy evaluation, must give back the probabilities it
// logged: every importance weight is then exactly 1. Anything in the replay that differs from
// what the policy saw live (a feature, a mask, the language a message was read in) shows up here
// as a weight ≠ 1, long before it shows up as a biased estimate.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEncoder } from '../../core/features/encoder.js';
import { FEATURE_NAMES, FEATURES_VERSION } from '../../core/features/feature-names.js';
import { packagePath } from '../../lib/package-root.js';
import { loadBundle } from '../../models/bundle.js';
import { loadEpisodesFromFile } from '../logged-episodes.js';
import { SimConversation } from '../sim/conversation.js';
import { defaultPersonaMix } from '../sim/persona.js';
import { bundlePolicy } from '../sim/policies/encoded.js';
import { runEpisode } from '../sim/simulate.js';

const MODEL = packagePath('models/default');

describe('a bundle evaluated on its own simulator logs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dealerbot-parity-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('replays every decision to the probability it was logged with (all weights 1)', async () => {
    const policy = await bundlePolicy(MODEL);
    const conv = new SimConversation({ mix: defaultPersonaMix(), config: { text: true } });
    const lines: string[] = [];
    for (let ep = 0; ep < 150; ep++) {
      const { transcript } = runEpisode(conv, policy, 5, ep, true);
      for (const e of transcript!) lines.push(JSON.stringify(e));
    }
    const file = join(dir, 'own.jsonl');
    await writeFile(file, lines.join('\n') + '\n');

    // the path `evaluate` takes: replay through the NLU's language detector and the encoder
    const { episodes } = await loadEpisodesFromFile(file, { createEncoder, requirePropensity: true });
    const bundle = await loadBundle(MODEL, { features: { version: FEATURES_VERSION, names: FEATURE_NAMES } });
    let decisions = 0;
    const off: string[] = [];
    episodes.forEach((ep, i) =>
      ep.steps.forEach((s, t) => {
        decisions++;
        const p = bundle.policy.probs(s.obs, s.mask)[s.action]!;
        if (Math.abs(p / s.propensity! - 1) > 1e-6) off.push(`episode ${i} step ${t}: replayed ${p}, logged ${s.propensity}`);
      }),
    );
    expect(episodes.length).toBe(150);
    expect(decisions).toBeGreaterThan(1000);
    expect(off.slice(0, 5), `${off.length} of ${decisions} decisions`).toEqual([]);
  });
});
