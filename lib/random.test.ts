import { describe, expect, it } from 'vitest';
import { Rng } from './random.js';

describe('Rng', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xa);
  });

  it('draws uniform, normal and categorical values with the right moments', () => {
    const rng = new Rng(1);
    const n = 100_000;
    let s = 0, s2 = 0, u = 0;
    const counts = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
      u += rng.next();
      counts[rng.categorical([1, 2, 7])]!++;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
    expect(Math.abs(u / n - 0.5)).toBeLessThan(0.01);
    expect(counts[2]! / n).toBeCloseTo(0.7, 1);
  });

  it('forks independent, reproducible streams', () => {
    const f1 = new Rng(5).fork('sim');
    const f2 = new Rng(5).fork('sim');
    const g = new Rng(5).fork('train');
    expect(f1.next()).toBe(f2.next());
    expect(new Rng(5).fork('sim').next()).not.toBe(g.next());
  });

  it('continues exactly where it stopped from an exported state, normals included', () => {
    const a = new Rng('persona:7');
    for (let i = 0; i < 11; i++) a.next();
    a.normal(); // leaves a spare normal behind
    const saved = JSON.parse(JSON.stringify(a.getState()));
    const b = Rng.fromState(saved);
    expect([b.normal(), b.next(), b.int(1000), b.normal()]).toEqual([a.normal(), a.next(), a.int(1000), a.normal()]);
  });

  it('refuses a state that is not one', () => {
    const r = new Rng(1);
    expect(() => r.setState({ a: 1, b: 2, c: 3 } as never)).toThrow(/not an Rng state/);
    expect(() => r.setState({ a: 1.5, b: 2, c: 3, d: 4, spare: null })).toThrow(/not an Rng state/);
  });
});
