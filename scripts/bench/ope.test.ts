// The OPE benchmark's shape on a small run (no timing asserted: speed is measured by the script).
import { describe, expect, it } from 'vitest';
import { FEATURE_SIZE } from '../../core/features/feature-names.js';
import { runOpeBench, syntheticLogs } from './ope.js';

describe('OPE benchmark', () => {
  it('synthetic logs: valid propensities, masks honoured, ~the mean length asked for', () => {
    const { episodes, decisions } = syntheticLogs({ conversations: 300, decisions: 20, features: 12, actions: 16, seed: 3 });
    expect(episodes).toHaveLength(300);
    expect(decisions / 300).toBeGreaterThan(14);
    expect(decisions / 300).toBeLessThan(26);
    for (const s of episodes.flatMap((e) => e.steps)) {
      expect(s.mask[s.action]).toBe(1);
      expect(s.propensity).toBeGreaterThan(0);
      expect(s.propensity).toBeLessThanOrEqual(1);
      expect(s.obs).toHaveLength(12);
    }
  });

  it('reports every estimator, the on-policy truth, the run with the shipped bundle and the machine', async () => {
    const r = await runOpeBench({ conversations: 300, runs: 1, resamples: 20 });
    expect(r.bundle_target?.id).toMatch(/^ppo-/);
    expect(r.bundle_target!.cpu_s).toBeGreaterThan(0);
    expect(r.features).toBe(FEATURE_SIZE);
    expect(Object.keys(r.report.estimators).sort()).toEqual(['dr', 'fqe', 'is', 'pdis', 'wdr', 'wis', 'wpdis']);
    expect(r.truth.ci95[0]).toBeLessThan(r.truth.value);
    expect(r.truth.ci95[1]).toBeGreaterThan(r.truth.value);
    for (const e of Object.values(r.report.estimators)) expect(e.ci95[0]).toBeLessThanOrEqual(e.value);
    expect(r.cpu_s_each).toHaveLength(1);
  });
});
