// /health and status tell the truth: a stored but undecided message, failing decisions,
// failing sends and an unreadable database each turn "ok" into "degraded" or "down" with a
// reason, and the trouble is retried (with backoff) until it goes away, without a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DealerbotError } from '../../lib/errors.js';
import { Intake } from '../engine/intake.js';
import { SendError } from '../gateways/sender.js';
import { createApp } from '../http/http-app.js';
import { setKillSwitch, status } from '../operator/operator.js';
import { fakeBrain } from '../test-fixtures/fake-brain.js';
import { harness } from '../test-fixtures/harness.js';
import { parseConfig } from '../config.js';
import { Store } from '../store/store.js';
import { HealthMonitor, serveHealthView } from './health.js';
import { startServer } from './serve.js';

const DEALER = '+32470112233';
const SEC = 1000;
const MIN = 60 * SEC;

/** A harness with an intake retrying on the manual clock, and the monitor serve would build. */
function setup(o: { broken?: () => boolean; config?: Record<string, unknown> } = {}) {
  const inner = fakeBrain();
  const brain = {
    ...inner,
    classify(text: string) {
      if (o.broken?.()) throw new DealerbotError('E_POLICY', 'policy test-policy gave NaN');
      return inner.classify(text);
    },
  };
  const h = harness({ brain, config: o.config });
  const intake = new Intake(h.engine, h.store, { clock: h.clock, retry: { baseMs: 1 * SEC, maxMs: 60 * SEC } });
  let wall = Date.UTC(2026, 0, 5, 20, 0, 0);
  const health = new HealthMonitor({ store: h.store, clock: h.clock, intake, dispatcher: h.dispatcher, stallSeconds: 60, sendFailures: 3, timeScale: 1, wallNow: () => wall, pid: 4242 });
  return { h, intake, health, wall: { now: () => wall, advance: (ms: number) => void (wall += ms) } };
}

describe('health: decisions', () => {
  it('a decision that fails is degraded, then down once the message waited too long, and is retried until it goes through', async () => {
    let broken = true;
    const { h, intake, health } = setup({ broken: () => broken });
    expect(health.check()).toEqual({ status: 'ok', reasons: [] });
    await intake.accept({ transport: 'test', from: DEALER, text: 'coke te koop' });
    await intake.idle();
    expect(h.store.undecided().count).toBe(1);
    expect(health.check()).toEqual({ status: 'degraded', reasons: ['decisions failing (E_POLICY; 1 round in a row); retrying with backoff'] });

    // each retry fails again and waits longer; after the stall threshold the message is the news
    for (let i = 0; i < 5; i++) {
      h.clock.advance(15 * SEC);
      await intake.idle();
    }
    expect(intake.stats.sweeps).toBeGreaterThanOrEqual(2);
    expect(intake.stats.sweeps).toBeLessThanOrEqual(5); // backoff: not one sweep per step
    const r = health.check();
    expect(r.status).toBe('down');
    expect(r.reasons[0]).toBe('1 message accepted but not decided, the oldest for over 60 s');

    broken = false; // the cause goes away: no restart, the next sweep decides
    h.clock.advance(2 * MIN);
    await intake.idle();
    expect(h.store.undecided().count).toBe(0);
    expect(health.check()).toEqual({ status: 'ok', reasons: [] });
    await h.run(10 * MIN);
    expect(h.sender.sent.map((m) => m.to)).toEqual([DEALER]);
  });

  it('a message left undecided by a crash is decided by the sweep that a failed recovery asks for', async () => {
    let broken = true;
    const { h, intake, health } = setup({ broken: () => broken });
    h.engine.accept({ transport: 'test', from: DEALER, text: 'coke te koop' }); // accepted, then the "crash"
    expect(h.engine.recover()).toEqual({ processed: 0, failed: 1 });
    intake.retrySoon();
    broken = false;
    h.clock.advance(0);
    await intake.idle();
    expect(h.store.undecided().count).toBe(0);
    expect(health.check().status).toBe('ok');
  });
});

describe('health: sends and replies', () => {
  it('sends refused again and again are degraded; one that goes through makes it ok again', async () => {
    const { h, health } = setup();
    h.sender.failWith = new SendError('android-sms-gateway answered HTTP 503', false);
    for (let i = 0; i < 3; i++) h.say(`+3247011220${i}`, 'coke te koop');
    await h.run(5 * MIN);
    expect(h.sender.sent).toHaveLength(0);
    const r = health.check();
    expect(r.status).toBe('degraded');
    expect(r.reasons).toEqual([expect.stringMatching(/^sends failing \(SendError; \d+ in a row\); retrying with backoff$/)]);
    expect(h.dispatcher.health().sendFailures).toBeGreaterThanOrEqual(3);
    h.sender.failWith = null;
    await h.run(30 * MIN);
    expect(h.sender.sent).toHaveLength(3);
    expect(health.check()).toEqual({ status: 'ok', reasons: [] });
  });

  it('a reply due long ago and not sent is down, unless the kill switch holds it', async () => {
    const { h, health } = setup();
    h.say(DEALER, 'coke te koop');
    h.clock.advance(10 * MIN); // due after 2 minutes; nobody ran the dispatcher
    expect(health.check()).toEqual({ status: 'down', reasons: ['1 reply due for over 60 s and not sent'] });
    setKillSwitch(h.store, true, h.clock.now());
    expect(health.check()).toEqual({ status: 'ok', reasons: [] });
  });

  it('a database that cannot answer is down', () => {
    const { h, health } = setup();
    h.store.close();
    const r = health.check();
    expect(r.status).toBe('down');
    expect(r.reasons[0]).toMatch(/^database cannot be read \(\w+\)$/);
  });
});

