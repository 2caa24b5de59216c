import { describe, expect, it } from 'vitest';
import { Rng } from '../lib/random.js';
import { MlpForward, type Activation, type DenseLayer } from './forward.js';

/**
 * The TypeScript loop MlpForward ran before its WebAssembly kernel, kept as the reference: seeded
 * training acts through MlpForward, so the kernel must give the same floats, not close ones.
 */
function reference(layers: readonly DenseLayer[], x: Float32Array): Float32Array {
  let input: ArrayLike<number> = x;
  for (const { inSize, outSize, kernel, bias, activation } of layers) {
    const y = Float32Array.from(bias);
    for (let i = 0; i < inSize; i++) {
      const xi = input[i]!;
      if (xi === 0) continue;
      for (let j = 0; j < outSize; j++) y[j] += xi * kernel[i * outSize + j]!;
    }
    if (activation === 'relu') for (let j = 0; j < outSize; j++) y[j] = y[j]! > 0 ? y[j]! : 0;
    else if (activation === 'tanh') for (let j = 0; j < outSize; j++) y[j] = Math.tanh(y[j]!);
    input = y;
  }
  return input as Float32Array;
}

function randomNet(sizes: number[], activations: Activation[], rng: Rng): DenseLayer[] {
  return activations.map((activation, l) => ({
    inSize: sizes[l]!,
    outSize: sizes[l + 1]!,
    kernel: Float32Array.from({ length: sizes[l]! * sizes[l + 1]! }, () => rng.normal() / Math.sqrt(sizes[l]!)),
    bias: Float32Array.from({ length: sizes[l + 1]! }, () => 0.1 * rng.normal()),
    activation,
  }));
}

describe('MlpForward (WebAssembly dense layers)', () => {
  const rng = new Rng('forward');

  for (const activations of [['tanh', 'tanh', 'linear'], ['relu', 'relu', 'linear'], ['linear']] as Activation[][]) {
    it(`gives exactly the reference loop's floats (${activations.join(', ')})`, () => {
      const sizes = activations.length === 3 ? [94, 64, 64, 16] : [94, 16];
      const layers = randomNet(sizes, activations, rng);
      const net = new MlpForward(layers);
      for (let r = 0; r < 300; r++) {
        // sparse rows (skipped zeros), negative zeros, and large values
        const x = Float32Array.from({ length: 94 }, () => (rng.bool(0.4) ? 0 : rng.bool(0.05) ? -0 : rng.normal() * (rng.bool(0.1) ? 100 : 1)));
        const want = reference(layers, x);
        const got = net.forward(x);
        expect(got.length).toBe(want.length);
        for (let j = 0; j < want.length; j++) expect(Object.is(got[j], want[j])).toBe(true);
      }
    });
  }

  it('gives exactly the reference loop\'s floats for sizes that are not multiples of 16 or 4', () => {
    // 21 = 16 + 4 + 1 and 7 = 4 + 3 outputs: every path of the kernel (16-, 4- and 1-wide)
    const layers = randomNet([30, 21, 7, 3], ['relu', 'tanh', 'linear'], rng);
    const net = new MlpForward(layers);
    for (let r = 0; r < 300; r++) {
      const x = Float32Array.from({ length: 30 }, () => (rng.bool(0.3) ? 0 : rng.normal()));
      const want = reference(layers, x);
      const got = net.forward(x);
      for (let j = 0; j < want.length; j++) expect(Object.is(got[j], want[j])).toBe(true);
    }
  });

  it('writes into `out` when given, returns a fresh array otherwise, and keeps networks apart', () => {
    const a = new MlpForward(randomNet([5, 3], ['linear'], rng));
    const b = new MlpForward(randomNet([5, 3], ['linear'], rng));
    const x = Float32Array.of(1, 2, 3, 4, 5);
    const out = new Float32Array(3);
    expect(a.forward(x, out)).toBe(out);
    const first = a.forward(x);
    b.forward(x); // b's memory is its own: a's next answer does not change
    expect(Array.from(a.forward(x))).toEqual(Array.from(first));
    expect(Array.from(out)).toEqual(Array.from(first));
    expect(Array.from(b.forward(x))).not.toEqual(Array.from(first));
  });

  it('refuses an input of the wrong size and mismatched layers', () => {
    const net = new MlpForward(randomNet([5, 3], ['linear'], rng));
    expect(() => net.forward(new Float32Array(4))).toThrow(/expects 5/);
    expect(() => new MlpForward([...randomNet([5, 3], ['linear'], rng), ...randomNet([4, 2], ['linear'], rng)])).toThrow(/does not match/);
  });
});
