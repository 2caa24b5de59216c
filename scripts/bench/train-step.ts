// Milliseconds per gradient step of the policy network (Adam, batch 256, the masked
// cross-entropy of trainer/algos/bc.ts) on tfjs wasm, tfjs cpu and PyTorch, side by side.
//
//   npx tsx scripts/bench/train-step.ts [--rounds 7] [--steps 40] [--input 64] [--python /usr/bin/python3]
//
// The machine is shared, so implementations are interleaved round by round (wasm, cpu, torch×1,
// torch×2, wasm, …) and each figure is the median over rounds: load spikes hit all of them alike.
// PyTorch runs as long-lived child processes (scripts/bench/train_step_torch.py --serve) that
// time one round per line of stdin.
import { median } from '../../lib/ci.js';
import { packagePath } from '../../lib/package-root.js';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../lib/random.js';
import { FEATURE_SIZE } from '../../core/features/feature-names.js';
import { TACTICS } from '../../core/tactics.js';
import { useBackend, type BackendName } from '../../models/backend.js';
import { buildMlp, glorotWeights } from '../../models/mlp.js';
import { BC_DEFAULTS, BcLearner } from '../../trainer/algos/bc.js';
import { COMMON_DEFAULTS } from '../../trainer/algos/learner.js';
import { maskedLogSoftmax, pick } from '../../trainer/algos/masked.js';
import { applyMlp } from '../../trainer/algos/mlp-apply.js';
import { JsAdam } from './js-adam.js';
import { Transitions } from '../../trainer/algos/transitions.js';

export interface TrainStepBenchOptions {
  /** input, hidden…, outputs; default: the state features → COMMON_DEFAULTS.hidden → the tactics */
  sizes?: number[];
  batch?: number;
  rounds?: number;
  /** gradient steps timed per round */
  steps?: number;
  warmup?: number;
  /** tfjs variants to time; default all */
  variants?: TfjsVariant[];
  backends?: Exclude<BackendName, 'tensorflow'>[];
  /** PyTorch thread counts; [] skips PyTorch */
  torchThreads?: number[];
  python?: string;
  log?: (line: string) => void;
}

export type TfjsVariant = 'layers-minimize' | 'layers-minimize-nosync' | 'raw-variableGrads' | 'raw-lean' | 'applyMlp-minimize' | 'applyMlp-jsAdam' | 'bc-learner';

export interface TrainStepFigure {
  impl: string;
  backend: string;
  variant: string;
  threads: number;
  median_ms: number;
  ms_per_round: number[];
}

export interface TrainStepBenchResult {
  benchmark: 'trainer-gradient-step';
  sizes: number[];
  batch: number;
  rounds: number;
  steps: number;
  machine: { nproc: number; cpu: string; loadavg1: number; node: string; tfjs: string; torch: string | null };
  /** what the wasm backend runs with: SIMD build or not, XNNPACK threads (Node: always 1) */
  wasm: { simd: boolean; threads: number } | null;
  figures: TrainStepFigure[];
  /** median ms of each implementation ÷ median ms of PyTorch at 1 thread (< 1 = faster than torch) */
  vsTorch1: Record<string, number>;
}

const ALL_VARIANTS: TfjsVariant[] = ['layers-minimize', 'layers-minimize-nosync', 'raw-variableGrads', 'raw-lean', 'applyMlp-minimize', 'applyMlp-jsAdam', 'bc-learner'];

/** One timed unit of work: `step()` does one gradient step. */
interface Stepper {
  step(): void;
  dispose(): void;
}

/** A fixed random batch (features, masks with action 0 always allowed, action 0). */
function batchData(sizes: number[], batch: number, rng: Rng) {
  const d = sizes[0]!;
  const A = sizes.at(-1)!;
  const x = new Float32Array(batch * d).map(() => rng.normal());
  const mask = new Float32Array(batch * A).map((_, i) => (i % A === 0 || rng.next() < 0.8 ? 1 : 0));
  const action = new Int32Array(batch);
  return { x, mask, action, d, A };
}

