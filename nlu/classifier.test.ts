import { describe, expect, it } from 'vitest';
import { DEALER_ACTS } from '../core/acts.js';
import { createClassifier, loadEvaluationClassifier } from './classifier.js';
import { loadDataset } from './dataset.js';
import { evaluateClassifier } from './evaluate.js';

describe('dealer-act classifier (held-out evaluation)', () => {
  const { classifier, heldOut } = loadEvaluationClassifier();
  const ev = evaluateClassifier(classifier, heldOut);

  it('reaches macro-F1 ≥ 0.85 on the held-out set', () => {
    expect(ev.examples).toBeGreaterThanOrEqual(150);
    expect(ev.macro_f1).toBeGreaterThanOrEqual(0.85);
  });

  it('catches every opt-out, threat and sign of a minor in the held-out set', () => {
    for (const s of Object.values(ev.safety)) expect(s.cases).toBeGreaterThan(0);
    expect(ev.safety.opt_out.missed).toEqual([]);
    expect(ev.safety.threat.missed).toEqual([]);
    expect(ev.safety.minor.missed).toEqual([]);
  });

  it('detects the language of ≥ 90% of held-out messages', () => {
    expect(ev.lang_accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('returns the contract shape with confidence in [0,1]', () => {
    for (const e of heldOut.slice(0, 40)) {
      const r = classifier.classify(e.text);
      expect(Object.keys(r)).toEqual(['text', 'act', 'confidence', 'lang', 'safety', 'safety_reason', 'promo']);
      expect(r.text).toBe(e.text);
      expect(DEALER_ACTS).toContain(r.act);
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('lets the safety rules override the learned act', () => {
    const r = classifier.explain('ik weet waar ge woont, wat kost 1 gram?');
    expect(r.rules).toContain('threat');
    expect(r).toMatchObject({ act: 'threat', confidence: 1, safety: 'escalate' });
    expect(classifier.classify('verkeerd nummer')).toMatchObject({ act: 'opt_out', safety: 'stop' });
    // a minor keeps its act but is escalated
    const m = classifier.explain('ik ben 15, hoeveel kost 1 gram wiet?');
    expect(m.act).toBe(m.model.act);
    expect(m.safety).toBe('escalate');
  });

  it('reads the start and the end of an over-long message', () => {
    const long = 'bla '.repeat(5000);
    expect(classifier.classify(long + 'STOP')).toMatchObject({ act: 'opt_out', safety: 'stop' });
    expect(classifier.classify('ik ben 15 ' + long).safety).toBe('escalate');
    expect(classifier.classify(long).text).toBe(long);
  });

  it('classifies typical messages of each kind', () => {
    expect(classifier.classify('🔥🔥 nieuwe voorraad 🔥🔥 levering heel antwerpen tot 3u, stuur MENU').act).toBe('promo');
    expect(classifier.classify('where u at? been waiting 10 min').act).toBe('where_are_you');
    expect(classifier.classify('bel mij efkes').act).toBe('call');
  });
});

describe('training', () => {
  it('is deterministic for a seed', () => {
    const data = loadDataset().filter((_, i) => i % 3 === 0);
    const a = createClassifier(data, { seed: 7, epochs: 5 });
    const b = createClassifier(data, { seed: 7, epochs: 5 });
    for (const t of ['wa kost da', 'im here where are you', 'ok tot straks']) expect(a.explain(t)).toEqual(b.explain(t));
  });
});
