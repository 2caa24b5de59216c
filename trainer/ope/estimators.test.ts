// The estimators on a two-conversation example small enough to compute by hand, and their
// influence values (which the intervals rest on) against numerical derivatives.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/random.js';
import type { LoggedEpisode } from '../episodes.js';
import { drInfluence, drStatistic, wdrInfluence, wdrStatistic } from './doubly-robust.js';
import type { QEstimates } from './fqe-common.js';
import {
  isInfluence,
  isStatistic,
  pdisInfluence,
  pdisStatistic,
  wisInfluence,
  wisStatistic,
  wpdisInfluence,
  wpdisStatistic,
} from './importance-sampling.js';
import { prepareData, type PreparedData } from './prepared-data.js';
import type { Statistic } from './statistic.js';

const mask = Uint8Array.of(1, 1);
const obs = Float32Array.of(0);
const target = (): Float64Array => Float64Array.of(0.8, 0.2);

// A: promo worth 1, then a0 (logged p 0.5, ρ 1.6, r 2) and a1 (p 0.5, ρ 0.4, r 3): w = 1.6, 0.64
// B: no promo, one a0 (p 0.8, ρ 1, r 4): w = 1
const twoEpisodes: LoggedEpisode[] = [
  {
    id: 'A',
    initialReward: 1,
    steps: [
      { obs, mask, action: 0, propensity: 0.5, reward: 2 },
      { obs, mask, action: 1, propensity: 0.5, reward: 3 },
    ],
  },
  { id: 'B', steps: [{ obs, mask, action: 0, propensity: 0.8, reward: 4 }] },
];

/** A hand-made Q̂: per logged step, Q̂(s_t, a_t) and V̂(s_t). */
function givenQ(q: number[], v: number[]): QEstimates {
  return { q: Float64Array.from(q), v: Float64Array.from(v), iterations: 0, converged: true, fitSteps: 0, cost: 0 };
}

describe('estimators by hand on two conversations', () => {
  const d = prepareData(twoEpisodes, target);
  const qv = givenQ([1, 0.5, 3], [2, 1, 3.5]);

  it('IS = mean(r0 + W·G) = ((1 + 0.64·5) + 4) / 2', () => {
    expect(isStatistic(d)()).toBeCloseTo(4.1, 12);
  });
  it('WIS = mean(r0) + Σ W·G / Σ W = 0.5 + (3.2 + 4) / 1.64', () => {
    expect(wisStatistic(d)()).toBeCloseTo(0.5 + 7.2 / 1.64, 12);
  });
  it('PDIS = mean(r0 + Σ w_t r_t) = ((1 + 1.6·2 + 0.64·3) + 4) / 2', () => {
    expect(pdisStatistic(d)()).toBeCloseTo(5.06, 12);
  });
  it('WPDIS normalises each step, B (ended) keeping its weight 1 at t = 1', () => {
    expect(wpdisStatistic(d)()).toBeCloseTo(0.5 + (1.6 * 2 + 4) / 2.6 + (0.64 * 3) / 1.64, 12);
  });
  it('DR = mean(r0 + Σ w_t (r_t − Q̂_t) + w_{t−1} V̂_t)', () => {
    // A: 1 + 1.6·(2 − 1) + 1·2 + 0.64·(3 − 0.5) + 1.6·1 = 7.8;  B: 1·(4 − 3) + 1·3.5 = 4.5
    expect(drStatistic(d, qv)()).toBeCloseTo((7.8 + 4.5) / 2, 12);
  });
  it('WDR: corrections over D_t, baselines over D_{t−1} (D_{−1} = n)', () => {
    const expected = 0.5 + (1.6 * 1 + 1 * 1) / 2.6 + (1 * 2 + 1 * 3.5) / 2 + (0.64 * 2.5) / 1.64 + (1.6 * 1) / 2.6;
    expect(wdrStatistic(d, qv)()).toBeCloseTo(expected, 12);
  });
  it('with the target equal to the logging policy every weight is 1 and all agree with the mean return', () => {
    const onPolicy: LoggedEpisode[] = twoEpisodes.map((e) => ({
      ...e,
      steps: e.steps.map((s) => ({ ...s, propensity: s.action === 0 ? 0.8 : 0.2 })),
    }));
    const same = prepareData(onPolicy, target);
    const meanReturn = (1 + 2 + 3 + 4) / 2;
    for (const st of [isStatistic(same), wisStatistic(same), pdisStatistic(same), wpdisStatistic(same)]) expect(st()).toBeCloseTo(meanReturn, 12);
  });
  it('resampling counts weigh conversations: counts (2, 0) give A alone', () => {
    expect(isStatistic(d)(Float64Array.of(2, 0))).toBeCloseTo(1 + 0.64 * 5, 12);
    expect(wisStatistic(d)(Float64Array.of(2, 0))).toBeCloseTo(1 + 5, 12);
  });
});

describe('influence values are n × ∂θ/∂c_i', () => {
  // conversations of 0–5 decisions over 3 actions, some with a masked action, random propensities
  function randomData(): { d: PreparedData; qv: QEstimates } {
    const rng = new Rng('influence');
    const episodes: LoggedEpisode[] = [];
    for (let i = 0; i < 12; i++) {
      const steps = Array.from({ length: rng.int(6) }, () => {
        const m = Uint8Array.of(1, 1, rng.bool() ? 1 : 0);
        const action = rng.int(m[2] ? 3 : 2);
        return { obs: Float32Array.of(rng.next()), mask: m, action, propensity: 0.2 + 0.6 * rng.next(), reward: rng.normal() };
      });
      episodes.push({ id: `e${i}`, steps, initialReward: rng.next() });
    }
    const policy = (o: Float32Array, m: Uint8Array): Float64Array =>
      m[2] ? Float64Array.of(0.5 * o[0]!, 0.3, 0.7 - 0.5 * o[0]!) : Float64Array.of(o[0]!, 1 - o[0]!, 0);
    const d = prepareData(episodes, policy, { gamma: 0.9 });
    const qv = givenQ(
      Array.from({ length: d.nSteps }, () => rng.normal()),
      Array.from({ length: d.nSteps }, () => rng.normal()),
    );
    return { d, qv };
  }
  const { d, qv } = randomData();
  const cases: [string, Statistic, Float64Array][] = [
    ['is', isStatistic(d), isInfluence(d)],
    ['wis', wisStatistic(d), wisInfluence(d)],
    ['pdis', pdisStatistic(d), pdisInfluence(d)],
    ['wpdis', wpdisStatistic(d), wpdisInfluence(d)],
    ['dr', drStatistic(d, qv), drInfluence(d, qv)],
    ['wdr', wdrStatistic(d, qv), wdrInfluence(d, qv)],
  ];
  it.each(cases)('%s', (_name, statistic, influence) => {
    expect(d.start.some((s, i) => i < d.n && d.start[i + 1] === s)).toBe(true); // an empty conversation is included
    const h = 1e-6;
    const base = statistic(new Float64Array(d.n).fill(1));
    let sum = 0;
    for (let i = 0; i < d.n; i++) {
      const counts = new Float64Array(d.n).fill(1);
      counts[i] += h;
      const numeric = (d.n * (statistic(counts) - base)) / h;
      expect(influence[i], `conversation ${i}`).toBeCloseTo(numeric, 4);
      sum += influence[i]!;
    }
    expect(sum).toBeCloseTo(0, 9);
  });
});
