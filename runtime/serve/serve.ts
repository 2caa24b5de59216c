// `dealerbot serve`: takes its port first (a second serve on the same port must not touch the
// database: its recovery would resend what the first one is sending), opens the store,
// recovers what a crash left half-done (rows in "sending", accepted but unprocessed
// messages), then starts the dispatcher, the health reports and the HTTP app. stop() is the
// graceful shutdown: stop accepting, finish in-flight requests and the send in progress,
// leave a last health report, close the database.
import { randomInt } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve as serveHttp } from '@hono/node-server';
import { DealerbotError } from '../../lib/errors.js';
import { Rng } from '../../lib/random.js';
import { redactNumbers } from '../../lib/redact.js';
import type { Brain } from '../engine/brain.js';
import { systemClock, type Clock } from '../engine/clock.js';
import type { RuntimeConfig } from '../config.js';
import { createSender } from '../gateways/create-sender.js';
import { Dispatcher } from '../engine/dispatcher.js';
import { Engine } from '../engine/engine.js';
import { Checkpointer } from '../store/checkpointer.js';
import { createApp } from '../http/http-app.js';
import { startupWarnings } from './startup-warnings.js';
import { Intake } from '../engine/intake.js';
import { safetyLists } from '../engine/safety.js';
import type { Sender } from '../gateways/sender.js';
import { Store } from '../store/store.js';
import { HealthMonitor } from './health.js';
import { seededPersonaSecret } from './seed.js';

export interface ServeOptions {
  config: RuntimeConfig;
  db: string;
  brain: Brain;
  port?: number;
  /** 127.0.0.1 unless told otherwise: exposing the bot is a deliberate choice */
  host?: string;
  /** seeds every draw of the run (serve --seed, seed.ts); absent: a random seed per run */
  seed?: number;
  clock?: Clock;
  sender?: Sender;
  log?: (line: string) => void;
  /** real ms between the health reports written for `status` (default 5 s) */
  reportEveryMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  engine: Engine;
  intake: Intake;
  dispatcher: Dispatcher;
  health: HealthMonitor;
  recovered: { processed: number; failed: number; sent: number; resent: number; unknown: number };
  stop(): Promise<void>;
}

/** serve could not take its address: one line that says why and what to do. */
export class ListenError extends DealerbotError {
  constructor(message: string) {
    super('E_LISTEN', message);
  }
}

