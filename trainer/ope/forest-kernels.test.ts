import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/random.js';
import { leaseKernelMemory } from './forest-kernels.js';

describe('forest kernels (WebAssembly)', () => {
  it('move_rows moves rows and targets into the new order and notes each column’s min and max', () => {
    const N = 50;
    const m = 3;
    const rng = new Rng('kernels');
    const lease = leaseKernelMemory({ from: ['f32', N * m], to: ['f32', N * m], yFrom: ['f64', N], yTo: ['f64', N], features: ['i32', m], order: ['i32', N], range: ['f32', 2 * m] });
    try {
      const { view, ptr } = lease;
      view.from.set(Float32Array.from({ length: N * m }, () => rng.normal()));
      view.from[2 * N + 17] = NaN; // NaN is never a min or a max, as in `v < min`
      view.yFrom.set(Float64Array.from({ length: N }, () => rng.normal()));
      view.features.set([2, 0]); // feature 1 is no longer varying: left alone
      const lo = 10;
      const hi = 40;
      const order = Array.from({ length: hi - lo }, (_, i) => lo + i).sort(() => rng.next() - 0.5);
      view.order.set(order, lo);
      view.range.fill(7);
      lease.kernels.move_rows(ptr.from, ptr.to, ptr.yFrom, ptr.yTo, N, ptr.features, 2, ptr.order, lo, hi, ptr.range, m);
      for (const k of [2, 0]) {
        const moved = order.map((o) => view.from[k * N + o]!);
        expect(Array.from(view.to.subarray(k * N + lo, k * N + hi))).toEqual(moved);
        const finite = moved.filter((v) => !Number.isNaN(v));
        expect(view.range[k]).toBe(Math.min(...finite));
        expect(view.range[m + k]).toBe(Math.max(...finite));
      }
      expect(Array.from(view.to.subarray(N + lo, N + hi)).every((v) => v === 0)).toBe(true);
      expect([view.range[1], view.range[m + 1]]).toEqual([7, 7]);
      expect(Array.from(view.yTo.subarray(lo, hi))).toEqual(order.map((o) => view.yFrom[o]!));
    } finally {
      lease.release();
    }
  });

  it('refuses a second lease while one is held, and leases again once released', () => {
    const a = leaseKernelMemory({ x: ['f64', 4] });
    expect(() => leaseKernelMemory({ y: ['f64', 4] })).toThrow(/already leased/);
    a.release();
    const b = leaseKernelMemory({ big: ['f32', 20_000_000] }); // 80 MB: the memory grows to fit
    b.view.big[19_999_999] = 1;
    expect(b.view.big.length).toBe(20_000_000);
    b.release();
  });
});
