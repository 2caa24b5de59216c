import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
    await expect(loadBundle(d, { features })).rejects.toThrow(/policy\.json: features: normalisation std #3 is 0: std must be positive/);
    await edit((q) => q.features.mean.pop());
    await expect(loadBundle(d, { features })).rejects.toThrow(/4 means and 5 stds for 5 features/);
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