/**
 * Layers model, optimizer.minimize, loss read back every step (unless !sync). The forward pass is
 * the Layers API's `model.apply`, or trainer/algos/mlp-apply.ts (own gradient, wasm-friendly).
 */
function layersMinimize(sizes: number[], batch: number, sync: boolean, forward: 'layers' | 'applyMlp' = 'layers', jsAdam = false): Stepper {
  const rng = new Rng(1);
  const b = batchData(sizes, batch, rng);
  const model = buildMlp({ inputSize: b.d, hidden: sizes.slice(1, -1), outputs: b.A }, rng);
  const x = tf.tensor2d(b.x, [batch, b.d]);
  const mask = tf.tensor2d(b.mask, [batch, b.A]);
  const action = tf.tensor1d(b.action, 'int32');
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const opt = jsAdam ? new JsAdam(1e-3, vars) : tf.train.adam(1e-3);
  return {
    step() {
      const cost = opt.minimize(
        () => pick(maskedLogSoftmax(forward === 'layers' ? (model.apply(x, { training: true }) as tf.Tensor2D) : applyMlp(model, x), mask), action, b.A).mean().neg() as tf.Scalar,
        sync,
        vars,
      );
      if (cost) {
        cost.dataSync();
        cost.dispose();
      }
    },
    dispose() {
      tf.dispose([x, mask, action]);
      model.dispose();
      opt.dispose();
    },
  };
}

/**
 * Plain variables and tf ops (no Layers bookkeeping per call), fused matmul+bias, gradients by
 * tf.variableGrads + applyGradients. `lean` also precomputes the mask offset and the one-hot
 * actions outside the tape (fewer ops per step).
 */
function rawStep(sizes: number[], batch: number, lean: boolean): Stepper {
  const rng = new Rng(1);
  const b = batchData(sizes, batch, rng);
  const ws = glorotWeights(sizes, rng);
  const vars = ws.map((w) => tf.variable(w, true));
  tf.dispose(ws);
  const opt = tf.train.adam(1e-3);
  const x = tf.tensor2d(b.x, [batch, b.d]);
  const mask = tf.tensor2d(b.mask, [batch, b.A]);
  const action = tf.tensor1d(b.action, 'int32');
  const offset = tf.tidy(() => mask.sub(1).mul(1e9));
  const onehotScaled = tf.tidy(() => tf.oneHot(action, b.A).toFloat().div(-batch));
  const L = sizes.length - 1;
  const forward = () => {
    let h: tf.Tensor2D = x;
    for (let l = 0; l < L; l++) {
      const relu = l < L - 1;
      // under a gradient tape tfjs fuses only linear activations: bias in the matmul, relu apart
      h = tf.fused.matMul({ a: h, b: vars[2 * l] as tf.Tensor2D, bias: vars[2 * l + 1], activation: 'linear' }) as tf.Tensor2D;
      if (relu) h = tf.relu(h) as tf.Tensor2D;
    }
    return h;
  };
  const loss = lean
    ? () => tf.logSoftmax(forward().add(offset)).mul(onehotScaled).sum() as tf.Scalar
    : () => pick(maskedLogSoftmax(forward(), mask), action, b.A).mean().neg() as tf.Scalar;
  return {
    step() {
      const { value, grads } = tf.variableGrads(loss, vars);
      opt.applyGradients(grads as tf.NamedTensorMap as Record<string, tf.Variable>);
      value.dataSync();
      tf.dispose([value, ...Object.values(grads)]);
    },
    dispose() {
      tf.dispose([x, mask, action, offset, onehotScaled, ...vars]);
      opt.dispose();
    },
  };
}