export function listenError(e: unknown, host: string, port: number): ListenError {
  const code = (e as NodeJS.ErrnoException).code;
  const at = `cannot listen on ${host}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new ListenError(`${at}: the port is in use (another dealerbot serve?); stop that program or pick another --port`);
    case 'EACCES':
    case 'EPERM':
      return new ListenError(`${at}: permission denied (ports below 1024 need privileges); pick --port 1024 or higher`);
    case 'EADDRNOTAVAIL':
      return new ListenError(`${at}: ${host} is not an address of this machine; check --host`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ListenError(`${at}: the host name ${host} does not resolve; check --host`);
    default:
      return new ListenError(`${at}: ${code ?? (e as Error).message}`);
  }
}

type Handler = (req: Request, env: unknown) => Response | Promise<Response>;

/** Listens on host:port with a handler that can be swapped once the app is ready. */
async function listen(host: string, port: number): Promise<{ server: Server; setHandler: (h: Handler) => void }> {
  let handler: Handler = () => new Response('starting, try again in a moment\n', { status: 503, headers: { 'retry-after': '1' } });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serveHttp({ fetch: (req: Request, env: unknown) => handler(req, env), port, hostname: host }, () => resolve(s as Server)) as Server;
    s.once('error', (e) => reject(listenError(e, host, port)));
  });
  return { server, setHandler: (h) => void (handler = h) };
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  // every log line (gateway errors, webhook and intake problems) leaves with numbers redacted
  const sink = o.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const log = (l: string) => sink(redactNumbers(l));
  const host = o.host ?? '127.0.0.1';
  const { server, setHandler } = await listen(host, o.port ?? 8080);
  let store: Store | null = null;
  let checkpointer: Checkpointer | null = null;
  try {
    store = Store.open(o.db, 'create');
    // WAL checkpoints (and their fsyncs) in a worker thread, not inside a webhook's commit
    checkpointer = o.db === ':memory:' ? null : new Checkpointer(o.db, 1000, log);
    if (checkpointer) store.disableAutoCheckpoint();
    return await assemble(o, log, host, server, setHandler, store, checkpointer);
  } catch (e) {
    await closeServer(server);
    await checkpointer?.stop();
    store?.close();
    throw e;
  }
}

async function assemble(
  o: ServeOptions,
  log: (line: string) => void,
  host: string,
  server: Server,
  setHandler: (h: Handler) => void,
  store: Store,
  checkpointer: Checkpointer | null,
): Promise<RunningServer> {
  const timeScale = o.config.timeScale;
  for (const w of startupWarnings(o.config)) log(w);
  // the scaled clock continues from the last time the store holds, so events stay in order
  // (clockStart, load tests only: a fresh database starts there instead of at the wall time)
  const clock = o.clock ?? systemClock(timeScale, { resumeFrom: store.lastIssuedMs(), ...(o.config.clockStart ? { startAt: Date.parse(o.config.clockStart) } : {}) });
  const lists = safetyLists(o.config);
  // unseeded: a fresh draw per run; seeded (serve --seed): the persona secret too, if the
  // database has none yet (seed.ts)
  const rng = new Rng(o.seed ?? randomInt(2 ** 31));
  if (o.seed !== undefined && !o.config.personaSecret) store.personaSecret(undefined, () => seededPersonaSecret(o.seed!));
  const engine = new Engine({ store, brain: o.brain, clock, rng, config: o.config, lists });
  const pollMs = 500 * timeScale;
  const dispatcher = new Dispatcher({
    store,
    lists,
    sender: o.sender ?? createSender(o.config),
    clock,
    engine,
    config: o.config,
    pollMs,
    sendConcurrency: o.config.sendConcurrency,
    rng: rng.fork('dispatcher'),
    log,
  });
  engine.onScheduled = (due) => dispatcher.notify(due);
  // retries of failed decisions: 1 s doubling to 60 s of real time
  const intake = new Intake(engine, store, {
    log: (l) => log(`intake: ${l}`),
    clock,
    rng: rng.fork('intake'),
    retry: { baseMs: 1000 * timeScale, maxMs: 60_000 * timeScale },
  });
  const fromSending = await dispatcher.recover();
  const fromAccepted = engine.recover((l) => log(`recovery: ${l}`));
  if (fromAccepted.failed) intake.retrySoon();
  dispatcher.start();

  const health = new HealthMonitor({
    store,
    clock,
    intake,
    dispatcher,
    stallSeconds: o.config.health.stallSeconds,
    sendFailures: o.config.health.sendFailures,
    timeScale,
  });
  health.start(o.reportEveryMs ?? 5000);
  const app = createApp({
    engine,
    store,
    intake,
    config: o.config,
    log,
    // the app adds the clock (now, timeScale: `loadtest --against` scales its dealers' delays by it)
    health: () => ({ ...health.check(), policy: o.brain.policyId, backlog: intake.backlog, lastError: dispatcher.lastError }),
  });
  setHandler((req, env) => app.fetch(req, env));
  const port = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    store,
    engine,
    intake,
    dispatcher,
    health,
    recovered: { ...fromAccepted, ...fromSending },
    stop() {
      stopping ??= (async () => {
        await closeServer(server);
        await intake.idle(); // decide on every message already acknowledged
        intake.stop();
        await dispatcher.stop();
        health.stop(); // the last report: stopped cleanly
        await checkpointer?.stop();
        store.close();
      })();
      return stopping;
    },
  };
}
