// The policy forward-pass benchmark's shape on a small run (no timing asserted).
import { describe, expect, it } from 'vitest';
import { runPolicyForwardBench } from './policy-forward.js';

describe('policy forward-pass benchmark', () => {
  it('times the shipped policy on seeded rows and reports the median of its runs', async () => {
    const r = await runPolicyForwardBench({ rows: 500, runs: 3 });
    expect(r.bundle).toMatch(/^ppo-/);
    expect(r.cpu_each).toHaveLength(3);
    expect(r.us_per_decision_cpu).toBe([...r.cpu_each].sort((a, b) => a - b)[1]);
    expect(r.us_per_decision_wall).toBeGreaterThan(0);
    // each decision's first probability was read: 500 × 3 values in (0, 1)
    expect(r.check).toBeGreaterThan(0);
    expect(r.check).toBeLessThan(1500);
  });
});
