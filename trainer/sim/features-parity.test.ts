// The simulator feeds the real feature encoder (core/features) exactly what transcript replay
// feeds it: an act-level simulated conversation and the replay of its text-level transcript give
// identical feature vectors before every decision.
import { describe, expect, it } from 'vitest';
import { createEncoder, encodeConversation, FEATURE_SIZE } from '../../core/features/index.js';
import { Rng } from '../../lib/random.js';
import { SimConversation } from './conversation.js';
import { defaultPersonaMix } from './persona.js';
import { baselinePolicy } from './policies/index.js';
import { sampleTactic, withEpsilon } from './policies/policy.js';
import { runEpisode } from './simulate.js';
import { SimVecEnv } from './vec-env.js';

const mix = defaultPersonaMix();

describe('simulator ↔ transcript replay feature parity', () => {
  it('gives the same feature vectors live (act level) and replayed (text level)', () => {
    const policy = withEpsilon(baselinePolicy('heuristic'), 0.3);
    for (let ep = 0; ep < 25; ep++) {
      // live: push events into the encoder as the conversation unfolds
      const conv = new SimConversation({ mix });
      const enc = createEncoder();
      const rows: number[][] = [];
      for (const e of conv.reset(`${7}:${ep}`)) enc.push(e);
      const rng = new Rng(`${7}:${ep}:policy`);
      while (!conv.done) {
        const v = new Float32Array(FEATURE_SIZE);
        enc.write(v);
        rows.push(Array.from(v));
        const { tactic } = sampleTactic(policy, { events: conv.events, mask: conv.mask(), lang: conv.persona.lang }, rng);
        const before = conv.events.length;
        conv.step(tactic);
        for (let i = before; i < conv.events.length; i++) enc.push(conv.events[i]!);
      }
      // replay: the logged transcript of the same episode at text level
      const { transcript } = runEpisode(new SimConversation({ mix, config: { text: true } }), policy, 7, ep, true);
      const lang = conv.persona.lang;
      const replay = encodeConversation(transcript!, { detectLang: () => lang });
      expect(replay.rows).toBe(rows.length);
      for (let r = 0; r < rows.length; r++) {
        const got = Array.from(replay.data.subarray(r * FEATURE_SIZE, (r + 1) * FEATURE_SIZE));
        const diff = got.map((x, j) => (x === rows[r]![j] ? null : `${createEncoder().names[j]}: replay ${x} live ${rows[r]![j]}`)).filter(Boolean);
        expect(diff, `episode ${ep} row ${r}`).toEqual([]);
      }
    }
  });

  it('runs the batched env with the real encoder', () => {
    const env = new SimVecEnv({ numEnvs: 3, mix, encoder: createEncoder });
    let b = env.reset(2);
    expect(env.obsSize).toBe(FEATURE_SIZE);
    const actions = new Int32Array(3);
    let finished = 0;
    for (let k = 0; k < 100; k++) {
      for (let i = 0; i < 3; i++) {
        let a = (k * 5 + i) % 16;
        while (!b.mask[i * 16 + a]) a = (a + 1) % 16;
        actions[i] = a;
      }
      const s = env.step(actions);
      finished += s.finished.length;
      expect(s.obs.every(Number.isFinite)).toBe(true);
      b = s;
    }
    expect(finished).toBeGreaterThan(3);
  });
});
