// End to end: a real `serve` (in-process startServer, 127.0.0.1, the tiny bundle through the real
// brain loader, auto mode, android-gateway outbound to the fake gateway) and simulated dealers
// through its webhooks. The trainer may import the runtime here only (DESIGN.md).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../runtime/config.js';
import { loadBrain } from '../../runtime/engine/load-brain.js';
import { startServer, type RunningServer } from '../../runtime/serve/serve.js';
import { writeTinyBundle } from '../../runtime/test-fixtures/tiny-bundle.js';
import { defaultPersonaMix } from '../../trainer/sim/persona.js';
import { FakeGateway, type GatewayMessage } from './fake-gateway.js';
import { dealerNumber, runAgainstServe } from './loadtest.js';
import { WebhookClient } from './webhook-client.js';

const TOKEN = 'simulate-against-token-0123';
const SIGNING_KEY = 'android-signing-key';
const TIME_SCALE = 20_000;
const STOPPER = '+32470990001';
const TALKER = '+32470990002';
let dir: string;
let gateway: FakeGateway;
let server: RunningServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dealerbot-against-'));
  await writeTinyBundle(join(dir, 'bundle'));
  gateway = new FakeGateway();
  const gatewayUrl = await gateway.listen(0);
  server = await startServer({
    config: parseConfig({
      mode: 'auto',
      outbound: { kind: 'android-gateway' },
      androidGateway: { url: gatewayUrl, username: 'sim', password: 'sim-password', signingKey: SIGNING_KEY },
      generic: { token: TOKEN },
      timeScale: TIME_SCALE,
      rateLimitPerMinute: 100_000,
      // only allowed numbers are engaged: 4 of the 6 simulated dealers and the two scripted ones
      promoThreshold: 1,
      allow: [...Array.from({ length: 4 }, (_, k) => dealerNumber('e2e', k)), STOPPER, TALKER],
    }),
    db: join(dir, 'bot.db'),
    brain: await loadBrain(join(dir, 'bundle')),
    port: 0,
    seed: 1,
    log: () => {},
  });
});

afterAll(async () => {
  await server?.stop();
  await gateway?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Everything the bot sent to `to` from now on (the scripted dealers, after the simulation). */
function inbox(to: string): GatewayMessage[] {
  const got: GatewayMessage[] = [];
  const prev = gateway.onMessage;
  gateway.onMessage = (m) => (m.to === to ? got.push(m) : prev(m));
  return got;
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe('loadtest --against a live serve', () => {
  it('drives simulated dealers through the webhook and the outbound gateway and summarises like simulate', async () => {
    const s = await runAgainstServe({
      url: server.url,
      inbound: { kind: 'generic', token: TOKEN },
      gateway,
      episodes: 6,
      concurrency: 3,
      mix: defaultPersonaMix(),
      seed: 5,
      config: { maxDecisions: 6 },
      minSilenceWallMs: 300,
      runId: 'e2e',
    });
    // simulate's summary
    expect(s.episodes).toBe(6);
    expect(s.policy).toBe(server.engine['brain'].policyId);
    expect(s.dealer_minutes.mean).toBeGreaterThan(0);
    expect(s.dealer_minutes.ci95[0]).toBeLessThanOrEqual(s.dealer_minutes.mean);
    expect(s.dealer_minutes.ci95[1]).toBeGreaterThanOrEqual(s.dealer_minutes.mean);
    for (const k of ['dealer_messages', 'calls', 'no_shows', 'burn_rate', 'span_hours', 'decisions'] as const)
      expect(Number.isFinite(s[k]), k).toBe(true);
    expect(s.time_scale).toBe(TIME_SCALE); // read from /health
    // transport: every dealer's promo and answers went through the webhook, the bot answered
    expect(s.transport.requests).toBeGreaterThanOrEqual(6);
    expect(s.transport.errors).toBe(0);
    expect(s.transport.status['200']).toBe(s.transport.requests);
    expect(s.transport.latency_ms.p99).toBeGreaterThan(0);
    expect(s.transport.replies).toBeGreaterThan(0);
    // the two numbers off the allow list get no reply (promoThreshold 1): written off, not stuck
    expect(s.unanswered_rate).toBeCloseTo(2 / 6, 2);
    expect(s.reading.replies).toBeGreaterThan(0);
    expect(s.reading.replies).toBeLessThanOrEqual(s.transport.replies);

    // the runtime's store saw exactly what went over the wire
    const store = server.store;
    const numbers = Array.from({ length: 6 }, (_, k) => dealerNumber('e2e', k));
    const inbound = numbers
      .flatMap((n) => store.conversationsOf(n))
      .flatMap((c) => store.events(c.id))
      // (a `meeting` is the runtime's inference from his messages, not a webhook)
      .filter((e) => e.direction === 'in' && e.kind !== 'meeting').length;
    expect(inbound).toBe(s.transport.requests);
    const sent = numbers.reduce((sum, n) => sum + store.sentCount(-Infinity, n), 0);
    expect(sent).toBeGreaterThanOrEqual(s.reading.replies);
  });

  it('a dealer who writes STOP (signed android webhook) gets nothing afterwards; one who does not still gets answers', async () => {
    const android = new WebhookClient({ url: server.url, inbound: { kind: 'android', signingKey: SIGNING_KEY } });
    const stopper = STOPPER;
    const talker = TALKER;
    const promo = 'Goeie coke en wiet te koop, snelle levering in heel Antwerpen 💯 stuur een berichtje';
    const toStopper = inbox(stopper);
    const toTalker = inbox(talker);
    for (const n of [stopper, talker]) expect(await android.send(n, promo, `promo-${n}`)).toBe(true);
    // go_silent can hold the first reply for hours of serve time: a few wall seconds here
    await until(() => toStopper.length > 0 && toTalker.length > 0, 15_000);
    expect(toStopper.length, 'replies to the stopper before STOP').toBeGreaterThan(0);
    expect(toTalker.length, 'replies to the talker').toBeGreaterThan(0);

    expect(await android.send(stopper, 'STOP', 'stop-1')).toBe(true);
    const beforeStop = toStopper.length; // anything after this came after STOP was accepted
    expect(await android.send(stopper, 'hallo?? waar blijfde', 'stop-2')).toBe(true);
    const talkerBefore = toTalker.length;
    expect(await android.send(talker, 'hallo?? waar blijfde, 50 euro de gram', 'talk-2')).toBe(true);
    // a reply takes minutes of serve time (ms here); a go_silent wake up to 16 h (< 3 s)
    await until(() => toTalker.length > talkerBefore, 5_000);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(toStopper.length).toBe(beforeStop);
    expect(toTalker.length).toBeGreaterThan(talkerBefore);
    expect(server.store.numberState(stopper)).toBe('stopped');
    expect(android.stats.errors).toBe(0);
  });
});
