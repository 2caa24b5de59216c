import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runChat } from './chat.js';
import { fakeBrain } from '../test-fixtures/fake-brain.js';
import { ManualClock } from '../engine/clock.js';

function io() {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c) => chunks.push(String(c)));
  return { io: { stdout: out, stderr: out }, text: () => chunks.join('') };
}

describe('chat', () => {
  it('answers each dealer line after a fast-forwarded delay and explains the decision', async () => {
    const o = io();
    const r = await runChat({ brain: fakeBrain(), input: Readable.from(['coke te koop\n', '50 euro\n']), io: o.io, explain: true });
    expect(r).toEqual({ dealer: 2, bot: 2 });
    const t = o.text();
    expect(t).toMatch(/act: promo \(0\.90\)/);
    expect(t).toMatch(/act: price/);
    expect(t).toMatch(/chose \w+ \(p=0\.\d\d\); probabilities: /);
    expect(t).toMatch(/masked now: .*confirm_meeting \(no meeting has been proposed yet\)/);
    expect(t.match(/bot: ok/g)).toHaveLength(2);
  });

  it('stops for good after STOP', async () => {
    const o = io();
    const r = await runChat({ brain: fakeBrain(), input: Readable.from(['coke te koop\n', 'STOP\n', 'hallo?\n']), io: o.io });
    expect(r).toEqual({ dealer: 3, bot: 1 });
    expect(o.text()).toContain('will not write to this number again: stopped');
  });
});

describe('chat /wait', () => {
  it('lets time pass: the follow-up after an unanswered reply goes out, at the local time shown', async () => {
    const o = io();
    // 14:00 in Brussels (13:00 UTC in December): the follow-up falls before the quiet hours
    const clock = new ManualClock(Date.parse('2026-12-04T13:00:00Z'));
    const r = await runChat({ brain: fakeBrain(), clock, input: Readable.from(['coke te koop\n', '/wait 600\n', '/wiat 5\n']), io: o.io });
    const t = o.text();
    // the reply, then the follow-up decided 2-6 h after it (core/schedule.ts) and sent after its
    // typing delay, both printed in local time
    expect(r).toEqual({ dealer: 1, bot: 2 });
    const times = [...t.matchAll(/\[(\d\d):(\d\d)\] bot:/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    expect(times[0]).toBeGreaterThanOrEqual(14 * 60);
    expect(times[0]).toBeLessThan(14 * 60 + 30);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(120);
    expect(times[1]! - times[0]!).toBeLessThanOrEqual(600);
    expect(t).toMatch(/\(600 min later: 00:\d\d\)/);
    expect(t).toContain('unknown command "/wiat 5"');
  });
});

describe('chat --lang', () => {
  it('answers in the language asked for, whatever the dealer writes in', async () => {
    const seen: string[] = [];
    const brain = fakeBrain();
    const render = brain.render.bind(brain);
    brain.render = (t, ctx) => (seen.push(ctx.lang), render(t, ctx));
    await runChat({ brain, input: Readable.from(['coke te koop, 60 de gram\n', 'hoeveel wilt ge?\n']), io: io().io, lang: 'en' });
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['en']));
  });
});
