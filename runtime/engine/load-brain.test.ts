import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TACTICS } from '../../core/tactics.js';
import { ManualClock } from './clock.js';
import { loadBrain } from './load-brain.js';
import { harness, RecordingSender } from '../test-fixtures/harness.js';
import { writeTinyBundle } from '../test-fixtures/tiny-bundle.js';
import { readScripts } from '../test-fixtures/scripted.js';
import { loadClassifier } from '../../nlu/classifier.js';
import { describeSafetyReason } from '../../nlu/safety/reader.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dealerbot-brain-'));
  await writeTinyBundle(join(dir, 'ok'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the live brain (NLU + bundle + features + catalogue)', () => {
  it('answers a Dutch promo in Dutch, logging a real probability, and stops on STOP', async () => {
    const brain = await loadBrain(join(dir, 'ok'));
    const h = harness({ brain, config: { places: ['aan het station'] } });
    h.say('+32470112233', 'Goeie coke en wiet te koop, snelle levering in heel Antwerpen 💯 stuur een berichtje');
    await h.run(48 * 3_600_000);
    const [conv, ...more] = h.store.conversationsOf('+32470112233');
    expect(more).toEqual([]);
    const outs = h.store.events(conv!.id).filter((e) => e.direction === 'out');
    expect(outs.length).toBeGreaterThan(0);
    for (const o of outs) {
      expect(TACTICS).toContain(o.tactic);
      expect(o.propensity).toBeGreaterThan(0);
      expect(o.propensity).toBeLessThanOrEqual(1);
    }
    expect(h.sender.sent.length).toBeGreaterThan(0);
    expect(h.store.conversation(conv!.id)?.lang).toBe('nl');
    const sentBefore = h.sender.sent.length;
    h.say('+32470112233', 'STOP');
    h.say('+32470112233', 'hallo?? waar blijfde');
    await h.run(48 * 3_600_000);
    expect(h.sender.sent.length).toBe(sentBefore);
  });

  it('keeps one bot persona per conversation and never repeats a reply', async () => {
    const brain = await loadBrain(join(dir, 'ok'));
    const h = harness({ brain, config: { places: ['aan het station'] } });
    h.say('+32470112244', 'Promo vandaag: 1g coke 50e, 5g 200e. Levering 7/7 sms naar dit nummer');
    for (let i = 0; i < 25; i++) {
      await h.run(12 * 3_600_000);
      h.say('+32470112244', `ja en? ${i}`);
    }
    const texts = h.sender.sent.map((m) => m.text);

    expect(texts.length).toBeGreaterThan(10);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('never says the same thing twice to a number across restarts', async () => {
    const db = join(dir, 'restarts.db');
    const clock = new ManualClock();
    const sender = new RecordingSender();
    const dealers = ['+32470112250', '+32470112251', '+32470112252', '+32470112253'];
    for (let restart = 0; restart < 8; restart++) {
      // a fresh brain each time: nothing of the last run is left in memory, only the store
      const h = harness({ db, clock, sender, brain: await loadBrain(join(dir, 'ok')), config: { places: ['aan het station'] } });
      for (const d of dealers) h.say(d, restart === 0 ? 'Promo vandaag: 1g coke 50e, 5g 200e. Levering 7/7 sms naar dit nummer' : `en nu? ${restart}`);
      for (let i = 0; i < 3; i++) {
        await h.run(12 * 3_600_000);
        for (const d of dealers) h.say(d, `ja en? ${restart}.${i}`);
      }
      await h.run(12 * 3_600_000);
      h.store.close();
    }
    expect(sender.sent.length).toBeGreaterThan(40);
    for (const d of dealers) {
      const texts = sender.sent.filter((m) => m.to === d).map((m) => m.text);
      expect(new Set(texts).size, `repeats to ${d}`).toBe(texts.length);
    }
  });

  it('classifies a text it has seen before as the classifier does, however often and in whatever order', async () => {
    const brain = await loadBrain(join(dir, 'ok'));
    const nlu = loadClassifier();
    const texts = readScripts().flatMap((s) => s.turns.map((t) => t.text));
    expect(texts.length).toBeGreaterThan(500);
    const asked = [...texts, ...texts.slice().reverse(), 'STOP', 'stop', 'x'.repeat(5000), 'x'.repeat(5000)];
    for (const text of asked) {
      const c = nlu.classify(text);
      expect(brain.classify(text)).toEqual({ act: c.act, confidence: c.confidence, lang: c.lang, safety: c.safety, promo: c.promo, ...(c.safety_reason ? { safetyReason: describeSafetyReason(c.safety_reason) } : {}) });
    }
    // a kept answer is not handed out to be changed: a caller that edits it does not edit the next
    const first = brain.classify(texts[0]!);
    (first as { act: string }).act = 'changed';
    expect(brain.classify(texts[0]!).act).toBe(nlu.classify(texts[0]!).act);
  });

  it('refuses a bundle whose finite weights overflow to probabilities that are not numbers', async () => {
    const bad = join(dir, 'overflow');
    await writeTinyBundle(bad);
    const w = await readFile(join(bad, 'weights.bin'));
    // the last bias: 3e38 on one output and -3e38 on another; the softmax of that is NaN
    w.writeFloatLE(3e38, w.length - 4);
    w.writeFloatLE(3e38, w.length - 8);
    const kernelEnd = w.length - 16 * 4;
    for (let i = 0; i < kernelEnd; i += 4) w.writeFloatLE(3e38, i);
    await writeFile(join(bad, 'weights.bin'), w);
    const policy = JSON.parse(await readFile(join(bad, 'policy.json'), 'utf8'));
    policy.sha256['weights.bin'] = createHash('sha256').update(w).digest('hex');
    await writeFile(join(bad, 'policy.json'), JSON.stringify(policy));
    await expect(loadBrain(bad)).rejects.toThrow(/the policy gives probabilities that are not numbers on an empty conversation/);
  });

  it('refuses a tampered bundle with a message that names the file', async () => {
    const bad = join(dir, 'tampered');
    await writeTinyBundle(bad);
    const w = await readFile(join(bad, 'weights.bin'));
    w[10] ^= 0xff;
    await writeFile(join(bad, 'weights.bin'), w);
    await expect(loadBrain(bad)).rejects.toThrow(/weights\.bin/);
  });
});
