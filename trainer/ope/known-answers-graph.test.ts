// OPE against exact values on the Graph environment of the Caltech OPE benchmark (COBS, Voloshin
// et al. 2019), deterministic and with slippage; see known-answers.test.ts for the method.
import { describe, expect, it } from 'vitest';
import { expectUnbiasedAndCovered, meanAndSe } from './test-fixtures/coverage.js';
import { constant, exactValue, graph, type TabularPolicy } from './test-fixtures/tabular-mdp.js';

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

  // go up from lower states, mostly stay up from upper ones
  const upward: TabularPolicy = (s) => (s === 0 ? [0.7, 0.3] : s % 2 === 1 ? [0.8, 0.2] : [0.9, 0.1]);

  it('Graph with slippage, state-dependent target (truth by exact propagation)', () => {
    const mdp = graph(4, true);
    expectUnbiasedAndCovered({ mdp, behaviour: constant(0.5), target: upward, truth: exactValue(mdp, upward), episodes: 1500, repetitions: 300 });
  });

  it("FQE's refitted-bootstrap interval covers (Graph-3 with slippage, where Q̂ has spread)", () => {
    const mdp = graph(3, true);
    const results = expectUnbiasedAndCovered({
      mdp,
      behaviour: constant(0.5),
      target: upward,
      truth: exactValue(mdp, upward),
      episodes: 300,
      repetitions: 200,
      fqeResamples: 30,
    });
    // FQE's estimates really vary between data sets here, so covering the truth is not trivial
    expect(meanAndSe(results.fqe.values).se).toBeGreaterThan(0.005);
  });
});
