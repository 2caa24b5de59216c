import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEvent, type TranscriptEvent } from '../../core/transcript.js';
import { eventMinutes, summarizeConversation } from '../../core/reward.js';
import { setCallDuration } from '../engine/calls.js';
import { status } from './operator.js';
import { exportTranscript } from './export.js';
import { Pseudonymizer } from '../../transcripts/pseudonym.js';
import { fakeBrain } from '../test-fixtures/fake-brain.js';
import { harness, type Harness } from '../test-fixtures/harness.js';

/** Exports the store to a temporary file and reads it back; every line must be a valid event. */
async function exported(store: Harness['store']): Promise<{ r: Awaited<ReturnType<typeof exportTranscript>>; events: TranscriptEvent[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'dealerbot-export-'));
  try {
    const out = join(dir, 'log.jsonl');
    const r = await exportTranscript(store, 'test-key', out);
    const events = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TranscriptEvent);
    for (const e of events) expect(parseEvent(e).ok, JSON.stringify(e)).toBe(true);
    return { r, events };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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

  it('carries the dealer\'s calls with duration_s, and the reward of the log counts them as the simulator does', async () => {
    const h = harness({ brain: fakeBrain({ prefer: 'ask_call' }) });
    h.say('+32470112233', 'coke te koop');
    await h.run(600_000);
    h.engine.acceptCall({ transport: 'twilio-voice', id: 'CA1', from: '+32470112233' });
    setCallDuration(h.store, 'twilio-voice', 'CA1', 90);
    h.engine.acceptCall({ transport: 'twilio-voice', id: 'CA2', from: '+32470112233' }); // no status callback came
    const { r, events } = await exported(h.store);
    const calls = events.filter((e) => e.kind === 'call');
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ direction: 'in', text: '', duration_s: 90 });
    expect(calls[1]!.duration_s).toBeUndefined();
    expect(r).toMatchObject({ calls: 2, meetings: 0, messages: events.filter((e) => e.kind === 'sms').length });
    // the simulator's reward: 0.5 + 90/60 for the call, 0.5 for the one without a duration
    expect(calls.map((e) => eventMinutes(e))).toEqual([2, 0.5]);
    expect(summarizeConversation(events).calls).toBe(2);
    expect(status(h.store, h.clock.now())).toMatchObject({ calls: { count: 2, seconds: 90 }, meetings: 0 });
  });
});

describe('export and delivery states (transcript v1.3)', () => {
  it('writes each reply\'s reported delivery state, leaves it out when there is none, and counts them', async () => {
    const h = harness();
    h.say('+32470112233', 'coke te koop');
    await h.run(3_600_000);
    h.say('+32470998877', 'weed te koop');
    await h.run(3_600_000);
    const [a, b] = h.store.outboxInState('sent');
    h.store.setDelivery(a!.id, 'undelivered', h.clock.now(), '30003');
    const dir = mkdtempSync(join(tmpdir(), 'dealerbot-export-'));
    try {
      const out = join(dir, 'log.jsonl');
      const r = await exportTranscript(h.store, 'test-key', out);
      const outs = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.direction === 'out');
      expect(outs.map((e) => e.delivery)).toEqual(['undelivered', undefined]);
      expect(r.delivery).toMatchObject({ undelivered: 1, unknown: 1, delivered: 0 });
      expect(b!.delivery).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a transcript line with a delivery state it does not know is refused with one line', () => {
    const e = { conversation: 'c', counterpart: 'p_0123456789abcdef', ts: '2026-10-03T21:14:00.000Z', direction: 'out', kind: 'sms', text: 'x', delivery: 'read' };
    expect(parseEvent(e)).toEqual({ ok: false, error: 'delivery: delivery must be one of accepted, queued, sent, delivered, undelivered, failed' });
    expect(parseEvent({ ...e, delivery: undefined }).ok).toBe(true); // 1.2 and older: no field
  });
});

describe('export and why the bot is silent (transcript v1.4)', () => {
  it('writes `silence` on each conversation\'s last event only, and counts the conversations per reason', async () => {
    const h = harness({ brain: fakeBrain({ prefer: 'ask_price' }) });
    h.say('+32470112233', 'coke te koop');
    await h.run(4 * 24 * 3_600_000); // three of ours unanswered: capped
    h.say('+32470998877', 'hey'); // not a promo
    h.say('+32470445566', 'coke te koop'); // its reply is scheduled
    const { r, events } = await exported(h.store);
    const byConversation = new Map<string, TranscriptEvent[]>();
    for (const e of events) byConversation.set(e.conversation, [...(byConversation.get(e.conversation) ?? []), e]);
    const ends = [...byConversation.values()].map((es) => {
      expect(es.slice(0, -1).filter((e) => e.silence !== undefined)).toEqual([]);
      return es.at(-1)!.silence;
    });
    expect(ends).toEqual(['capped', 'not_a_promo', 'waiting']);
    expect(r.silence).toEqual({ not_a_promo: 1, stopped: 0, escalated: 0, denied: 0, deciding: 0, review: 0, waiting: 1, capped: 1, answering: 0, stalled: 0 });
  });
});
