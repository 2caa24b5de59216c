// Policy bundle v1 (DESIGN.md): model.json + weights.bin (a tfjs LayersModel) + policy.json.
// Saving goes through our own IOHandler (tfjs without tfjs-node cannot write file://). Loading
// verifies hashes, feature version/names and the tactic list, then builds the plain-JS forward
// pass: the runtime never needs tfjs to load a bundle.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { DealerbotError } from '../lib/errors.js';
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

/** Reads and verifies a bundle; throws BundleError saying what does not match and how to fix it. */
export async function loadBundle(dir: string, expect: BundleExpectations): Promise<LoadedBundle> {
  const read = async (name: string) => {
    try {
      return await readFile(join(dir, name));
    } catch (e) {
      throw new BundleError(`${join(dir, name)}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); a bundle folder holds model.json, weights.bin and policy.json`);
    }
  };
  // read together, but report the first missing file in this order, not whichever read failed
  // first (Promise.all's rejection would depend on the disk's timing)
  const settled = await Promise.allSettled([read('policy.json'), read('model.json'), read('weights.bin')]);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  const [policyBuf, modelBuf, weightsBuf] = settled.map((r) => (r as PromiseFulfilledResult<Buffer>).value) as [Buffer, Buffer, Buffer];
  const policyPath = join(dir, 'policy.json');
  let meta: PolicyMeta;
  try {
    meta = JSON.parse(policyBuf.toString('utf8')) as PolicyMeta;
  } catch (e) {
    throw new BundleError(`${policyPath}: not valid JSON (${(e as Error).message})`);
  }
  if (meta.format !== BUNDLE_FORMAT || meta.version !== BUNDLE_VERSION) {
    throw new BundleError(`${policyPath}: format ${JSON.stringify(meta.format)} version ${JSON.stringify(meta.version)}, this dealerbot reads ${BUNDLE_FORMAT} version ${BUNDLE_VERSION}; re-export the policy with this version (dealerbot train)`);
  }
  for (const [name, buf] of [['model.json', modelBuf], ['weights.bin', weightsBuf]] as const) {
    const got = sha256(buf);
    if (got !== meta.sha256?.[name]) {
      throw new BundleError(`${join(dir, name)}: sha256 ${got.slice(0, 16)}… does not match policy.json (${String(meta.sha256?.[name]).slice(0, 16)}…): the file was changed or damaged; copy the bundle again or re-export it`);
    }
  }
  const f = meta.features;
  if (!f || f.version !== expect.features.version) {
    throw new BundleError(`${policyPath}: feature version ${f?.version} but this code encodes features version ${expect.features.version}; retrain the policy with this version (dealerbot train) or use a dealerbot that matches the bundle`);
  }
  const nameDiff = firstDifference(f.names ?? [], expect.features.names);
  if (nameDiff) {
    throw new BundleError(`${policyPath}: feature names differ from this code's encoder (${nameDiff}) although both say version ${f.version}; retrain the policy with this code`);
  }
  const normProblem = normalisationProblem(f, f.names.length);
  if (normProblem) throw new BundleError(`${policyPath}: features: ${normProblem}; the bundle was damaged or edited: copy it again or re-export it`);
  const tactics = expect.tactics ?? TACTICS;
  const tacticDiff = firstDifference(meta.tactics ?? [], tactics);
  if (tacticDiff) {
    throw new BundleError(`${policyPath}: tactic list differs from this code's (${tacticDiff}); the network's outputs would be read as the wrong tactics; retrain the policy with this code`);
  }
  if (meta.output !== 'logits' && meta.output !== 'q') throw new BundleError(`${policyPath}: output must be "logits" or "q", got ${JSON.stringify(meta.output)}`);
  if (!(meta.temperature >= 0) || !(meta.epsilon >= 0 && meta.epsilon <= 1)) {
    throw new BundleError(`${policyPath}: temperature must be ≥ 0 and epsilon in [0, 1] (got ${meta.temperature}, ${meta.epsilon})`);
  }
  let modelJson: { modelTopology: unknown; weightsManifest: { paths: string[]; weights: tfTypes.io.WeightsManifestEntry[] }[] };
  try {
    modelJson = JSON.parse(modelBuf.toString('utf8'));
  } catch (e) {
    throw new BundleError(`${join(dir, 'model.json')}: not valid JSON (${(e as Error).message})`);
  }
  const manifest = modelJson.weightsManifest;
  if (manifest?.length !== 1 || manifest[0]!.paths.length !== 1 || manifest[0]!.paths[0] !== 'weights.bin') {
    throw new BundleError(`${join(dir, 'model.json')}: weights manifest must name exactly ["weights.bin"]`);
  }
  const weightData = weightsBuf.buffer.slice(weightsBuf.byteOffset, weightsBuf.byteOffset + weightsBuf.byteLength) as ArrayBuffer;
  const net = forwardFromArtifacts(modelJson.modelTopology, manifest[0]!.weights, weightData, join(dir, 'model.json'));
  if (net.inputSize !== f.names.length) throw new BundleError(`${join(dir, 'model.json')}: network takes ${net.inputSize} inputs but policy.json names ${f.names.length} features`);
  if (net.outputSize !== meta.tactics.length) throw new BundleError(`${join(dir, 'model.json')}: network has ${net.outputSize} outputs but policy.json lists ${meta.tactics.length} tactics`);
  const policy = new MlpPolicy(net, { temperature: meta.temperature, epsilon: meta.epsilon }, { mean: f.mean, std: f.std });
  return { dir, meta, artifacts: { modelTopology: modelJson.modelTopology, weightSpecs: manifest[0]!.weights, weightData }, net, policy };
}

