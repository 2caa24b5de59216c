import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TextFeaturizer } from '../text-features.js';
import { loadSafetySet, safetyTrainingSet } from './data.js';
import { DEFAULT_SAFETY_TRAIN, safetyDatasetFingerprint } from './model.js';
import { decodeSafetyModel, encodeSafetyModel, rulesFingerprint, shippedSafetyModelPath } from './model-file.js';
import { loadSafetyReader, safetyReaderFrom } from './reader.js';
import { fitSafetyModel } from './train.js';

describe('shipped safety model (nlu/safety/model.json)', () => {
  const text = readFileSync(shippedSafetyModelPath(), 'utf8');
  const shipped = JSON.parse(text) as { training: { dataset: string }; validation: { dataset: string }; rules: string };
  const validation = loadSafetySet('validation');
  const fresh = fitSafetyModel();

  it('was trained on the current data, chosen on the current validation set and rules', () => {
    const hint = 'run `npm run nlu:train` and commit nlu/safety/model.json';
    expect(shipped.training.dataset, `the training data changed: ${hint}`).toBe(safetyDatasetFingerprint(safetyTrainingSet({ exclude: validation })));
    expect(shipped.validation.dataset, `validation.jsonl changed: ${hint}`).toBe(safetyDatasetFingerprint(validation));
    expect(shipped.rules, `the rules changed (thresholds depend on them): ${hint}`).toBe(rulesFingerprint());
  });

  it('is byte-identical to a rebuild with the current data and code', () => {
    expect(encodeSafetyModel(fresh) === text, 'nlu/safety/model.json is stale: run `npm run nlu:train`').toBe(true);
  });

  it('reads back to a reader that answers like the freshly built one', () => {
    const a = loadSafetyReader();
    const b = safetyReaderFrom(fresh);
    for (const e of validation.slice(0, 60)) expect(a.read(e.text)).toEqual(b.read(e.text));
  });

  it('refuses a damaged file or one built with other feature code, naming the fix', () => {
    const edit = (f: (o: Record<string, unknown>) => void) => {
      const o = JSON.parse(text) as Record<string, unknown>;
      f(o);
      return JSON.stringify(o);
    };
    expect(() => decodeSafetyModel('{', 'm.json')).toThrow(/^m\.json: not valid JSON; run `npm run nlu:train`/);
    expect(() => decodeSafetyModel(edit((o) => (o.classes = ['x'])), 'm.json')).toThrow(/classes \[x\] differ/);
    expect(() => decodeSafetyModel(edit((o) => ((o.features as { conceptWeight: number }).conceptWeight = 0.5)), 'm.json')).toThrow(/safety feature code changed/);
    expect(() => decodeSafetyModel(edit((o) => (o.weights = (o.weights as string).slice(0, 100))), 'm.json')).toThrow(/weights hold \d+ bytes/);
    expect(() => decodeSafetyModel(edit((o) => ((o.thresholds as { threat: number }).threat = 2)), 'm.json')).toThrow(/thresholds\.threat/);
  });

  it('keeps its thresholds inside (0, 1) and its training options', () => {
    const m = decodeSafetyModel(text);
    for (const t of Object.values(m.thresholds)) expect(t > 0 && t <= 1).toBe(true);
    // fixed at 1 by design (model.ts): no engagement on the score alone for a message without a
    // sign of a drug business; a threat without a sign of harm needs a surer score than one with
    expect(m.thresholds.promo_unanchored).toBe(1);
    expect(m.thresholds.threat_unanchored).toBeGreaterThanOrEqual(m.thresholds.threat);
    for (const c of ['opt_out', 'threat', 'minor', 'promo'] as const) expect(m.thresholds[c]).toBeLessThan(1);
    expect(m.meta.train).toEqual(DEFAULT_SAFETY_TRAIN);
    expect(m.featurizer.options).toEqual(new TextFeaturizer().options);
  });
});
