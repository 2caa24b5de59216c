import { DEALER } from './dealer-coefficients.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { TranscriptEvent } from '../../core/transcript.js';
import { estimate, mixOf } from './fit.js';
import { defaultPersonaMix, loadPersonaMix, type Persona } from './persona.js';
import { baselinePolicy } from './policies/index.js';
import { runFit } from './run-fit.js';
import { simulatePolicy } from './simulate.js';

const dir = mkdtempSync(join(tmpdir(), 'simfit-'));
const personas = defaultPersonaMix().personas.map((p) => p.persona);

function logsOf(p: Persona, episodes: number, seed: number): TranscriptEvent[] {
  const ev: TranscriptEvent[] = [];
  simulatePolicy(baselinePolicy('heuristic'), { mix: mixOf(p, p.id), episodes, seed, epsilon: 0.3, onConversation: (c) => ev.push(...c) });
  return ev;
}

const sink = () => {
  let text = '';
  return { io: { stdout: new Writable({ write: (c, _e, cb) => ((text += String(c)), cb()) }), stderr: new Writable({ write: (_c, _e, cb) => cb() }) }, text: () => text };
};

describe('calibration (sim fit)', () => {
  // Stated tolerances (absolute): delay mu 0.2, sigma 0.1, busy·workload 0.25, reply 0.05,
  // call propensity 0.08, call log-duration 0.1, chattiness 0.15, greed 0.1, meeting propensity
  // 0.2 (biased low: attendance also falls with the dealer's unobserved suspicion), double-text
  // answer factor 0.15.
  for (const id of ['chatty', 'caller']) {
    it(`recovers the parameters of the ${id} persona from its logs`, () => {
      const p = personas.find((x) => x.id === id)!;
      const e = estimate(logsOf(p, 700, 21));
      expect(e.lang).toBe(p.lang);
      expect(Math.abs(e.delay.mu - p.delay.mu)).toBeLessThan(0.2);
      expect(Math.abs(e.delay.sigma - p.delay.sigma)).toBeLessThan(0.1);
      expect(Math.abs(e.delay.busy - p.busyDelay * p.workload)).toBeLessThan(0.25);
      expect(Math.abs(e.replyProb.value - p.replyProb)).toBeLessThan(0.05);
      expect(Math.abs(e.doubleTextReply.value - p.doubleTextReply)).toBeLessThan(0.15);
      expect(Math.abs(e.callProb.value - p.callProb)).toBeLessThan(0.08);
      // no call connects while DEALER.call.connected is 0 (a call is a missed call): no duration to fit
      if (DEALER.call.connected === 0) expect(e.callMu.n).toBe(0);
      else expect(Math.abs(e.callMu.value - p.callMu)).toBeLessThan(0.1);
      expect(Math.abs(e.chattiness.value - p.chattiness)).toBeLessThan(0.15);
      expect(Math.abs(e.greed.value - p.greed)).toBeLessThan(0.1);
      expect(Math.abs(e.meetProb.value - p.meetProb)).toBeLessThan(0.2);
    });
  }

  it('recovers a double-text answer factor away from the default', () => {
    const p = { ...personas.find((x) => x.id === 'caller')!, doubleTextReply: 0.35 };
    const e = estimate(logsOf(p, 700, 22));
    expect(e.doubleTextReply.n).toBeGreaterThan(200);
    expect(Math.abs(e.doubleTextReply.value - 0.35)).toBeLessThan(0.15);
  });

  it('tells two different personas apart', () => {
    const a = estimate(logsOf(personas.find((x) => x.id === 'chatty')!, 300, 2));
    const b = estimate(logsOf(personas.find((x) => x.id === 'caller')!, 300, 2));
    expect(b.callProb.value - a.callProb.value).toBeGreaterThan(0.4);
    expect(a.chattiness.value - b.chattiness.value).toBeGreaterThan(0.8);
  });

  it('writes a loadable persona mix and compares the fitted simulator with the logs', () => {
    const data = join(dir, 'logs.jsonl');
    writeFileSync(data, logsOf(personas.find((x) => x.id === 'greedy_street')!, 300, 4).map((e) => JSON.stringify(e)).join('\n') + '\n');
    const out = join(dir, 'fitted.json');
    const s = sink();
    const report = runFit({ data, out, episodes: 300, json: true }, s.io);
    expect(JSON.parse(s.text())).toMatchObject({ out, conversations: 300 });
    const mix = loadPersonaMix(out);
    expect(mix.personas[0]!.persona.lang).toBe('en');
    const { logged, simulated } = report.check;
    expect(simulated.dealer_minutes.mean).toBeGreaterThan(0.7 * logged.dealer_minutes.mean);
    expect(simulated.dealer_minutes.mean).toBeLessThan(1.3 * logged.dealer_minutes.mean);
    expect(Math.abs(simulated.delay_minutes.p50 / logged.delay_minutes.p50 - 1)).toBeLessThan(0.2);
  });

  it('names file, line and reason for a bad transcript line', () => {
    const data = join(dir, 'bad.jsonl');
    writeFileSync(data, '{"conversation":"c","counterpart":"p_0123456789abcdef","ts":"2026-10-01T10:00:00.000Z","direction":"in","kind":"sms","text":"yo"}\n{"conversation":"c","counterpart":"bob","ts":"2026-10-01T10:00:00.000Z","direction":"in","kind":"sms","text":"x"}\n');
    expect(() => runFit({ data, out: join(dir, 'x.json') }, sink().io)).toThrow(`${data}:2: counterpart: counterpart must be a pseudonym p_ + 16 hex`);
  });
});
