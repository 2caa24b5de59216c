// `serve --seed`: the same dealers, writing in the same order to a fresh database, get the same
// run (tactics, texts, places, delays, follow-up times, persona secret); another seed another run;
// a database that already holds a persona secret keeps it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../engine/clock.js';
import { parseConfig } from '../config.js';
import { fakeBrain } from '../test-fixtures/fake-brain.js';
import { RecordingSender } from '../test-fixtures/harness.js';
import { serveCommand } from './serve-command.js';
import { startServer, type RunningServer } from './serve.js';
import { seededPersonaSecret } from './seed.js';

const NOON = Date.UTC(2026, 0, 5, 11, 0, 0);
const HOUR = 3_600_000;
const DEALERS = ['+32470111111', '+32470222222', '+32470333333'];
const running: RunningServer[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
});

/** Three dealers through a serve on a manual clock; what was sent, and when, for two days. */
async function run(seed: number | undefined) {
  const clock = new ManualClock(NOON);
  const sender = new RecordingSender();
  // settleSeconds 0 and no silence: every dealer message is decided at once, by uniform draws
  const config = parseConfig({ mode: 'auto', settleSeconds: 0, places: ['aan de Meir', 'aan het station', 'aan de kerk'] });
  const s = await startServer({ config, db: ':memory:', brain: fakeBrain(), port: 0, clock, sender, log: () => {}, reportEveryMs: 3_600_000, ...(seed !== undefined ? { seed } : {}) });
  running.push(s);
  for (const d of DEALERS) s.engine.receive({ transport: 'test', from: d, text: 'coke te koop' });
  const end = NOON + 48 * HOUR;
  for (let next = s.store.nextDueMs(); next !== null && next <= end; next = s.store.nextDueMs()) {
    clock.advanceTo(Math.max(next, clock.now()));
    await s.dispatcher.tick();
  }
  const sent = s.store.outboxInState('sent', 1000).map((r) => ({ to: r.number, text: r.text, tactic: r.tactic, sent: r.sent_ms }));
  return { sent, secret: s.store.personaSecret() };
}

describe('serve --seed', () => {
  it('gives the same run for the same seed and another for another seed', async () => {
    const a = await run(11);
    const b = await run(11);
    expect(a.sent.length).toBeGreaterThanOrEqual(DEALERS.length);
    expect(b).toEqual(a);
    expect(a.secret).toBe(seededPersonaSecret(11));
    const c = await run(12);
    expect(c.sent).not.toEqual(a.sent);
    expect(c.secret).not.toBe(a.secret);
  });

  it('without a seed, each run draws its own persona secret', async () => {
    const a = await run(undefined);
    const b = await run(undefined);
    expect(a.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(a.secret).not.toBe(b.secret);
    expect(a.secret).not.toBe(seededPersonaSecret(0));
  });

  it('keeps the persona secret a database already holds (a seeded restart), and the config\'s over the seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealerbot-seed-'));
    try {
      const db = join(dir, 'bot.db');
      const config = parseConfig({ mode: 'auto' });
      const first = await startServer({ config, db, brain: fakeBrain(), port: 0, log: () => {} });
      const held = first.store.personaSecret();
      await first.stop();
      const again = await startServer({ config, db, brain: fakeBrain(), port: 0, seed: 5, log: () => {} });
      running.push(again);
      expect(again.store.personaSecret()).toBe(held);
      const configured = await startServer({ config: parseConfig({ mode: 'auto', personaSecret: 'from the config file, 16+' }), db: ':memory:', brain: fakeBrain(), port: 0, seed: 5, log: () => {} });
      running.push(configured);
      // the config's secret is the one used: the seeded one was never stored
      expect(configured.store.personaSecret()).not.toBe(seededPersonaSecret(5));
    } finally {
      for (const r of running.splice(0)) await r.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the flag reaches the run: serveCommand seeds it and says so on stderr', async () => {
    const before = { INT: process.listeners('SIGINT'), TERM: process.listeners('SIGTERM') };
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const s = await serveCommand({ model: 'unused: the brain is given', db: ':memory:', port: 0, seed: 3 }, fakeBrain());
      running.push(s);
      expect(s.store.personaSecret()).toBe(seededPersonaSecret(3));
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toContain('--seed 3: draws are reproducible');
    } finally {
      err.mockRestore();
      // serveCommand's shutdown handlers belong to a real process, not to the test worker
      for (const sig of ['SIGINT', 'SIGTERM'] as const)
        for (const l of process.listeners(sig)) if (!before[sig === 'SIGINT' ? 'INT' : 'TERM'].includes(l)) process.removeListener(sig, l);
    }
  });
});
