import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../core/transcript.js';
import { exportTranscript } from './export.js';
import { Pseudonymizer } from '../../transcripts/pseudonym.js';
import { fakeBrain } from '../test-fixtures/fake-brain.js';
import { harness } from '../test-fixtures/harness.js';

describe('export', () => {
  it('writes valid transcript v1 with act, tactic, propensity and policy, and no raw numbers', async () => {
    const h = harness({ brain: fakeBrain({ silenceMs: 3_600_000 }) });
    h.say('+32470112233', 'coke te koop');
    await h.run(3_600_000);
    h.say('+32470112233', '50 euro');
    await h.run(6 * 3_600_000);
    h.say('0470 99 88 77', 'hey'); // ignored number: its message is still logged
    const dir = mkdtempSync(join(tmpdir(), 'dealerbot-export-'));
    try {
      const out = join(dir, 'log.jsonl');
      const r = await exportTranscript(h.store, 'test-key', out);
      const text = readFileSync(out, 'utf8');
      expect(text).not.toMatch(/470112233|470998877/);
      const events = text.trim().split('\n').map((l) => JSON.parse(l));
      for (const e of events) expect(parseEvent(e).ok, JSON.stringify(e)).toBe(true);
      expect(r.conversations).toBe(2);
      expect(r.messages).toBe(events.filter((e) => e.kind === 'sms').length);
      const outs = events.filter((e) => e.direction === 'out');
      expect(outs.length).toBeGreaterThanOrEqual(2);
      for (const e of outs) expect(e).toMatchObject({ policy: 'fake-policy', tactic: expect.any(String), propensity: expect.any(Number) });
      expect(events.find((e) => e.direction === 'in')).toMatchObject({ act: 'promo', counterpart: new Pseudonymizer(Buffer.from('test-key')).ofE164('+32470112233') });
      // the language the NLU read when deciding travels with each incoming message (transcript 1.2)
      const ins = events.filter((e) => e.direction === 'in' && e.kind === 'sms');
      expect(ins.length).toBeGreaterThanOrEqual(2);
      for (const e of ins) expect(['nl', 'en'], JSON.stringify(e)).toContain(e.lang);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
