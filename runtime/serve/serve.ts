// `dealerbot serve`: opens the store, recovers what a crash left half-done (rows in "sending",
// accepted but unprocessed messages), then starts the dispatcher and the HTTP server. stop()
// is the graceful shutdown: stop accepting, finish in-flight requests and the send in
// progress, close the database.
import { randomInt } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve as serveHttp } from '@hono/node-server';
import { Rng } from '../../lib/random.js';
import type { Brain } from '../engine/brain.js';
import { systemClock, type Clock } from '../engine/clock.js';
import type { RuntimeConfig } from '../config.js';
import { createSender } from '../gateways/create-sender.js';
import { Dispatcher } from '../engine/dispatcher.js';
import { Engine } from '../engine/engine.js';
import { Checkpointer } from '../store/checkpointer.js';
import { createApp } from '../http/http-app.js';
import { Intake } from '../engine/intake.js';
import { safetyLists } from '../engine/safety.js';
import type { Sender } from '../gateways/sender.js';
import { Store } from '../store/store.js';

export interface ServeOptions {
  config: RuntimeConfig;
  db: string;
  brain: Brain;
  port?: number;
  /** 127.0.0.1 unless told otherwise: exposing the bot is a deliberate choice */
  host?: string;
  seed?: number;
  clock?: Clock;
  sender?: Sender;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  engine: Engine;
  intake: Intake;
  dispatcher: Dispatcher;
  recovered: { processed: number; sent: number; resent: number; unknown: number };
  stop(): Promise<void>;
}

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const log = o.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const store = Store.open(o.db, 'create');
  // WAL checkpoints (and their fsyncs) in a worker thread, not inside a webhook's commit
  const checkpointer = o.db === ':memory:' ? null : new Checkpointer(o.db, 1000, log);
  if (checkpointer) store.disableAutoCheckpoint();
  const clock = o.clock ?? systemClock(o.config.timeScale);
  const lists = safetyLists(o.config);
  const engine = new Engine({ store, brain: o.brain, clock, rng: new Rng(o.seed ?? randomInt(2 ** 31)), config: o.config, lists });
  const dispatcher = new Dispatcher({
    store,
    lists,
    sender: o.sender ?? createSender(o.config),
    clock,
    engine,
    config: o.config,
    pollMs: 500 * o.config.timeScale,
    log,
  });
  engine.onScheduled = (due) => dispatcher.notify(due);
  const fromSending = await dispatcher.recover();
  const processed = engine.recover();
  dispatcher.start();

  const intake = new Intake(engine, store, { log: (l) => log(`intake: ${l}`) });
  const app = createApp({
    engine,
    store,
    intake,
    config: o.config,
    log,
    // timeScale: `loadtest --against` scales its dealers' delays by the same factor
    health: () => ({ policy: o.brain.policyId, timeScale: o.config.timeScale, backlog: intake.backlog, lastError: dispatcher.lastError }),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serveHttp({ fetch: app.fetch, port: o.port ?? 8080, hostname: o.host ?? '127.0.0.1' }, () => resolve(s as Server));
    (s as Server).once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | null = null;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}`,
    port,
    store,
    engine,
    intake,
    dispatcher,
    recovered: { processed, ...fromSending },
    stop() {
      stopping ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await intake.idle(); // decide on every message already acknowledged
        await dispatcher.stop();
        await checkpointer?.stop();
        store.close();
      })();
      return stopping;
    },
  };
}
