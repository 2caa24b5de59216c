// OPE against exact values on ModelWin and ModelFail (Thomas & Brunskill 2016); the COBS Graph
// (Voloshin et al. 2019) is in known-answers-graph.test.ts (a second file: vitest runs files in
// parallel). Truths are derived in closed form, cross-checked by exact forward propagation over the
// same dynamics that generate the logs, and the logs go through the same LoggedEpisode →
// evaluatePolicy path as transcripts.
import { describe, expect, it } from 'vitest';
import { expectUnbiasedAndCovered, meanAndSe } from './test-fixtures/coverage.js';
import { constant, exactValue, graph, modelFail, modelWin, type TabularPolicy } from './test-fixtures/tabular-mdp.js';

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

describe('estimators recover known values: ModelWin, ModelFail', () => {
  it('ModelWin: every estimator near the truth, closed-form intervals cover (FQE\'s: see the Graph-3 case)', () => {
    const p = 0.35;
    // the policies differ only in s1, where the action matters: with 20 factors of ρ ≠ 1 per
    // conversation trajectory IS would need millions of conversations (its known failure)
    const behaviour: TabularPolicy = (s) => (s === 0 ? [0.5, 0.5] : [0.6, 0.4]);
    const target: TabularPolicy = (s) => (s === 0 ? [p, 1 - p] : [0.6, 0.4]);
    expect(exactValue(modelWin, target)).toBeCloseTo(10 * 0.2 * (1 - 2 * p), 12);
    expectUnbiasedAndCovered({
      mdp: modelWin,
      behaviour,
      target,
      truth: 10 * 0.2 * (1 - 2 * p),
      episodes: 200,
      repetitions: 250,
    });
  });

  it('ModelFail: IS family and DR are right where the FQE model fails (merged states)', () => {
    const p = 0.3;
    const truth = 0.5 - p;
    const results = expectUnbiasedAndCovered(
      { mdp: modelFail, behaviour: constant(0.7), target: constant(p), truth, episodes: 400, repetitions: 300 },
      ['fqe'],
    );
    // FQE sees one observation for s1 and s2 and so values them at the logging policy's mix:
    // it reports about the behaviour's value (0.5 − 0.7 = −0.2) instead of the truth (0.2)
    const fqe = meanAndSe(results.fqe.values);
    expect(fqe.mean).toBeCloseTo(-0.2, 1);
    expect(Math.abs(fqe.mean - truth)).toBeGreaterThan(0.3);
  });

  it('ModelWin, forest FQE: 20 decisions at γ = 1, unbiased and covered', () => {
    const p = 0.35;
    const behaviour: TabularPolicy = (s) => (s === 0 ? [0.5, 0.5] : [0.6, 0.4]);
    const target: TabularPolicy = (s) => (s === 0 ? [p, 1 - p] : [0.6, 0.4]);
    expectUnbiasedAndCovered({ mdp: modelWin, behaviour, target, truth: 10 * 0.2 * (1 - 2 * p), episodes: 200, repetitions: 100, fqe: { model: 'forest' } });
  }, 120_000);
});
