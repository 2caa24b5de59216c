// `dealerbot loadtest --against URL`: the simulator's dealers talk to a running `serve` through
// its real webhook (generic bearer or signed android-sms-gateway) and its real outbound path
// (the runtime's android-gateway sender, pointed at a FakeGateway this process runs on
// 127.0.0.1). Every dealer writes real text, reads the bot's replies back to tactics and answers
// as in the in-process simulator; the summary is `simulate`'s plus transport figures. With a
// time scale, the dealers' own delays shrink by the same factor as serve's clock.
// This is the end-to-end test of the whole system and its load test.
import { randomBytes } from 'node:crypto';
import { quantile } from '../../lib/ci.js';
import { InputError, UsageError } from '../../lib/errors.js';
import { TacticMatcher } from '../../transcripts/label/tactic-matcher.js';
import { hashString } from '../../lib/random.js';
import { dealerText } from '../../trainer/sim/dealer-text.js';
import type { DealerConfig } from '../../trainer/sim/dealer.js';
import type { PersonaMix } from '../../trainer/sim/persona.js';
import { summarize, type EpisodeResult, type SimulateSummary } from '../../trainer/sim/simulate.js';
import type { FakeGateway, GatewayMessage } from './fake-gateway.js';
import { LiveDealer, type DealerMessage } from './live-dealer.js';
import { WebhookClient, type Inbound } from './webhook-client.js';
import { botClock } from './bot-clock.js';

const MIN = 60_000;

export interface AgainstOptions {
  /** base URL of the running `serve` */
  url: string;
  /** how long to keep asking for serve's /health before giving up (ms; default 0: ask once) */
  waitForServeMs?: number;
  inbound: Inbound;
  /** listening; serve's androidGateway.url must point at it */
  gateway: FakeGateway;
  episodes: number;
  /** dealers in conversation at the same time */
  concurrency: number;
  /** wall ms over which the first `concurrency` dealers start (a promo blast is not one
   * instant; 0 = all at once) */
  rampMs?: number;
  /** keep-alive connections the dealers' messages share (default 64) */
  sockets?: number;
  /** serve's timeScale; taken from /health when not given (and checked against it when given) */
  timeScale?: number;
  /** serve's timeZone (default Europe/Brussels): the dealers' promos and nights follow serve's
   * clock read in it, as the in-process dealers' follow the simulator's wall clock (bot-clock.ts) */
  timeZone?: string;
  mix: PersonaMix;
  seed: number;
  config?: Partial<DealerConfig>;
  /** simulated minutes without a reply to his turn after which the dealer takes the bot's silence
   * as its go_silent (once per dealer turn; default 120) */
  silenceMinutes?: number;
  /** simulated hours without any message from the bot after which the conversation is over (the
   * bot stopped following up, or waits for him; default 36) */
  quietEndHours?: number;
  /** wall-clock floor of that window (a loaded machine must not turn slow replies into silences) */
  minSilenceWallMs?: number;
  /** simulated hours a dealer waits for the bot's first reply before writing the number off
   * (the bot ignores numbers whose first message is not clearly a promo: hard safety rule 1) */
  firstReplyHours?: number;
  /** gives up when no reply at all reached the gateway within this many wall ms */
  noReplyTimeoutMs?: number;
  /** makes phone numbers and message ids unique to this run (a rerun against the same DB
   * must not continue or dedupe the last run's conversations); random by default */
  runId?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface LoadtestSummary extends SimulateSummary {
  against: string;
  time_scale: number;
  concurrency: number;
  wall_seconds: number;
  cpu_seconds: number;
  transport: {
    inbound: Inbound['kind'];
    requests: number;
    errors: number;
    lost: number;
    status: Record<string, number>;
    req_per_s: number;
    latency_ms: { p50: number; p99: number; max: number };
    /** bot messages that reached the fake gateway */
    replies: number;
    /** bot messages to a dealer whose conversation had already ended */
    late_replies: number;
    /** bot messages to a number no dealer of this run has */
    unknown_replies: number;
  };
  /** share of conversations in which the bot never answered the promo (within firstReplyHours) */
  unanswered_rate: number;
  reading: {
    /** replies read back to a tactic by the catalogue matcher */
    replies: number;
    mean_confidence: number;
    /** share of replies whose read tactic the simulator's preconditions did not allow yet */
    disallowed_share: number;
    /** bot silences the dealers noticed (played as go_silent), per conversation */
    silences: number;
  };
}

interface Health {
  status?: string;
  mode?: string;
  policy?: string;
  timeScale?: number;
  /** the bot's clock, ISO 8601 */
  now?: string;
}

/** serve's /health; `waitMs`: keep asking that long while nothing answers (a serve still starting). */
export async function fetchHealth(url: string, waitMs = 0): Promise<Health> {
  let res: Response;
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      res = await fetch(`${url.replace(/\/+$/, '')}/health`, { signal: AbortSignal.timeout(10_000) });
      break;
    } catch (e) {
      if (Date.now() < until) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      throw new UsageError(`--against ${url}: no dealerbot serve answers there${waitMs ? ` (waited ${Math.round(waitMs / 1000)} s)` : ''} (${(e as Error).message})`);
    }
  }
  const h = (await res.json().catch(() => ({}))) as Health;
  if (!res.ok || h.status !== 'ok') throw new UsageError(`--against ${url}: /health answered HTTP ${res.status} ${JSON.stringify(h)}`);
  return h;
}