function firstDifference(got: readonly string[], want: readonly string[]): string | null {
  if (got.length !== want.length) return `${got.length} in the bundle, ${want.length} in the code`;
  for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) return `#${i} is "${got[i]}" in the bundle, "${want[i]}" in the code`;
  return null;
}

interface TopologyLayer {
  class_name: string;
  config: { units?: number; activation?: string; use_bias?: boolean; batch_input_shape?: (number | null)[] };
}

/** Builds the plain-JS MLP from a Sequential of Dense layers (the only topology we export). */
export function forwardFromArtifacts(topology: unknown, specs: tfTypes.io.WeightsManifestEntry[], data: ArrayBuffer, where = 'model.json'): MlpForward {
  const t = topology as { config?: { layers?: TopologyLayer[] } };
  const layers = t?.config?.layers;
  if (!Array.isArray(layers) || layers.length === 0) throw new BundleError(`${where}: modelTopology has no layers`);
  const dense = layers.filter((l) => l.class_name !== 'InputLayer');
  let offset = 0;
  let spec = 0;
  const out: DenseLayer[] = [];
  const take = (count: number, what: string): Float32Array => {
    const s = specs[spec++];
    if (!s || s.dtype !== 'float32') throw new BundleError(`${where}: weight ${what} missing or not float32`);
    const n = s.shape.reduce((a, b) => a * b, 1);
    if (n !== count) throw new BundleError(`${where}: weight ${s.name} has ${n} values, expected ${count}`);
    if (offset + n * 4 > data.byteLength) throw new BundleError(`${where}: weights.bin is shorter than its manifest`);
    const arr = new Float32Array(data.slice(offset, offset + n * 4));
    offset += n * 4;
    return arr;
  };
  let inSize = -1;
  for (const [i, l] of dense.entries()) {
    if (l.class_name !== 'Dense') throw new BundleError(`${where}: layer ${i} is ${l.class_name}; only Dense MLPs are supported`);
    const act = l.config.activation ?? 'linear';
    if (act !== 'relu' && act !== 'tanh' && act !== 'linear') throw new BundleError(`${where}: activation ${act} is not supported`);
    const units = l.config.units!;
    if (inSize < 0) {
      const s = specs[spec];
      inSize = s ? s.shape[0]! : -1;
    }
    const kernel = take(inSize * units, `kernel of layer ${i}`);
    const bias = l.config.use_bias === false ? new Float32Array(units) : take(units, `bias of layer ${i}`);
    out.push({ inSize, outSize: units, kernel, bias, activation: act as Activation });
    inSize = units;
  }
  if (offset !== data.byteLength) throw new BundleError(`${where}: weights.bin has ${data.byteLength - offset} bytes more than its manifest`);
  return new MlpForward(out);
}

/** Plain-JS copy of a live tfjs model (training loops evaluate and act through it). */
export async function forwardFromModel(model: tfTypes.LayersModel): Promise<MlpForward> {
  const a = networkArtifacts(await modelFiles(model));
  return forwardFromArtifacts(a.modelTopology, a.weightSpecs, a.weightData);
}