/** The real BcLearner.iterate: samples a batch from a buffer, steps, reads loss/entropy/accuracy. */
function bcLearner(sizes: number[], batch: number): Stepper {
  const rng = new Rng(1);
  const d = sizes[0]!;
  const A = sizes.at(-1)!;
  const n = 4096;
  const norm = { mean: new Array(d).fill(0), std: new Array(d).fill(1) };
  const data = new Transitions(n, d, A, norm);
  const obs = new Float32Array(d);
  const mask = new Uint8Array(A);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) obs[k] = rng.normal();
    for (let a = 0; a < A; a++) mask[a] = a === 0 || rng.next() < 0.8 ? 1 : 0;
    data.add(obs, 0, mask, 0, 0, rng.next(), obs, 0, mask, 0, false);
  }
  const learner = new BcLearner({ ...BC_DEFAULTS, hidden: sizes.slice(1, -1), batchSize: batch, seed: 1 }, norm, data);
  let it = 0;
  return {
    step() {
      learner.iterate(it++);
    },
    dispose() {
      learner.dispose();
    },
  };
}

function makeStepper(variant: TfjsVariant, sizes: number[], batch: number): Stepper {
  switch (variant) {
    case 'layers-minimize':
      return layersMinimize(sizes, batch, true);
    case 'layers-minimize-nosync':
      return layersMinimize(sizes, batch, false);
    case 'raw-variableGrads':
      return rawStep(sizes, batch, false);
    case 'raw-lean':
      return rawStep(sizes, batch, true);
    case 'applyMlp-minimize':
      return layersMinimize(sizes, batch, true, 'applyMlp');
    case 'applyMlp-jsAdam':
      return layersMinimize(sizes, batch, true, 'applyMlp', true);
    case 'bc-learner':
      return bcLearner(sizes, batch);
  }
}

