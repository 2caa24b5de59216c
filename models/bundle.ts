// Policy bundle v1 (DESIGN.md): model.json + weights.bin (a tfjs LayersModel) + policy.json.
// Saving goes through our own IOHandler (tfjs without tfjs-node cannot write file://). Loading
// verifies every file before trusting it (loadBundle says what it checks), then builds the
// plain-JS forward pass: the runtime never needs tfjs to load a bundle.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { DealerbotError } from '../lib/errors.js';
import { describeJsonError } from '../lib/json-error.js';
import { normalisationProblem } from '../core/features/normalisation.js';
import { TACTICS } from '../core/tactics.js';
import { MlpForward, type Activation, type DenseLayer } from './forward.js';
import { MlpPolicy, type OutputKind } from './policy.js';

export const BUNDLE_FORMAT = 'dealerbot-policy';
export const BUNDLE_VERSION = 1;

export interface BundleFeatures {
  version: number;
  names: string[];
  /** per-feature normalisation applied before the network: (x − mean) / std */
  mean: number[];
  std: number[];
}

export interface BundleTraining {
  /** the transcript it learned from, as given to `train` (null: the simulator only) */
  data: string | null;
  /** sha256 of that file's bytes at training time (optional: bundles before it lack it) */
  data_sha256?: string;
  personas: string | null;
  seed: number;
  steps: number;
  metrics: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface PolicyMeta {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  id: string;
  created: string;
  algo: string;
  features: BundleFeatures;
  tactics: string[];
  output: OutputKind;
  temperature: number;
  epsilon: number;
  sha256: { 'model.json': string; 'weights.bin': string };
  training: BundleTraining;
}

export type PolicyMetaInput = Omit<PolicyMeta, 'format' | 'version' | 'sha256' | 'id'> & { id?: string };

export class BundleError extends DealerbotError {
  constructor(message: string) {
    super('E_BUNDLE', message);
  }
}

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** What a tfjs save handler receives, reduced to what we write. */
interface Artifacts {
  modelTopology?: unknown;
  weightSpecs?: tfTypes.io.WeightsManifestEntry[];
  weightData?: ArrayBuffer | ArrayBuffer[];
}

/** A network as the bundle's two files hold it: model.json's text and weights.bin's bytes. */
export interface ModelFiles {
  modelJson: string;
  weights: Uint8Array;
}

/** A network as tfjs artifacts in memory (tf.io.fromMemory, modelFromArtifacts). */
export interface NetworkArtifacts {
  modelTopology: unknown;
  weightSpecs: tfTypes.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

/** Serialises a LayersModel in memory through a custom IOHandler. */
export async function modelFiles(model: tfTypes.LayersModel): Promise<ModelFiles> {
  let captured: Artifacts | undefined;
  await model.save({
    save: async (a: tfTypes.io.ModelArtifacts) => {
      captured = a as Artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    },
  });
  if (!captured?.weightSpecs || !captured.weightData) throw new Error('tfjs produced no weights to save');
  const parts = Array.isArray(captured.weightData) ? captured.weightData : [captured.weightData];
  const weights = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let off = 0;
  for (const p of parts) {
    weights.set(new Uint8Array(p), off);
    off += p.byteLength;
  }
  const modelJson = JSON.stringify({
    format: 'layers-model',
    generatedBy: 'dealerbot',
    convertedBy: null,
    modelTopology: captured.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: captured.weightSpecs }],
  });
  return { modelJson, weights };
}

/** The artifacts of a network's files, without touching the disk (what loadBundle reads from them). */
export function networkArtifacts(files: ModelFiles, where = 'model.json'): NetworkArtifacts {
  const j = JSON.parse(files.modelJson) as { modelTopology: unknown; weightsManifest: { weights: tfTypes.io.WeightsManifestEntry[] }[] };
  const w = files.weights;
  const weightData = w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) as ArrayBuffer;
  if (j.weightsManifest?.length !== 1) throw new BundleError(`${where}: weights manifest must name exactly ["weights.bin"]`);
  return { modelTopology: j.modelTopology, weightSpecs: j.weightsManifest[0]!.weights, weightData };
}

/**
 * Writes a bundle folder from a live model or its files. Files go to a temporary sibling first
 * and are renamed into place, so a reader never sees half a bundle.
 */
