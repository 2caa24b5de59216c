import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEALER_ACTS } from '../core/acts.js';
import { classifierFromModel, createClassifier, loadClassifier, trainModel } from './classifier.js';
import { loadDataset, splitDataset } from './dataset.js';
import { datasetFingerprint, decodeModel, encodeModel, RETRAIN_HINT, shippedModelPath } from './model-file.js';

describe('shipped model file (nlu/model.json)', () => {
  const all = loadDataset();
  const shippedText = readFileSync(shippedModelPath(), 'utf8');
  const shipped = JSON.parse(shippedText) as { training: { dataset: string } };
  const trained = trainModel(all);

  it('was trained on the current data set', () => {
    expect(shipped.training.dataset, `the data set changed since model.json was trained: ${RETRAIN_HINT}`).toBe(datasetFingerprint(all));
  });

  it('is byte-identical to a retrain with the current data set and feature/training code', () => {
    const fresh = encodeModel(trained.model, trained.meta);
    expect(fresh === shippedText, `model.json is stale against the feature or training code: ${RETRAIN_HINT}`).toBe(true);
  });

  it('predicts exactly what a freshly trained classifier predicts on the held-out texts', () => {
    const fromFile = loadClassifier();
    const fresh = classifierFromModel(trained.model, trained.featurizer, all.length);
    expect(fromFile.trainedOn).toBe(all.length);
    const { heldOut } = splitDataset(all);
    expect(heldOut.length).toBeGreaterThan(100);
    for (const e of heldOut) expect(fromFile.explain(e.text)).toEqual(fresh.explain(e.text));
  });
});

describe('model file encoding', () => {
  const small = loadDataset().filter((_, i) => i % 4 === 0);
  const { model, meta } = trainModel(small, { epochs: 3, seed: 5 });
  const text = encodeModel(model, meta);

  it('round-trips the weights exactly and stores only the buckets in use', () => {
    const back = decodeModel(text);
    // byte comparison of the dense weights: a deep equal over 900k floats takes seconds
    const dense = (m: typeof model) => {
      const out = new Float32Array(m.dim * m.classes);
      for (let b = 0; b < m.dim; b++) if (m.rowOf[b]! >= 0) out.set(m.weightsOf(b)!, b * m.classes);
      return Buffer.from(out.buffer);
    };
    expect(dense(back.model).equals(dense(model))).toBe(true);
    expect(Buffer.from(back.model.bias.buffer).equals(Buffer.from(model.bias.buffer))).toBe(true);
    expect(back.meta).toEqual(meta);
    const used = Buffer.from((JSON.parse(text) as { buckets: string }).buckets, 'base64').length / 4;
    expect(used).toBeGreaterThan(100);
    expect(used).toBeLessThan(model.dim / 2);
    const a = classifierFromModel(back.model, back.featurizer, small.length);
    const b = createClassifier(small, { epochs: 3, seed: 5 });
    for (const t of ['wa kost da', 'STOP', 'ik sta aan de ingang']) expect(a.explain(t)).toEqual(b.explain(t));
  });

  const edit = (f: (o: Record<string, unknown>) => void): string => {
    const o = JSON.parse(text) as Record<string, unknown>;
    f(o);
    return JSON.stringify(o);
  };

  it('refuses a model for other acts, other feature code or damaged weights, naming the fix', () => {
    expect(() => decodeModel('{', 'm.json')).toThrow(/^m\.json: not valid JSON; run `npm run nlu:train`/);
    expect(() => decodeModel(edit((o) => (o.acts = [...DEALER_ACTS].reverse())), 'm.json')).toThrow(/acts .* differ from core\/acts\.ts/);
    expect(() =>
      decodeModel(edit((o) => ((o.features as { options: { charWeight: number } }).options.charWeight = 0.25)), 'm.json'),
    ).toThrow(/feature code changed since this model was trained; run `npm run nlu:train`/);
    expect(() => decodeModel(edit((o) => (o.weights = (o.weights as string).slice(0, 400))), 'm.json')).toThrow(/weights hold \d+ bytes|\d+ weights for \d+ rows/);
    expect(() => decodeModel(edit((o) => (o.format = 'other')), 'm.json')).toThrow(/^m\.json: format: /);
  });
});
