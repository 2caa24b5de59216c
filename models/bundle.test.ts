import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../lib/random.js';
import { TACTICS } from '../core/tactics.js';
import { initBackend } from './backend.js';
import { BundleError, loadBundle, saveBundle, type PolicyMetaInput } from './bundle.js';
import { buildMlp, modelFromArtifacts, snapshotForward } from './mlp.js';
import { outputProbs } from './policy.js';

const names = ['f0', 'f1', 'f2', 'f3', 'f4'];
const features = { version: 3, names };
let dir: string;
let model: tf.LayersModel;

const meta = (over: Partial<PolicyMetaInput> = {}): PolicyMetaInput => ({
  created: '2026-01-01T00:00:00.000Z',
  algo: 'bc',
  features: { version: 3, names, mean: [0, 1, 0, 0, 2], std: [1, 2, 1, 0.5, 1] },
  tactics: [...TACTICS],
  output: 'logits',
  temperature: 0.7,
  epsilon: 0.1,
  training: { data: 'toy.jsonl', personas: null, seed: 1, steps: 10, metrics: {} },
  ...over,
});

function inputs(n: number, seed: number): Float32Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Float32Array.from({ length: names.length }, () => rng.normal() * 3));
}

beforeAll(async () => {
  await initBackend({ log: null });
  dir = await mkdtemp(join(tmpdir(), 'bundle-'));
  model = buildMlp({ inputSize: 5, hidden: [32, 32], outputs: 16 }, new Rng(7));
  await saveBundle(join(dir, 'b'), model, meta());
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('policy bundle v1', () => {
  it('writes the files and the policy.json fields of DESIGN.md', async () => {
    const p = JSON.parse(await readFile(join(dir, 'b', 'policy.json'), 'utf8'));
    expect(p.format).toBe('dealerbot-policy');
    expect(p.version).toBe(1);
    expect(p.id).toMatch(/^bc-[0-9a-f]{12}$/);
    expect(Object.keys(p.sha256).sort()).toEqual(['model.json', 'weights.bin']);
    expect(p.features.names).toEqual(names);
    const m = JSON.parse(await readFile(join(dir, 'b', 'model.json'), 'utf8'));
    expect(m.weightsManifest[0].paths).toEqual(['weights.bin']);
  });

  it('save → load gives the same outputs in tfjs and in the plain-JS fast path', async () => {
    const b = await loadBundle(join(dir, 'b'), { features });
    const reloaded = await modelFromArtifacts(b.artifacts);
    const live = snapshotForward(model);
    const mean = [0, 1, 0, 0, 2];
    const std = [1, 2, 1, 0.5, 1];
    for (const x of inputs(20, 3)) {
      const xn = Float32Array.from(x, (v, i) => (v - mean[i]!) / std[i]!);
      const tfOut = tf.tidy(() => (reloaded.predict(tf.tensor2d(xn, [1, 5])) as tf.Tensor).dataSync());
      const tfOrig = tf.tidy(() => (model.predict(tf.tensor2d(xn, [1, 5])) as tf.Tensor).dataSync());
      expect(Array.from(tfOut)).toEqual(Array.from(tfOrig)); // bit-identical weights after reload
      const js = b.policy.outputs(x);
      const jsLive = live.forward(xn);
      for (let k = 0; k < 16; k++) {
        expect(js[k]).toBeCloseTo(tfOut[k]!, 5);
        expect(jsLive[k]).toBeCloseTo(tfOut[k]!, 5);
      }
      const mask = new Uint8Array(16).fill(1);
      mask[3] = 0;
      const p = b.policy.probs(x, mask);
      const want = outputProbs(tfOut, mask, { temperature: 0.7, epsilon: 0.1 });
      for (let k = 0; k < 16; k++) expect(p[k]).toBeCloseTo(want[k]!, 6);
      expect(p[3]).toBe(0);
      expect(p.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 12);
    }
  });

  it('refuses a bundle with one changed byte in weights.bin', async () => {
    const d = join(dir, 'tampered');
    await saveBundle(d, model, meta());
    const w = await readFile(join(d, 'weights.bin'));
    w[17] = w[17]! ^ 1;
    await writeFile(join(d, 'weights.bin'), w);
    await expect(loadBundle(d, { features })).rejects.toThrow(/weights\.bin: sha256 .* does not match/);
  });

  it('refuses a wrong feature version, different feature names, or a different tactic list', async () => {
    await expect(loadBundle(join(dir, 'b'), { features: { version: 4, names } })).rejects.toThrow(/feature version 3 but this code encodes features version 4; retrain/);
    await expect(loadBundle(join(dir, 'b'), { features: { version: 3, names: ['f0', 'f1', 'x', 'f3', 'f4'] } })).rejects.toThrow(/#2 is "f2" in the bundle, "x" in the code/);
    const swapped = [...TACTICS];
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    await expect(loadBundle(join(dir, 'b'), { features, tactics: swapped })).rejects.toThrow(BundleError);
    await expect(loadBundle(join(dir, 'b'), { features, tactics: swapped })).rejects.toThrow(/tactic list differs .*#0/);
  });

  it('refuses a policy.json whose normalisation was damaged (policy.json carries no hash of its own)', async () => {
    const d = join(dir, 'bad-norm');
    await saveBundle(d, model, meta());
    const p = JSON.parse(await readFile(join(d, 'policy.json'), 'utf8'));
    const edit = async (f: (x: typeof p) => void) => {
      const q = structuredClone(p);
      f(q);
      await writeFile(join(d, 'policy.json'), JSON.stringify(q));
    };
    await edit((q) => (q.features.std[3] = 0));
    await expect(loadBundle(d, { features })).rejects.toThrow(/policy\.json: features\.std\[3\] \(\w+\) is 0; every std must be a finite number > 0/);
    await edit((q) => q.features.mean.pop());
    await expect(loadBundle(d, { features })).rejects.toThrow(/features\.mean must be a list of 5 numbers \(one per feature name\), got 4/);
    await edit((q) => (q.features.mean[0] = null));
    await expect(loadBundle(d, { features })).rejects.toThrow(BundleError);
    await expect(saveBundle(join(dir, 'never'), model, meta({ features: { version: 3, names, mean: [0, 0, 0, 0, 0], std: [1, 1, -1, 1, 1] } }))).rejects.toThrow(/std #2 is -1/);
  });

  it('ε-greedy over Q puts 1 − ε + ε/n on the best allowed action', () => {
    const q = [5, 1, 9, 2];
    const p = outputProbs(q, Uint8Array.from([1, 1, 0, 1]), { temperature: 0, epsilon: 0.3 });
    expect(Array.from(p)).toEqual([0.7 + 0.1, 0.1, 0, 0.1].map((v) => expect.closeTo(v, 12)));
  });
});

/** A copy of the good bundle changed by `edit`, with the hashes recomputed so that it loads that far. */
async function forged(name: string, edit: (files: { policy: Record<string, any>; model: Record<string, any>; weights: Buffer }) => void | Promise<void>): Promise<string> {
  const d = join(dir, name);
  await cp(join(dir, 'b'), d, { recursive: true });
  const files = {
    policy: JSON.parse(await readFile(join(d, 'policy.json'), 'utf8')),
    model: JSON.parse(await readFile(join(d, 'model.json'), 'utf8')),
    weights: await readFile(join(d, 'weights.bin')),
  };
  await edit(files);
  const modelJson = JSON.stringify(files.model);
  const hash = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
  files.policy.sha256 = { 'model.json': hash(modelJson), 'weights.bin': hash(files.weights) };
  await writeFile(join(d, 'model.json'), modelJson);
  await writeFile(join(d, 'weights.bin'), files.weights);
  await writeFile(join(d, 'policy.json'), JSON.stringify(files.policy));
  return d;
}

/** The one-line error loadBundle gives for a bundle folder. */
async function refusal(d: string): Promise<string> {
  const e = await loadBundle(d, { features }).then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(BundleError);
  const m = (e as Error).message;
  expect(m).not.toContain('\n');
  return m;
}

describe('a bundle is checked before it is trusted', () => {
  it('refuses a NaN or infinite weight, naming the file, the layer and what to do', async () => {
    const nan = await forged('nan', ({ weights }) => void weights.writeFloatLE(NaN, 4 * 7));
    expect(await refusal(nan)).toMatch(/weights\.bin: the kernel of layer 0 holds NaN at index 7; every weight must be a finite number .*retrain/);
    const inf = await forged('inf', ({ weights }) => void weights.writeFloatLE(Infinity, weights.length - 4));
    expect(await refusal(inf)).toMatch(/weights\.bin: the bias of layer 2 holds Infinity at index 15/);
  });

  it('refuses a std of 0, a missing features.std, a NaN mean and normalisation of the wrong length', async () => {
    const zero = await forged('std0', ({ policy }) => void (policy.features.std[3] = 0));
    expect(await refusal(zero)).toMatch(/policy\.json: features\.std\[3\] \(f3\) is 0; every std must be a finite number > 0 .*re-export it with dealerbot train/);
    const missing = await forged('nostd', ({ policy }) => void delete policy.features.std);
    expect(await refusal(missing)).toMatch(/policy\.json: features\.std is missing; the bundle needs one mean and one positive std per feature/);
    const nanMean = await forged('nanmean', ({ policy }) => void (policy.features.mean[1] = 'NaN'));
    expect(await refusal(nanMean)).toMatch(/features\.mean\[1\] \(f1\) is "NaN"; every mean must be a finite number/);
    const short = await forged('short', ({ policy }) => void policy.features.std.pop());
    expect(await refusal(short)).toMatch(/features\.std must be a list of 5 numbers \(one per feature name\), got 4/);
  });

  it('refuses an absurd layer from its declared shape, before allocating it', async () => {
    const huge = await forged('huge', ({ model }) => {
      model.modelTopology.config.layers[1].config.units = 1_000_000_000;
      model.weightsManifest[0].weights[2].shape = [32, 1_000_000_000];
    });
    expect(await refusal(huge)).toMatch(/model\.json: layer 1 declares 1000000000 units; a layer of this dealerbot has 1 to 4096/);
    const wide = await forged('wide', ({ model }) => {
      model.modelTopology.config.layers[1].config.units = 4000;
      model.weightsManifest[0].weights[2].shape = [32, 4000];
      model.weightsManifest[0].weights[3].shape = [4000];
      model.weightsManifest[0].weights[4].shape = [4000, 16];
    });
    expect(await refusal(wide)).toMatch(/model\.json: the layers need \d+ bytes of weights but weights\.bin has \d+/);
  });

  it('refuses a network whose inputs or outputs do not match the feature names or the tactic list', async () => {
    const inputs = await forged('inputs', ({ policy }) => {
      policy.features.names.push('f5');
      policy.features.mean.push(0);
      policy.features.std.push(1);
    });
    const e = await loadBundle(inputs, { features: { version: 3, names: [...names, 'f5'] } }).catch((x: Error) => x);
    expect((e as Error).message).toMatch(/model\.json: network takes 5 inputs but policy\.json names 6 features/);
    const outputs = await forged('outputs', ({ policy }) => void policy.tactics.pop());
    const o = await loadBundle(outputs, { features, tactics: TACTICS.slice(0, -1) }).catch((x: Error) => x);
    expect((o as Error).message).toMatch(/model\.json: network has 16 outputs but policy\.json lists 15 tactics/);
  });

  it('never prints the bytes of what policy.json turns out to be', async () => {
    const d = join(dir, 'symlinked');
    await cp(join(dir, 'b'), d, { recursive: true });
    const secret = join(dir, 'secret.txt');
    await writeFile(secret, 'root:x:0:0:root:/root:/bin/bash\nalice:$6$hash:1000\n');
    await unlink(join(d, 'policy.json'));
    await symlink(secret, join(d, 'policy.json'));
    const m = await refusal(d);
    expect(m).toBe(`${join(d, 'policy.json')}: not a valid policy.json (JSON parse error at line 1, column 1); copy the bundle again or re-export it (dealerbot train)`);
    await writeFile(secret, 'null');
    expect(await refusal(d)).toMatch(/not a valid policy\.json \(a JSON value, not an object\)/);
    await unlink(join(d, 'policy.json'));
    await symlink('/dev/zero', join(d, 'policy.json'));
    expect(await refusal(d)).toMatch(/policy\.json: not a regular file \(a device, pipe or socket\)/);
  });
});