describe('health: /health and status say the same', () => {
  it('/health is 503 with {status, reasons} when not ok, 200 when ok', async () => {
    let broken = true;
    const { h, intake, health } = setup({ broken: () => broken });
    const app = createApp({ engine: h.engine, store: h.store, config: h.config, intake, health: () => health.check() });
    const ok = await app.request('/health');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ok', reasons: [] });
    await intake.accept({ transport: 'test', from: DEALER, text: 'coke te koop' });
    await intake.idle();
    const bad = await app.request('/health');
    expect(bad.status).toBe(503);
    expect(await bad.json()).toMatchObject({ status: 'degraded', reasons: [expect.stringMatching(/^decisions failing/)] });
    broken = false;
    h.store.close();
    const down = await app.request('/health');
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'down', reasons: [expect.stringMatching(/^database cannot be read/)] });
  });

  it('status shows the reasons serve reported, says so when serve went silent, and when it stopped cleanly', async () => {
    const { h, intake, health, wall } = setup({ broken: () => true });
    await intake.accept({ transport: 'test', from: DEALER, text: 'coke te koop' });
    await intake.idle();
    expect(status(h.store, wall.now()).health).toEqual({ status: 'unknown', reasons: [], reported: null });
    expect(health.report()).toBe(true);
    const st = status(h.store, wall.now() + 5 * SEC).health;
    expect(st).toEqual({ ...health.check(), reported: new Date(wall.now()).toISOString() });
    expect(st.status).toBe('degraded');
    // a serve killed with -9 writes no more reports
    const silent = status(h.store, wall.now() + 2 * MIN).health;
    expect(silent.status).toBe('down');
    expect(silent.reasons.at(-1)).toBe('serve has not reported for 120 s: it is not running (killed?) or it hangs');
    health.stop();
    expect(status(h.store, wall.now() + 2 * MIN).health).toMatchObject({ status: 'stopped', reasons: [] });
    expect(serveHealthView({ nonsense: true }, wall.now())).toEqual({ status: 'unknown', reasons: [], reported: null });
  });

  it('a report the store refuses is itself a reason: the database cannot be written', () => {
    const { h, health } = setup();
    const save = h.store.saveServeHealth.bind(h.store);
    h.store.saveServeHealth = () => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    };
    expect(health.report()).toBe(false);
    expect(health.check()).toEqual({ status: 'down', reasons: ['database cannot be written (SQLITE_FULL; 1 failure in a row)'] });
    h.store.saveServeHealth = save;
    expect(health.report()).toBe(true);
    expect(health.check().status).toBe('ok');
  });
});

describe('health: /health tells the bot\'s clock', () => {
  it('now is the engine clock (ISO) and timeScale its speed, also when the database cannot be read', async () => {
    const { h, intake } = setup({ config: { timeScale: 60 } });
    const app = createApp({ engine: h.engine, store: h.store, config: h.config, intake });
    const body = async () => (await (await app.request('/health')).json()) as Record<string, unknown>;
    const t0 = h.clock.now();
    expect(await body()).toMatchObject({ status: 'ok', reasons: [], mode: 'auto', kill: false, now: new Date(t0).toISOString(), timeScale: 60 });
    h.clock.advance(3 * 60 * MIN);
    expect((await body()).now).toBe(new Date(t0 + 3 * 60 * MIN).toISOString());
    h.store.close();
    expect(await body()).toMatchObject({ status: 'down', now: new Date(t0 + 3 * 60 * MIN).toISOString(), timeScale: 60 });
  });

  it('serve reports its scaled clock, which resumes where the last run left it, not the wall\'s time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealerbot-health-clock-'));
    const db = join(dir, 'bot.db');
    // a previous run at timeScale 60 left its clock a year ahead of the wall
    const ahead = Date.now() + 365 * 24 * 60 * MIN;
    const before = Store.open(db, 'create');
    before.saveClockMs(ahead);
    before.close();
    const s = await startServer({ config: parseConfig({ timeScale: 60 }), db, brain: fakeBrain(), port: 0, log: () => {} });
    try {
      const r = (await (await fetch(`${s.url}/health`)).json()) as { now: string; timeScale: number; status: string; policy: string };
      expect(r).toMatchObject({ status: 'ok', timeScale: 60, policy: 'fake-policy' });
      const now = Date.parse(r.now);
      expect(now).toBeGreaterThanOrEqual(ahead);
      // a day of bot time is 24 minutes of wall time at 60×: far more than this test takes
      expect(now).toBeLessThan(ahead + 24 * 60 * MIN);
    } finally {
      await s.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

