import { describe, expect, it } from 'vitest';
import { InputError } from '../../lib/errors.js';
import { labelOfActExample, loadSafetySet, parseSafetyFile, SAFETY_LABELS, safetyTrainingSet } from './data.js';

describe('data/safety sets', () => {
  it('load with every label present in train and validation', () => {
    for (const name of ['train', 'validation'] as const) {
      const set = loadSafetySet(name);
      for (const l of SAFETY_LABELS) expect(set.filter((e) => e.label === l).length, `${name}: ${l}`).toBeGreaterThan(20);
    }
  });

  it('share no text between train and validation', () => {
    const train = new Set(loadSafetySet('train').map((e) => e.text.toLowerCase()));
    expect(loadSafetySet('validation').filter((e) => train.has(e.text.toLowerCase()))).toEqual([]);
  });

  it('name file and line of a bad line, and refuse a duplicate text', () => {
    expect(() => parseSafetyFile('s.jsonl', '{"text": "a", "lang": "nl", "label": "ordinary"}\n{"text": "b", "lang": "nl", "label": "rude"}'))
      .toThrow(/^s\.jsonl:2: label: /);
    expect(() => parseSafetyFile('s.jsonl', 'nope')).toThrow(InputError);
    expect(() => parseSafetyFile('s.jsonl', '{"text": "a", "lang": "nl", "label": "ordinary"}\n\n{"text": "a", "lang": "en", "label": "promo"}'))
      .toThrow(/^s\.jsonl:3: duplicate text "a" \(also on line 1\)/);
  });
});

describe('safetyTrainingSet', () => {
  const train = [
    { text: 'Stop', lang: 'en' as const, label: 'opt_out' as const },
    { text: 'hoeveel', lang: 'nl' as const, label: 'ordinary' as const },
  ];
  const acts = [
    { text: 'STOP', act: 'opt_out' as const, lang: 'nl' as const },
    { text: 'ik ben 15 wa kost da', act: 'price' as const, lang: 'nl' as const, minor: true },
    { text: 'wa kost da', act: 'price' as const, lang: 'nl' as const },
    { text: 'held back', act: 'other' as const, lang: 'en' as const },
  ];

  it('relabels act examples, keeps their act on ordinary ones, and drops duplicates and excluded texts', () => {
    const set = safetyTrainingSet({ train, actExamples: acts, exclude: [{ text: 'Held Back', lang: 'en', label: 'ordinary' }] });
    expect(set).toEqual([
      train[0],
      train[1],
      { text: 'ik ben 15 wa kost da', lang: 'nl', label: 'minor' },
      { text: 'wa kost da', lang: 'nl', label: 'ordinary', act: 'price' },
    ]);
  });

  it('maps dealer acts to safety labels', () => {
    expect(labelOfActExample({ text: 'x', act: 'threat', lang: 'nl' })).toBe('threat');
    expect(labelOfActExample({ text: 'x', act: 'promo', lang: 'nl' })).toBe('promo');
    expect(labelOfActExample({ text: 'x', act: 'opt_out', lang: 'nl', minor: true })).toBe('minor');
    expect(labelOfActExample({ text: 'x', act: 'suspicion', lang: 'nl' })).toBe('ordinary');
  });

  it('never holds a validation text (the shipped training set)', () => {
    const val = loadSafetySet('validation');
    const keys = new Set(safetyTrainingSet({ exclude: val }).map((e) => e.text.trim().toLowerCase()));
    expect(val.filter((e) => keys.has(e.text.trim().toLowerCase()))).toEqual([]);
  });
});
