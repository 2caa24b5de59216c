// The MLP forward pass in plain JS over Float32Arrays: the runtime's fast path for single
// decisions (no tfjs to load, no kernel dispatch per call). Must agree with the tfjs model.

export type Activation = 'relu' | 'tanh' | 'linear';

export interface DenseLayer {
  inSize: number;
  outSize: number;
  /** row-major [inSize, outSize], as tfjs stores a Dense kernel */
  kernel: Float32Array;
  bias: Float32Array;
  activation: Activation;
}

export class MlpForward {
  readonly inputSize: number;
  readonly outputSize: number;
  private readonly buffers: Float32Array[];

  constructor(readonly layers: readonly DenseLayer[]) {
    if (layers.length === 0) throw new Error('an MLP needs at least one layer');
    for (let l = 1; l < layers.length; l++) {
      if (layers[l]!.inSize !== layers[l - 1]!.outSize) throw new Error(`layer ${l} input size does not match layer ${l - 1}`);
    }
    this.inputSize = layers[0]!.inSize;
    this.outputSize = layers[layers.length - 1]!.outSize;
    this.buffers = layers.map((l) => new Float32Array(l.outSize));
  }

  /** Output for one input row; writes into `out` when given (else a fresh array). */
  forward(x: ArrayLike<number>, out?: Float32Array): Float32Array {
    let input: ArrayLike<number> = x;
    for (let l = 0; l < this.layers.length; l++) {
      const { inSize, outSize, kernel, bias, activation } = this.layers[l]!;
      const y = l === this.layers.length - 1 && out ? out : this.buffers[l]!;
      y.set(bias);
      for (let i = 0; i < inSize; i++) {
        const xi = input[i]!;
        if (xi === 0) continue;
        const row = i * outSize;
        for (let j = 0; j < outSize; j++) y[j] += xi * kernel[row + j]!;
      }
      if (activation === 'relu') for (let j = 0; j < outSize; j++) y[j] = y[j]! > 0 ? y[j]! : 0;
      else if (activation === 'tanh') for (let j = 0; j < outSize; j++) y[j] = Math.tanh(y[j]!);
      input = y;
    }
    const last = input as Float32Array;
    return out ? last : Float32Array.from(last);
  }
}