/** A PyTorch child that times one round per stdin line. */
class TorchWorker {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterableIterator<string>;
  constructor(python: string, script: string, args: string[]) {
    this.proc = spawn(python, [script, '--serve', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    this.proc.stderr.on('data', (c) => (err += String(c)));
    this.proc.on('exit', (code) => {
      if (code) process.stderr.write(`torch worker exited ${code}: ${err}\n`);
    });
    this.lines = createInterface({ input: this.proc.stdout })[Symbol.asyncIterator]();
  }
  async next(): Promise<Record<string, unknown>> {
    const r = await this.lines.next();
    if (r.done) throw new Error('the PyTorch worker stopped (is python3-torch installed? run with --torch-threads "" to skip)');
    return JSON.parse(r.value) as Record<string, unknown>;
  }
  async round(): Promise<number> {
    this.proc.stdin.write('round\n');
    return (await this.next()).ms_per_step as number;
  }
  close(): void {
    this.proc.stdin.end();
  }
}

export async function runTrainStepBench(opts: TrainStepBenchOptions = {}): Promise<TrainStepBenchResult> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const sizes = opts.sizes ?? [FEATURE_SIZE, ...COMMON_DEFAULTS.hidden, TACTICS.length];
  const batch = opts.batch ?? 256;
  const rounds = opts.rounds ?? 7;
  const steps = opts.steps ?? 40;
  const warmup = opts.warmup ?? 30;
  const variants = opts.variants ?? ALL_VARIANTS;
  const backends = opts.backends ?? ['wasm', 'cpu'];
  const torchThreads = opts.torchThreads ?? [1, 2];
  const python = opts.python ?? '/usr/bin/python3';

  // tfjs: one stepper per backend × variant, created (and warmed up) on its own backend
  const tfjsRuns: { key: string; backend: BackendName; variant: TfjsVariant; stepper: Stepper; ms: number[] }[] = [];
  for (const backend of backends) {
    await useBackend(backend);
    for (const variant of variants) {
      const stepper = makeStepper(variant, sizes, batch);
      for (let i = 0; i < warmup; i++) stepper.step();
      tfjsRuns.push({ key: `tfjs-${backend}/${variant}`, backend, variant, stepper, ms: [] });
    }
  }
  // the .py file is not compiled into dist/: find it in the source tree
  const script = packagePath('scripts', 'bench', 'train_step_torch.py');
  const torch = torchThreads.map((t) => ({
    threads: t,
    worker: new TorchWorker(python, script, ['--threads', String(t), '--sizes', sizes.join(','), '--batch', String(batch), '--steps', String(steps), '--warmup', String(warmup)]),
    ms: [] as number[],
  }));
  let wasmInfo: TrainStepBenchResult['wasm'] = null;
  if (backends.includes('wasm')) {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasmInfo = { simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')), threads: wasm.getThreadsCount() };
  }
  let torchVersion: string | null = null;
  try {
    for (const t of torch) {
      const hello = await t.worker.next(); // ready line, after its warm-up
      torchVersion = String(hello.torch);
      if (hello.threads !== t.threads) throw new Error(`torch reports ${String(hello.threads)} threads, asked ${t.threads}`);
    }
    for (let r = 0; r < rounds; r++) {
      for (const run of tfjsRuns) {
        if (tf.getBackend() !== run.backend) await useBackend(run.backend);
        run.stepper.step(); // untimed: absorbs a backend switch
        const t0 = performance.now();
        for (let i = 0; i < steps; i++) run.stepper.step();
        run.ms.push((performance.now() - t0) / steps);
      }
      for (const t of torch) t.ms.push(await t.worker.round());
      log(`round ${r + 1}/${rounds}: ` + [...tfjsRuns.map((x) => `${x.key} ${x.ms.at(-1)!.toFixed(2)}`), ...torch.map((t) => `torch×${t.threads} ${t.ms.at(-1)!.toFixed(2)}`)].join(' | '));
    }
  } finally {
    for (const t of torch) t.worker.close();
    for (const run of tfjsRuns) {
      if (tf.getBackend() !== run.backend) await useBackend(run.backend);
      run.stepper.dispose();
    }
  }
  const figures: TrainStepFigure[] = [
    ...tfjsRuns.map((r) => ({ impl: r.key, backend: r.backend, variant: r.variant, threads: 1, median_ms: median(r.ms), ms_per_round: r.ms })),
    ...torch.map((t) => ({ impl: `torch×${t.threads}`, backend: 'torch', variant: 'nn.Sequential+Adam', threads: t.threads, median_ms: median(t.ms), ms_per_round: t.ms })),
  ];
  const torch1 = figures.find((f) => f.impl === 'torch×1')?.median_ms;
  const vsTorch1 = torch1 ? Object.fromEntries(figures.map((f) => [f.impl, f.median_ms / torch1])) : {};
  return {
    benchmark: 'trainer-gradient-step',
    sizes,
    batch,
    rounds,
    steps,
    machine: { nproc: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', loadavg1: loadavg()[0]!, node: process.version, tfjs: tf.version.tfjs, torch: torchVersion },
    wasm: wasmInfo,
    figures,
    vsTorch1,
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const num = (n: string) => (arg(n) === undefined ? undefined : Number(arg(n)));
  const list = (n: string) => (arg(n) === undefined ? undefined : arg(n)!.split(',').filter(Boolean).map(Number));
  const result = await runTrainStepBench({
    sizes: list('sizes'),
    batch: num('batch'),
    rounds: num('rounds'),
    steps: num('steps'),
    warmup: num('warmup'),
    torchThreads: list('torch-threads'),
    variants: arg('variants')?.split(',') as TfjsVariant[] | undefined,
    python: arg('python'),
  });
  const w = Math.max(...result.figures.map((f) => f.impl.length));
  for (const f of result.figures) process.stderr.write(`${f.impl.padEnd(w)}  ${f.median_ms.toFixed(2).padStart(7)} ms/step  ×${(result.vsTorch1[f.impl] ?? NaN).toFixed(2)} of torch×1\n`);
  process.stdout.write(JSON.stringify(result) + '\n');
}