/** The phone number of episode `k`: Belgian mobile numbers in a block chosen by the run id. */
export function dealerNumber(runId: string, k: number): string {
  return `+3247${String((hashString(runId) + k) % 10_000_000).padStart(7, '0')}`;
}

export async function runAgainstServe(o: AgainstOptions): Promise<LoadtestSummary> {
  const health = await fetchHealth(o.url, o.waitForServeMs ?? 0);
  if (health.mode !== 'auto')
    throw new UsageError(`--against ${o.url}: serve is in ${health.mode ?? 'unknown'} mode; replies wait for a person. Start it with --mode auto`);
  if (o.timeScale !== undefined && health.timeScale !== undefined && health.timeScale !== o.timeScale)
    throw new UsageError(`--time-scale ${o.timeScale} but serve runs at timeScale ${health.timeScale}; give the same (or leave it out)`);
  const timeScale = o.timeScale ?? health.timeScale ?? 1;
  if (!(timeScale > 0)) throw new UsageError(`--time-scale must be > 0, got ${timeScale}`);
  if (!Number.isInteger(o.concurrency) || o.concurrency < 1) throw new UsageError(`--concurrency must be an integer >= 1, got ${o.concurrency}`);

  // serve's clock from its /health: the live dealers write and answer on it (a serve that does not
  // say its clock gets the dealers' own timing, as before)
  const clock = health.now ? botClock(health.now, timeScale, o.timeZone) : null;
  const runId = o.runId ?? randomBytes(6).toString('hex');
  const client = new WebhookClient({ url: o.url, inbound: o.inbound, sockets: o.sockets });
  const matcher = new TacticMatcher();
  const text = dealerText();
  const silenceSimMs = (o.silenceMinutes ?? 120) * MIN;
  const silenceWallMs = Math.max(o.minSilenceWallMs ?? 1000, silenceSimMs / timeScale);
  const quietEndWallMs = Math.max(o.minSilenceWallMs ?? 1000, ((o.quietEndHours ?? 36) * 60 * MIN) / timeScale);
  const firstReplyWallMs = Math.max(o.minSilenceWallMs ?? 1000, ((o.firstReplyHours ?? 24) * 60 * MIN) / timeScale);
  const noReplyTimeoutMs = o.noReplyTimeoutMs ?? Math.max(15_000, 2 * firstReplyWallMs);

  const active = new Map<string, (m: GatewayMessage) => void>();
  const ended = new Set<string>();
  const transport = { late: 0, unknown: 0 };
  let unanswered = 0;
  const reading = { replies: 0, confidence: 0, disallowed: 0, silences: 0 };
  const timers = new Set<NodeJS.Timeout>();
  let failure: Error | null = null;
  const fail = (e: Error) => {
    failure ??= e;
    for (const t of timers) clearTimeout(t);
    timers.clear();
    for (const wake of wakers) wake();
  };
  const wakers = new Set<() => void>();
  const later = (ms: number, fn: () => void): NodeJS.Timeout => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (failure || ms <= 0) return resolve();
      const done = () => {
        wakers.delete(done);
        resolve();
      };
      wakers.add(done);
      later(ms, done);
    });

  o.gateway.onMessage = (m) => {
    const deliver = active.get(m.to);
    if (deliver) deliver(m);
    else if (ended.has(m.to)) transport.late++;
    else transport.unknown++;
  };

  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const watchdog = later(noReplyTimeoutMs, () => {
    if (o.gateway.received === 0)
      fail(
        new InputError(o.url, undefined,
          `no reply reached the fake gateway at ${o.gateway.url} within ${Math.round(noReplyTimeoutMs / 1000)} s: ` +
          `start serve with outbound.kind "android-gateway" and androidGateway.url "${o.gateway.url}"`),
      );
  });

  const runEpisode = (k: number): Promise<EpisodeResult> =>
    new Promise((resolve) => {
      const seed = `${o.seed}:${k}`;
      const dealer = LiveDealer.of(o.mix, seed, matcher, text, o.config);
      // the generic webhook takes calls; the android one has none to report
      dealer.calls = o.inbound.kind === 'generic';
      const number = dealerNumber(runId, k);
      let seq = 0;
      let pending = 0;
      let chain = Promise.resolve();
      let silence: NodeJS.Timeout | null = null;
      let finished = false;
      let answered = false;
      // his turn: he wrote after the bot's last message; the bot's silence on it is played into
      // the simulator once (as the go_silent the runtime logged), then the bot's follow-ups decide
      let hisTurn = true;
      let silencePlayed = false;

      const finish = () => {
        if (finished) return;
        finished = true;
        if (silence) clearTimeout(silence), timers.delete(silence);
        active.delete(number);
        ended.add(number);
        reading.silences += dealer.silences;
        reading.disallowed += dealer.disallowed;
        resolve(dealer.result());
      };
      const settle = () => {
        if (pending > 0 || finished) return;
        if (dealer.done || failure) return finish();
        if (silence) clearTimeout(silence), timers.delete(silence);
        // before the bot's first reply the dealer just waits: a promo is not a conversation yet
        if (!answered)
          silence = later(firstReplyWallMs, () => {
            silence = null;
            unanswered++;
            finish();
          });
        else if (hisTurn && !silencePlayed)
          silence = later(silenceWallMs, () => {
            silence = null;
            silencePlayed = true;
            send(dealer.onSilence(silenceSimMs));
          });
        // nothing from the bot for a day and a half: it stopped following up (or waits for him)
        else silence = later(quietEndWallMs, () => {
          silence = null;
          finish();
        });
      };
      const send = (msgs: DealerMessage[]) => {
        const now = performance.now();
        if (msgs.length > 0) (hisTurn = true), (silencePlayed = false);
        for (const m of msgs) {
          pending++;
          const due = now + m.afterMs / timeScale;
          const id = `${runId}-${k}-${seq++}`;
          chain = chain.then(async () => {
            await sleep(due - performance.now());
            if (!failure) await client.send(number, m.text, id, m.call);
            pending--;
          });
        }
        void chain.then(settle);
      };

      active.set(number, (m) => {
        if (silence) clearTimeout(silence), timers.delete(silence), (silence = null);
        if (dealer.done) return void transport.late++;
        answered = true;
        hisTurn = false;
        const r = dealer.onReply(m.text, clock?.wallNow());
        reading.replies++;
        reading.confidence += r.confidence;
        send(r.messages);
        if (dealer.done) void chain.then(settle);
      });
      send(dealer.start(clock?.wallNow()));
    });

  const results: EpisodeResult[] = new Array(o.episodes);
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: Math.min(o.concurrency, o.episodes) }, async (_, w) => {
      await sleep(((o.rampMs ?? 0) * w) / o.concurrency);
      while (next < o.episodes && !failure) {
        const k = next++;
        results[k] = await runEpisode(k);
        o.onProgress?.(++done, o.episodes);
      }
    }),
  );
  clearTimeout(watchdog);
  timers.delete(watchdog);
  client.close();
  if (failure) throw failure;
  for (const t of timers) clearTimeout(t);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const lat = client.stats.latencies;
  const q = (x: number) => (lat.length ? r2(quantile(lat, x)) : 0);
  const base = summarize(health.policy ?? 'serve', { episodes: o.episodes, seed: o.seed, mix: o.mix }, results);
  return {
    ...base,
    policy: health.policy ?? base.policy,
    against: o.url,
    time_scale: timeScale,
    concurrency: o.concurrency,
    wall_seconds: r2(wall),
    cpu_seconds: r2((cpu.user + cpu.system) / 1e6),
    transport: {
      inbound: o.inbound.kind,
      requests: client.stats.requests,
      errors: client.stats.errors,
      lost: client.stats.lost,
      status: client.stats.status,
      req_per_s: r2(client.stats.requests / wall),
      latency_ms: { p50: q(0.5), p99: q(0.99), max: q(1) },
      replies: o.gateway.received,
      late_replies: transport.late,
      unknown_replies: transport.unknown,
    },
    unanswered_rate: r2(unanswered / o.episodes),
    reading: {
      replies: reading.replies,
      mean_confidence: reading.replies ? r2(reading.confidence / reading.replies) : 0,
      disallowed_share: reading.replies ? r2(reading.disallowed / reading.replies) : 0,
      silences: r2(reading.silences / o.episodes),
    },
  };
}