export async function saveBundle(dir: string, network: tfTypes.LayersModel | ModelFiles, input: PolicyMetaInput): Promise<PolicyMeta> {
  const { modelJson, weights } = 'modelJson' in network ? network : await modelFiles(network);
  checkFeatures(input.features);
  const hashes = { 'model.json': sha256(modelJson), 'weights.bin': sha256(weights) };
  const meta: PolicyMeta = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    id: input.id ?? `${input.algo}-${hashes['weights.bin'].slice(0, 12)}`,
    created: input.created,
    algo: input.algo,
    features: input.features,
    tactics: input.tactics,
    output: input.output,
    temperature: input.temperature,
    epsilon: input.epsilon,
    sha256: hashes,
    training: input.training,
  };
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await writeFile(join(tmp, 'model.json'), modelJson);
  await writeFile(join(tmp, 'weights.bin'), weights);
  await writeFile(join(tmp, 'policy.json'), JSON.stringify(meta, null, 2) + '\n');
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return meta;
}

function checkFeatures(f: BundleFeatures): void {
  const problem = normalisationProblem(f, f.names.length);
  if (problem) throw new Error(problem);
}

export interface BundleExpectations {
  /** the feature encoder of this code (core/features) */
  features: { version: number; names: readonly string[] };
  /** the tactic list of this code; default core/tactics.ts */
  tactics?: readonly string[];
}

export interface LoadedBundle {
  dir: string;
  meta: PolicyMeta;
  /** tfjs model artifacts, for fine-tuning with tfjs (tf.io.fromMemory) */
  artifacts: NetworkArtifacts;
  /** the network in plain JS */
  net: MlpForward;
  /** the policy at the bundle's temperature/epsilon, with its normalisation */
  policy: MlpPolicy;
}

/** Most bytes each file of a bundle may have: read sizes are checked before anything is read. */
export const BUNDLE_FILE_LIMITS = { 'policy.json': 1 << 20, 'model.json': 1 << 20, 'weights.bin': 64 << 20 } as const;
/** The largest network this dealerbot runs: shapes beyond these are refused before any allocation. */
export const NETWORK_LIMITS = { layers: 16, units: 4096, weights: (64 << 20) / 4 } as const;

type BundleFile = keyof typeof BUNDLE_FILE_LIMITS;

/**
 * Reads and verifies a bundle; throws BundleError saying which file is wrong and how to fix it.
 * Nothing is trusted before it is checked: file types and sizes before reading, JSON syntax
 * (errors name a line and column, never the file's bytes), hashes, the normalisation
 * (`features.mean`/`std` present, finite, std > 0), the network's declared shapes against the
 * feature names, the tactic list, the size limits and weights.bin's length (all before a
 * single weight is allocated), and finally every weight finite.
 */
