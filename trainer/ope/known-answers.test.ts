// OPE against exact values on ModelWin, ModelFail (Thomas & Brunskill 2016) and the COBS Graph
// (Voloshin et al. 2019), deterministic and with slippage. Truths are derived in closed form,
// cross-checked by exact forward propagation over the same dynamics that generate the logs, and
// the logs go through the same LoggedEpisode → evaluatePolicy path as transcripts.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../data/random.js';
import { ESTIMATORS, evaluatePolicy, type EstimatorName } from './evaluate.js';
import {
  asPolicyProbabilities,
  constant,
  exactValue,
  graph,
  modelFail,
  modelWin,
  sampleEpisodes,
  type TabularMdp,
  type TabularPolicy,
} from './test-fixtures/tabular-mdp.js';

interface Case {
  mdp: TabularMdp;
  behaviour: TabularPolicy;
  target: TabularPolicy;
  truth: number;
  episodes: number;
  repetitions: number;
}

const UNBIASED: EstimatorName[] = ['is', 'pdis', 'dr'];

function repeat(c: Case): Record<EstimatorName, { values: number[]; covered: number }> {
  const out = Object.fromEntries(ESTIMATORS.map((k) => [k, { values: [] as number[], covered: 0 }])) as Record<
    EstimatorName,
    { values: number[]; covered: number }
  >;
  const rng = new Rng(`ope-${c.mdp.name}`);
  const target = asPolicyProbabilities(c.mdp, c.target);
  for (let r = 0; r < c.repetitions; r++) {
    const logs = sampleEpisodes(c.mdp, c.behaviour, c.episodes, rng);
    const report = evaluatePolicy(logs, target, { seed: r + 1, resamples: 100 });
    for (const k of ESTIMATORS) {
      const e = report.estimators[k];
      out[k].values.push(e.value);
      // 1e-3 of slack: with deterministic dynamics FQE has no spread, only ridge shrinkage (~1e-5)
      if (e.ci95[0] - 1e-3 <= c.truth && c.truth <= e.ci95[1] + 1e-3) out[k].covered++;
    }
  }
  return out;
}

function meanAndSe(x: number[]): { mean: number; se: number } {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1));
  return { mean, se: sd / Math.sqrt(x.length) };
}

function expectUnbiasedAndCovered(c: Case, skip: EstimatorName[] = []): Record<EstimatorName, { values: number[]; covered: number }> {
  const results = repeat(c);
  for (const k of ESTIMATORS) {
    if (skip.includes(k)) continue;
    const { mean, se } = meanAndSe(results[k].values);
    // consistent estimators too: their O(1/n) bias is far below the spread at these sizes; 1e-3
    // allows for FQE's ridge shrinkage where deterministic rewards leave no spread at all
    expect(Math.abs(mean - c.truth), `${c.mdp.name} ${k}: mean ${mean} vs truth ${c.truth} (SE ${se})`).toBeLessThanOrEqual(3 * se + 1e-3);
    expect(results[k].covered / c.repetitions, `${c.mdp.name} ${k} CI coverage`).toBeGreaterThanOrEqual(0.9);
  }
  for (const k of UNBIASED) expect(skip).not.toContain(k);
  return results;
}

describe('exact values of the test MDPs', () => {
  it('forward propagation reproduces the closed forms', () => {
    for (const p of [0, 0.27, 0.5, 0.9]) {
      expect(exactValue(modelWin, constant(p))).toBeCloseTo((20 / 2) * 0.2 * (1 - 2 * p), 12);
      expect(exactValue(modelFail, constant(p))).toBeCloseTo(0.5 - p, 12);
      expect(exactValue(graph(4, false), constant(p))).toBeCloseTo(4 * (2 * p - 1), 12);
      expect(exactValue(graph(4, true), constant(p))).toBeCloseTo((4 * (2 * p - 1)) / 2, 12);
    }
  });
});

describe('estimators recover known values', () => {
  it('ModelWin: every estimator, including FQE (fully observable)', () => {
    const p = 0.35;
    // the policies differ only in s1, where the action matters: with 20 factors of ρ ≠ 1 per
    // conversation trajectory IS would need millions of conversations (its known failure), not 300
    const behaviour: TabularPolicy = (s) => (s === 0 ? [0.5, 0.5] : [0.6, 0.4]);
    const target: TabularPolicy = (s) => (s === 0 ? [p, 1 - p] : [0.6, 0.4]);
    expect(exactValue(modelWin, target)).toBeCloseTo(10 * 0.2 * (1 - 2 * p), 12);
    expectUnbiasedAndCovered({
      mdp: modelWin,
      behaviour,
      target,
      truth: 10 * 0.2 * (1 - 2 * p),
      episodes: 400,
      repetitions: 20,
    });
  });

  it('ModelFail: IS family and DR are right where the FQE model fails (merged states)', () => {
    const p = 0.3;
    const truth = 0.5 - p;
    const results = expectUnbiasedAndCovered(
      { mdp: modelFail, behaviour: constant(0.7), target: constant(p), truth, episodes: 400, repetitions: 50 },
      ['fqe'],
    );
    // FQE sees one observation for s1 and s2 and so values them at the logging policy's mix:
    // it reports about the behaviour's value (0.5 − 0.7 = −0.2) instead of the truth (0.2)
    const fqe = meanAndSe(results.fqe.values);
    expect(fqe.mean).toBeCloseTo(-0.2, 1);
    expect(Math.abs(fqe.mean - truth)).toBeGreaterThan(0.3);
  });

  it('Graph, deterministic transitions', () => {
    const p = 0.8;
    expectUnbiasedAndCovered({
      mdp: graph(4, false),
      behaviour: constant(0.5),
      target: constant(p),
      truth: 4 * (2 * p - 1),
      episodes: 400,
      repetitions: 40,
    });
  });

  it('Graph with slippage, state-dependent target (truth by exact propagation)', () => {
    const mdp = graph(4, true);
    // go up from lower states, mostly stay up from upper ones
    const target: TabularPolicy = (s) => (s === 0 ? [0.7, 0.3] : s % 2 === 1 ? [0.8, 0.2] : [0.9, 0.1]);
    expectUnbiasedAndCovered({
      mdp,
      behaviour: constant(0.5),
      target,
      truth: exactValue(mdp, target),
      episodes: 600,
      repetitions: 40,
    });
  });
});
