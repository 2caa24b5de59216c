// runTrainStepBench is what a future `dealerbot bench` calls: it must run every tfjs variant and
// report one figure per implementation (speed itself is measured by the script, not asserted).
import { describe, expect, it } from 'vitest';
import { runTrainStepBench } from './train-step.js';

describe('runTrainStepBench', () => {
  it('times each variant on each backend and reports its shape and machine', async () => {
    const r = await runTrainStepBench({ sizes: [6, 8, 4], batch: 16, rounds: 2, steps: 2, warmup: 1, backends: ['cpu', 'wasm'], torchThreads: [], log: () => {} });
    expect(r.sizes).toEqual([6, 8, 4]);
    expect(r.figures.map((f) => f.impl)).toEqual(
      ['cpu', 'wasm'].flatMap((b) => ['layers-minimize', 'layers-minimize-nosync', 'raw-variableGrads', 'raw-lean', 'applyMlp-minimize', 'applyMlp-jsAdam', 'bc-learner'].map((v) => `tfjs-${b}/${v}`)),
    );
    for (const f of r.figures) {
      expect(f.ms_per_round).toHaveLength(2);
      expect(f.median_ms).toBeGreaterThan(0);
    }
    expect(r.vsTorch1).toEqual({}); // no PyTorch asked for, no ratios invented
    expect(r.wasm).toEqual({ simd: expect.any(Boolean), threads: 1 });
    expect(r.machine.nproc).toBeGreaterThan(0);
  });
});
