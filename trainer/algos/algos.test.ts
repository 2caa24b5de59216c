// Each algorithm must find the value-iteration optimum of a small random MDP (fixed seeds).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../../models/bundle.js';
import type { Policy } from '../../models/policy.js';
import { trainOffline, trainOnline } from '../train/loop.js';
import { TabularVecEnv, epsilonGreedyProbs, logEpisodes, oneHot, policyValue, randomMdp, valueIteration, type TabularMdp } from './test-fixtures/random-mdp.js';

const NS = 6;
const NA = 4;
const GAMMA = 0.5;
const mdp = randomMdp(17, NS, NA, 0.2); // seed chosen so that every state has a clear (≥ 0.1) best action
const opt = valueIteration(mdp, GAMMA);
const features = { version: 1, names: Array.from({ length: NS }, (_, i) => `s${i}`) };
const tactics = ['a0', 'a1', 'a2', 'a3'];
let runsDir: string;

beforeAll(async () => {
  runsDir = await mkdtemp(join(tmpdir(), 'algos-'));
});
afterAll(() => rm(runsDir, { recursive: true, force: true }));

/** The policy's action probabilities in every state, and its exact value relative to V*. */
function judge(m: TabularMdp, policy: Policy) {
  const probs = new Float64Array(m.nS * m.nA);
  const greedy: number[] = [];
  for (let s = 0; s < m.nS; s++) {
    const p = policy.probs(oneHot(s, m.nS), m.mask.slice(s * m.nA, (s + 1) * m.nA));
    let b = 0;
    for (let a = 0; a < m.nA; a++) {
      probs[s * m.nA + a] = p[a]!;
      if (p[a]! > p[b]!) b = a;
    }
    greedy.push(b);
  }
  const v = policyValue(m, GAMMA, probs);
  const ratio = v.reduce((a, x) => a + x, 0) / opt.v.reduce((a, x) => a + x, 0);
  return { greedy, ratio };
}

/** States whose best action beats the second best by ≥ 0.1 in Q*: where a learner must agree. */
const clear: number[] = [];
for (let s = 0; s < NS; s++) {
  const qs = Array.from(opt.q.slice(s * NA, (s + 1) * NA)).filter((_, a) => mdp.mask[s * NA + a]).sort((x, y) => y - x);
  if (qs[0]! - qs[1]! >= 0.1) clear.push(s);
}
const onClear = (greedy: number[]) => clear.map((s) => greedy[s]);
const optimalOnClear = onClear(Array.from(opt.policy));

const uniform = epsilonGreedyProbs(mdp, opt.policy, 1);
const randomRatio = policyValue(mdp, GAMMA, uniform).reduce((a, x) => a + x, 0) / opt.v.reduce((a, x) => a + x, 0);

describe('algorithms on a random MDP with a known optimum', () => {
  it('the MDP is not trivial: a random policy is far from optimal', () => {
    expect(randomRatio).toBeLessThan(0.85);
    expect(new Set(opt.policy).size).toBeGreaterThan(1);
    expect(clear.length).toBe(NS);
  });

  it('bc recovers the optimal policy from ε-greedy logs of it', async () => {
    const logs = logEpisodes(mdp, epsilonGreedyProbs(mdp, opt.policy, 0.3), 300, 1);
    const r = await trainOffline('bc', logs, { runsDir, id: 'bc', seed: 1, iterations: 300, features, tactics, config: { batchSize: 64, hidden: [32], lr: 3e-3 } });
    const b = await loadBundle(r.bundleDir, { features, tactics });
    const { greedy } = judge(mdp, b.policy);
    expect(onClear(greedy)).toEqual(optimalOnClear);
  });

  it('cql learns the optimal policy offline from uniformly random logs (where bc cannot)', async () => {
    const logs = logEpisodes(mdp, uniform, 400, 2);
    const r = await trainOffline('cql', logs, { runsDir, id: 'cql', seed: 2, iterations: 1500, features, tactics, config: { batchSize: 64, hidden: [32], lr: 3e-3, gamma: GAMMA, alpha: 0.1, targetUpdateEvery: 50 } });
    const b = await loadBundle(r.bundleDir, { features, tactics });
    expect(b.meta.output).toBe('q');
    const { greedy, ratio } = judge(mdp, { numActions: NA, probs: (o, m) => b.policy.probs(o, m) });
    expect(onClear(greedy)).toEqual(optimalOnClear);
    expect(ratio).toBeGreaterThan(0.97); // ε = 0.05 of the shipped policy costs a little
  });

  it('dqn learns the optimal policy online', async () => {
    const r = await trainOnline('dqn', () => new TabularVecEnv(mdp, 8), { runsDir, id: 'dqn', seed: 3, iterations: 800, features, tactics, config: { batchSize: 64, hidden: [32], lr: 3e-3, gamma: GAMMA, learningStarts: 200, epsDecayIters: 400, targetUpdateEvery: 50 } });
    const b = await loadBundle(r.bundleDir, { features, tactics });
    const { greedy, ratio } = judge(mdp, b.policy);
    expect(onClear(greedy)).toEqual(optimalOnClear);
    expect(ratio).toBeGreaterThan(0.95);
  });

  it('ppo learns the optimal policy online', async () => {
    const r = await trainOnline('ppo', () => new TabularVecEnv(mdp, 8), { runsDir, id: 'ppo', seed: 4, iterations: 40, features, tactics, config: { hidden: [32], lr: 3e-3, gamma: GAMMA, nSteps: 32, entCoef: 0.01 } });
    const b = await loadBundle(r.bundleDir, { features, tactics });
    const { greedy, ratio } = judge(mdp, b.policy);
    expect(onClear(greedy)).toEqual(optimalOnClear);
    expect(ratio).toBeGreaterThan(0.95);
    const last = r.metrics.at(-1)!;
    expect(last.entropy).toBeGreaterThan(0);
  });

  it('a seeded run is bit-for-bit repeatable', async () => {
    const logs = logEpisodes(mdp, uniform, 50, 5);
    const o = { runsDir, seed: 9, iterations: 60, features, tactics, config: { batchSize: 32, hidden: [16], gamma: GAMMA } };
    const a = await trainOffline('cql', logs, { ...o, id: 'rep-a' });
    const b = await trainOffline('cql', logs, { ...o, id: 'rep-b' });
    expect(await readFile(join(b.bundleDir, 'weights.bin'))).toEqual(await readFile(join(a.bundleDir, 'weights.bin')));
    // ppo splits its rollout into minibatches: it takes no batchSize
    const { batchSize: _, ...shared } = o.config;
    const ppoConfig = { ...shared, nSteps: 16 };
    const p1 = await trainOnline('ppo', () => new TabularVecEnv(mdp, 4), { ...o, iterations: 3, id: 'rep-c', config: ppoConfig });
    const p2 = await trainOnline('ppo', () => new TabularVecEnv(mdp, 4), { ...o, iterations: 3, id: 'rep-d', config: ppoConfig });
    expect(await readFile(join(p2.bundleDir, 'weights.bin'))).toEqual(await readFile(join(p1.bundleDir, 'weights.bin')));
  });
});
