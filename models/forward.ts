// The MLP forward pass over Float32Arrays without tfjs: the runtime's fast path for single
// decisions (no tfjs to load, no kernel dispatch per call), and how training loops act. Must
// agree with the tfjs model. Each dense layer runs in WebAssembly (dense-kernel.c), in memory of
// the network's own: its weights are copied there once, and a call copies in one input row.
import { DENSE_KERNEL_WASM } from './dense-kernel.wasm.js';

export type Activation = 'relu' | 'tanh' | 'linear';

export interface DenseLayer {
  inSize: number;
  outSize: number;
  /** row-major [inSize, outSize], as tfjs stores a Dense kernel */
  kernel: Float32Array;
  bias: Float32Array;
  activation: Activation;
}

type DenseKernel = (x: number, inSize: number, outSize: number, kernel: number, bias: number, relu: number, y: number, nonzero: number) => void;

let compiled: WebAssembly.Module | undefined;

/** where the layout starts: dense-kernel.c's 4 KiB stack ends at byte 5,120 */
const BASE = 8_192;

export class MlpForward {
  readonly inputSize: number;
  readonly outputSize: number;
  private readonly dense: DenseKernel;
  /** the input row, and per layer its output, as views of the network's memory */
  private readonly input: Float32Array;
  private readonly outputs: Float32Array[];
  /** byte offsets: input, then per layer kernel, bias, output; scratch for the kernel */
  private readonly at: { input: number; kernel: number[]; bias: number[]; output: number[]; nonzero: number };

  constructor(readonly layers: readonly DenseLayer[]) {
    if (layers.length === 0) throw new Error('an MLP needs at least one layer');
    for (let l = 1; l < layers.length; l++) {
      if (layers[l]!.inSize !== layers[l - 1]!.outSize) throw new Error(`layer ${l} input size does not match layer ${l - 1}`);
    }
    this.inputSize = layers[0]!.inSize;
    this.outputSize = layers[layers.length - 1]!.outSize;
    let end = BASE;
    const take = (floats: number): number => {
      const at = end;
      end += 4 * floats;
      return at;
    };
    const input = take(this.inputSize);
    const kernel = layers.map((l) => take(l.inSize * l.outSize));
    const bias = layers.map((l) => take(l.outSize));
    const output = layers.map((l) => take(l.outSize));
    const nonzero = take(Math.max(...layers.map((l) => l.inSize)));
    this.at = { input, kernel, bias, output, nonzero };
    const memory = new WebAssembly.Memory({ initial: Math.ceil(end / 65_536) });
    compiled ??= new WebAssembly.Module(Buffer.from(DENSE_KERNEL_WASM, 'base64'));
    this.dense = new WebAssembly.Instance(compiled, { env: { memory } }).exports.dense as DenseKernel;
    const view = (at: number, floats: number): Float32Array => new Float32Array(memory.buffer, at, floats);
    layers.forEach((l, i) => {
      view(kernel[i]!, l.inSize * l.outSize).set(l.kernel);
      view(bias[i]!, l.outSize).set(l.bias);
    });
    this.input = view(input, this.inputSize);
    this.outputs = layers.map((l, i) => view(output[i]!, l.outSize));
  }

  /** Output for one input row; writes into `out` when given (else a fresh array). */
  forward(x: Float32Array, out?: Float32Array): Float32Array {
    if (x.length !== this.inputSize) throw new Error(`input has ${x.length} values, the network expects ${this.inputSize}`);
    this.input.set(x);
    let from = this.at.input;
    for (let l = 0; l < this.layers.length; l++) {
      const { inSize, outSize, activation } = this.layers[l]!;
      this.dense(from, inSize, outSize, this.at.kernel[l]!, this.at.bias[l]!, activation === 'relu' ? 1 : 0, this.at.output[l]!, this.at.nonzero);
      if (activation === 'tanh') {
        // WebAssembly has no tanh; Math.tanh rounded to float, as the Float32Array store did
        const y = this.outputs[l]!;
        for (let j = 0; j < outSize; j++) y[j] = Math.tanh(y[j]!);
      }
      from = this.at.output[l]!;
    }
    const last = this.outputs[this.layers.length - 1]!;
    if (!out) return Float32Array.from(last);
    out.set(last);
    return out;
  }
}
