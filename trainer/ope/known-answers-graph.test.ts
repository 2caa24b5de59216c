// OPE against exact values on the Graph environment of the Caltech OPE benchmark (COBS, Voloshin
// et al. 2019), deterministic and with slippage; see known-answers.test.ts for the method.
import { describe, expect, it } from 'vitest';
import { expectUnbiasedAndCovered, meanAndSe } from './test-fixtures/coverage.js';
import { Rng } from '../../lib/random.js';
import { evaluatePolicy } from './evaluate.js';
import { asPolicyProbabilities, constant, exactValue, graph, sampleEpisodes, type TabularPolicy } from './test-fixtures/tabular-mdp.js';

// go up from lower states, mostly stay up from upper ones
const upward: TabularPolicy = (s) => (s === 0 ? [0.7, 0.3] : s % 2 === 1 ? [0.8, 0.2] : [0.9, 0.1]);

describe('estimators recover known values: Graph', () => {
  it('Graph, deterministic transitions', () => {
    const p = 0.8;
    expectUnbiasedAndCovered({
      mdp: graph(4, false),
      behaviour: constant(0.5),
      target: constant(p),
      truth: 4 * (2 * p - 1),
      episodes: 400,
      repetitions: 300,
    });
  });

  it('Graph with slippage, state-dependent target (truth by exact propagation)', () => {
    const mdp = graph(4, true);
    expectUnbiasedAndCovered({ mdp, behaviour: constant(0.5), target: upward, truth: exactValue(mdp, upward), episodes: 1500, repetitions: 300 });
  });

  // Graph-3 with slippage, 300 conversations a data set: FQE's estimates really vary between data
  // sets here, so covering the truth is not trivial (the SE check below makes sure of that)
  const graph3 = graph(3, true);
  const graph3Case = { mdp: graph3, behaviour: constant(0.5), target: upward, truth: exactValue(graph3, upward), episodes: 300 };

  it("FQE's refitted-bootstrap interval covers (Graph-3 with slippage, where Q̂ has spread)", () => {
    const results = expectUnbiasedAndCovered({ ...graph3Case, repetitions: 200, fqeResamples: 30 });
    expect(meanAndSe(results.fqe.values).se).toBeGreaterThan(0.005);
  });

  it("forest FQE: unbiased and its influence interval covers (Graph-3 with slippage)", () => {
    const results = expectUnbiasedAndCovered({ ...graph3Case, repetitions: 300, fqe: { model: 'forest' } });
    expect(meanAndSe(results.fqe.values).se).toBeGreaterThan(0.005);
  });
});

describe("the forest's influence interval agrees with refitting Q̂ per bootstrap resample", () => {
  it('half-widths within 25% on five Graph-3 data sets (100 refits each)', () => {
    const mdp = graph(3, true);
    const rng = new Rng('influence-vs-bootstrap');
    const target = asPolicyProbabilities(mdp, upward);
    for (let r = 0; r < 5; r++) {
      const logs = sampleEpisodes(mdp, constant(0.5), 300, rng);
      const byInfluence = evaluatePolicy(logs, target, { seed: r + 1 }).estimators.fqe;
      const byBootstrap = evaluatePolicy(logs, target, { seed: r + 1, fqeInterval: 'bootstrap', resamples: 100, fqeRefitBudget: 1e12 }).estimators.fqe;
      expect(byInfluence.interval).toBe('influence-refit');
      expect(byBootstrap.interval).toBe('bootstrap-se');
      const ratio = (byInfluence.ci95[1] - byInfluence.ci95[0]) / (byBootstrap.ci95[1] - byBootstrap.ci95[0]);
      expect(ratio, `data set ${r}`).toBeGreaterThan(0.75);
      expect(ratio, `data set ${r}`).toBeLessThan(1.25);
    }
  });
});
