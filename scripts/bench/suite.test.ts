import { describe, expect, it } from 'vitest';
import { BENCHMARKS, runBenchSuite } from './suite.js';

describe('bench suite', () => {
  it('refuses an unknown benchmark name, listing the known ones', async () => {
    await expect(runBenchSuite({ only: ['nope'] })).rejects.toThrow(/unknown benchmark nope \(have: import, /);
  });

  it('names every benchmark once, each with its goal', () => {
    const names = BENCHMARKS.map((b) => b.name);
    expect(new Set(names).size).toBe(names.length);
    for (const b of BENCHMARKS) expect(b.goal.length).toBeGreaterThan(10);
  });

  it('runs a chosen benchmark and reports the machine', async () => {
    const r = await runBenchSuite({ only: ['features'], quick: true });
    expect(Object.keys(r.benchmarks)).toEqual(['features']);
    expect(r.machine.cpus).toBeGreaterThan(0);
    expect(r.benchmarks.features).toHaveProperty('result');
  });
});
