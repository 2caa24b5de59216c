import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runChat } from './chat.js';
import { fakeBrain } from '../test-fixtures/fake-brain.js';

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