export async function loadBundle(dir: string, expect: BundleExpectations): Promise<LoadedBundle> {
  const read = async (name: BundleFile) => {
    const path = join(dir, name);
    const where = `${path}: cannot read`;
    const fix = 'a bundle folder holds model.json, weights.bin and policy.json';
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(path);
    } catch (e) {
      throw new BundleError(`${where} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); ${fix}`);
    }
    if (!st.isFile()) throw new BundleError(`${path}: not a regular file (${st.isDirectory() ? 'a folder' : 'a device, pipe or socket'}); ${fix}`);
    if (st.size > BUNDLE_FILE_LIMITS[name])
      throw new BundleError(`${path}: ${mb(st.size)}, more than the ${mb(BUNDLE_FILE_LIMITS[name])} a policy bundle's ${name} may have; not a dealerbot bundle (copy the bundle again or re-export it)`);
    try {
      return await readFile(path);
    } catch (e) {
      throw new BundleError(`${where} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); ${fix}`);
    }
  };
  // read together, but report the first missing file in this order, not whichever read failed
  // first (Promise.all's rejection would depend on the disk's timing)
  const settled = await Promise.allSettled([read('policy.json'), read('model.json'), read('weights.bin')]);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  const [policyBuf, modelBuf, weightsBuf] = settled.map((r) => (r as PromiseFulfilledResult<Buffer>).value) as [Buffer, Buffer, Buffer];
  const policyPath = join(dir, 'policy.json');
  const modelPath = join(dir, 'model.json');
  const weightsPath = join(dir, 'weights.bin');
  const retrain = 're-export the policy with this dealerbot (dealerbot train)';

  const meta = parseJsonFile(policyBuf, policyPath, 'policy.json') as unknown as PolicyMeta;
  if (meta.format !== BUNDLE_FORMAT || meta.version !== BUNDLE_VERSION) {
    throw new BundleError(`${policyPath}: format ${token(meta.format)} version ${token(meta.version)}, this dealerbot reads ${BUNDLE_FORMAT} version ${BUNDLE_VERSION}; ${retrain}`);
  }
  for (const [name, buf] of [['model.json', modelBuf], ['weights.bin', weightsBuf]] as const) {
    const got = sha256(buf);
    const want = meta.sha256?.[name];
    if (got !== want) {
      throw new BundleError(`${join(dir, name)}: sha256 ${got.slice(0, 16)}… does not match policy.json (${typeof want === 'string' ? want.slice(0, 16).replace(/[^0-9a-f]/gi, '?') : 'none'}…): the file was changed or damaged; copy the bundle again or re-export it`);
    }
  }
  const f = meta.features;
  if (!isObject(f) || f.version !== expect.features.version) {
    throw new BundleError(`${policyPath}: feature version ${isObject(f) ? token(f.version) : '(none)'} but this code encodes features version ${expect.features.version}; retrain the policy with this version (dealerbot train) or use a dealerbot that matches the bundle`);
  }
  if (!Array.isArray(f.names) || !f.names.every((x) => typeof x === 'string')) throw new BundleError(`${policyPath}: features.names must be a list of feature names; ${retrain}`);
  const nameDiff = firstDifference(f.names, expect.features.names);
  if (nameDiff) {
    throw new BundleError(`${policyPath}: feature names differ from this code's encoder (${nameDiff}) although both say version ${f.version}; retrain the policy with this code`);
  }
  checkNormalisation(f, policyPath);
  const tactics = expect.tactics ?? TACTICS;
  if (!Array.isArray(meta.tactics) || !meta.tactics.every((x) => typeof x === 'string')) throw new BundleError(`${policyPath}: tactics must be a list of tactic names; ${retrain}`);
  const tacticDiff = firstDifference(meta.tactics, tactics);
  if (tacticDiff) {
    throw new BundleError(`${policyPath}: tactic list differs from this code's (${tacticDiff}); the network's outputs would be read as the wrong tactics; retrain the policy with this code`);
  }
  if (meta.output !== 'logits' && meta.output !== 'q') throw new BundleError(`${policyPath}: output must be "logits" or "q", got ${token(meta.output)}`);
  if (!(Number.isFinite(meta.temperature) && meta.temperature >= 0) || !(meta.epsilon >= 0 && meta.epsilon <= 1)) {
    throw new BundleError(`${policyPath}: temperature must be a finite number ≥ 0 and epsilon in [0, 1] (got ${token(meta.temperature)}, ${token(meta.epsilon)})`);
  }
  const modelJson = parseJsonFile(modelBuf, modelPath, 'model.json') as {
    modelTopology?: unknown;
    weightsManifest?: { paths?: unknown; weights?: unknown }[];
  };
  const manifest = modelJson.weightsManifest;
  const paths = Array.isArray(manifest) && manifest.length === 1 ? manifest[0]?.paths : undefined;
  if (!Array.isArray(paths) || paths.length !== 1 || paths[0] !== 'weights.bin') {
    throw new BundleError(`${modelPath}: weights manifest must name exactly ["weights.bin"]`);
  }
  const specs = manifest![0]!.weights as tfTypes.io.WeightsManifestEntry[];
  // shapes first: the declared network must fit the limits, the features, the tactics and
  // weights.bin's length before a single array is allocated for it
  const plan = planNetwork(modelJson.modelTopology, specs, weightsBuf.byteLength, modelPath);
  if (plan[0]!.inSize !== f.names.length) throw new BundleError(`${modelPath}: network takes ${plan[0]!.inSize} inputs but policy.json names ${f.names.length} features; ${retrain}`);
  if (plan.at(-1)!.outSize !== meta.tactics.length) throw new BundleError(`${modelPath}: network has ${plan.at(-1)!.outSize} outputs but policy.json lists ${meta.tactics.length} tactics; ${retrain}`);
  const weightData = weightsBuf.buffer.slice(weightsBuf.byteOffset, weightsBuf.byteOffset + weightsBuf.byteLength) as ArrayBuffer;
  const layers = layersFromPlan(plan, weightData);
  for (const [i, l] of layers.entries()) {
    for (const [what, arr] of [['kernel', l.kernel], ['bias', l.bias]] as const) {
      const bad = arr.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0)
        throw new BundleError(`${weightsPath}: the ${what} of layer ${i} holds ${arr[bad]} at index ${bad}; every weight must be a finite number (the training diverged?): retrain the policy or use another bundle`);
    }
  }
  const net = new MlpForward(layers);
  const policy = new MlpPolicy(net, { temperature: meta.temperature, epsilon: meta.epsilon }, { mean: f.mean, std: f.std });
  return { dir, meta, artifacts: { modelTopology: modelJson.modelTopology, weightSpecs: specs, weightData }, net, policy };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const mb = (bytes: number) => (bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`);

/** A value from a file, for a message: short names and numbers as they are, anything else by its type. */
function token(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (typeof v === 'string') return /^[\w.+-]{1,40}$/.test(v) ? JSON.stringify(v) : 'a string';
  return v === undefined ? '(none)' : Array.isArray(v) ? 'a list' : 'an object';
}

/** Decodes and parses one JSON file of a bundle; the error names line and column, never the bytes. */
function parseJsonFile(buf: Buffer, path: string, name: string): Record<string, unknown> {
  const text = buf.toString('utf8');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new BundleError(`${path}: not a valid ${name} (${describeJsonError(text)}); copy the bundle again or re-export it (dealerbot train)`);
  }
  if (!isObject(v)) throw new BundleError(`${path}: not a valid ${name} (a JSON ${token(v) === 'a list' ? 'list' : 'value'}, not an object); copy the bundle again or re-export it (dealerbot train)`);
  return v;
}

/** features.mean and features.std: present, one per feature, finite, every std > 0. */
function checkNormalisation(f: Record<string, unknown> & { names: string[] }, path: string): asserts f is Record<string, unknown> & BundleFeatures {
  const fix = 'the bundle needs one mean and one positive std per feature: re-export it with dealerbot train';
  for (const key of ['mean', 'std'] as const) {
    const a = f[key];
    if (a === undefined) throw new BundleError(`${path}: features.${key} is missing; ${fix}`);
    if (!Array.isArray(a) || a.length !== f.names.length)
      throw new BundleError(`${path}: features.${key} must be a list of ${f.names.length} numbers (one per feature name), got ${Array.isArray(a) ? a.length : token(a)}; ${fix}`);
    const bad = a.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v) || (key === 'std' && !(v > 0)));
    if (bad >= 0)
      throw new BundleError(`${path}: features.${key}[${bad}] (${f.names[bad]}) is ${token(a[bad])}; ${key === 'std' ? 'every std must be a finite number > 0 (0 would divide by zero)' : 'every mean must be a finite number'}: ${fix}`);
  }
}

function firstDifference(got: readonly string[], want: readonly string[]): string | null {
  if (got.length !== want.length) return `${got.length} in the bundle, ${want.length} in the code`;
  for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) return `#${i} is ${token(got[i])} in the bundle, "${want[i]}" in the code`;
  return null;
}

interface TopologyLayer {
  class_name?: unknown;
  config?: { units?: unknown; activation?: unknown; use_bias?: unknown; batch_input_shape?: unknown };
}

/** One Dense layer as model.json declares it: sizes and where its weights sit in weights.bin. */
interface LayerPlan {
  inSize: number;
  outSize: number;
  activation: Activation;
  /** byte offsets into weights.bin; bias null when use_bias is false */
  kernelAt: number;
  biasAt: number | null;
}

/**
 * Checks a Sequential of Dense layers against its weight specs and weights.bin's length, from
 * the declared shapes alone: no array is allocated, so a 12 kB model.json declaring a layer of
 * a billion units is refused at once instead of after gigabytes.
 */
export function planNetwork(topology: unknown, specs: unknown, dataBytes: number, where = 'model.json'): LayerPlan[] {
  const t = topology as { config?: { layers?: unknown } } | null;
  const all = isObject(t) && isObject(t.config) ? t.config.layers : undefined;
  if (!Array.isArray(all) || all.length === 0) throw new BundleError(`${where}: modelTopology has no layers`);
  if (!Array.isArray(specs)) throw new BundleError(`${where}: weights manifest has no weight list`);
  const dense = (all as TopologyLayer[]).filter((l) => l?.class_name !== 'InputLayer');
  if (dense.length > NETWORK_LIMITS.layers) throw new BundleError(`${where}: ${dense.length} layers; this dealerbot runs at most ${NETWORK_LIMITS.layers}`);
  const isSize = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1;
  let spec = 0;
  let offset = 0;
  let total = 0;
  let inSize = -1;
  const plan: LayerPlan[] = [];
  const next = (what: string, shape: number[]): number => {
    const s = (specs as tfTypes.io.WeightsManifestEntry[])[spec++];
    if (!isObject(s) || s.dtype !== 'float32') throw new BundleError(`${where}: weight ${what} missing or not float32`);
    const got = s.shape;
    if (!Array.isArray(got) || got.length !== shape.length || got.some((d, k) => d !== shape[k]))
      throw new BundleError(`${where}: weight ${what} has shape ${Array.isArray(got) && got.every(isSize) && got.length <= 4 ? `[${got.join(', ')}]` : token(got)}, expected [${shape.join(', ')}]`);
    const n = shape.reduce((a, b) => a * b, 1);
    total += n;
    if (total > NETWORK_LIMITS.weights) throw new BundleError(`${where}: the network declares more than ${NETWORK_LIMITS.weights} weights; this dealerbot runs at most that`);
    const at = offset;
    offset += n * 4;
    return at;
  };
  for (const [i, l] of dense.entries()) {
    if (l?.class_name !== 'Dense') throw new BundleError(`${where}: layer ${i} is ${token(l?.class_name)}; only Dense MLPs are supported`);
    const c = isObject(l.config) ? l.config : {};
    const act = c.activation ?? 'linear';
    if (act !== 'relu' && act !== 'tanh' && act !== 'linear') throw new BundleError(`${where}: activation ${token(act)} is not supported (relu, tanh, linear)`);
    const units = c.units;
    if (!isSize(units) || units > NETWORK_LIMITS.units)
      throw new BundleError(`${where}: layer ${i} declares ${isSize(units) ? units : token(units)} units; a layer of this dealerbot has 1 to ${NETWORK_LIMITS.units}: not a bundle it can run (re-export it with dealerbot train)`);
    if (inSize < 0) {
      const first = (specs as { shape?: unknown }[])[0]?.shape;
      const d = Array.isArray(first) ? first[0] : undefined;
      if (!isSize(d) || d > NETWORK_LIMITS.units) throw new BundleError(`${where}: the first kernel declares ${isSize(d) ? d : token(d)} inputs; a layer of this dealerbot has 1 to ${NETWORK_LIMITS.units}`);
      inSize = d;
    }
    const kernelAt = next(`kernel of layer ${i}`, [inSize, units]);
    const biasAt = c.use_bias === false ? null : next(`bias of layer ${i}`, [units]);
    plan.push({ inSize, outSize: units, activation: act, kernelAt, biasAt });
    inSize = units;
  }
  if (spec !== specs.length) throw new BundleError(`${where}: weights manifest lists ${specs.length - spec} weights no layer uses`);
  if (offset !== dataBytes)
    throw new BundleError(`${where}: the layers need ${offset} bytes of weights but weights.bin has ${dataBytes}; copy the bundle again or re-export it`);
  return plan;
}

function layersFromPlan(plan: readonly LayerPlan[], data: ArrayBuffer): DenseLayer[] {
  const floats = (at: number, n: number) => new Float32Array(data.slice(at, at + n * 4));
  return plan.map((p) => ({
    inSize: p.inSize,
    outSize: p.outSize,
    activation: p.activation,
    kernel: floats(p.kernelAt, p.inSize * p.outSize),
    bias: p.biasAt === null ? new Float32Array(p.outSize) : floats(p.biasAt, p.outSize),
  }));
}

/** Builds the plain-JS MLP from a Sequential of Dense layers (the only topology we export). */
export function forwardFromArtifacts(topology: unknown, specs: tfTypes.io.WeightsManifestEntry[], data: ArrayBuffer, where = 'model.json'): MlpForward {
  return new MlpForward(layersFromPlan(planNetwork(topology, specs, data.byteLength, where), data));
}

/** Plain-JS copy of a live tfjs model (training loops evaluate and act through it). */
export async function forwardFromModel(model: tfTypes.LayersModel): Promise<MlpForward> {
  const a = networkArtifacts(await modelFiles(model));
  return forwardFromArtifacts(a.modelTopology, a.weightSpecs, a.weightData);
}
