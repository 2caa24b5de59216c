// CLI glue for `dealerbot serve`: config + flags, the brain, start, and graceful shutdown on
// SIGINT/SIGTERM (stop accepting, finish in-flight requests and the send in progress).
import { note, processIo } from '../../lib/console.js';
import type { Brain } from '../engine/brain.js';
import { loadConfig, type ConfigFlags } from '../config.js';
import { loadBrain } from '../engine/load-brain.js';
import { startServer, type RunningServer } from './serve.js';

/** The values of `dealerbot serve`, already parsed by the CLI (lib/flags.ts). */
export interface ServeFlags extends ConfigFlags {
  model: string;
  db: string;
  /** 0: any free port */
  port?: number;
  host?: string;
  config?: string;
  /** seeds the run's draws (seed.ts); absent: random per run */
  seed?: number;
}

export async function serveCommand(flags: ServeFlags, brain?: Brain): Promise<RunningServer> {
  const config = loadConfig(flags.config, flags);
  const running = await startServer({
    config,
    db: flags.db,
    brain: brain ?? (await loadBrain(flags.model)),
    port: flags.port ?? 8080,
    host: flags.host ?? '127.0.0.1',
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
  });
  const r = running.recovered;
  note(processIo, `dealerbot: serving on ${running.url} (mode ${config.mode}, outbound ${config.outbound.kind}, db ${flags.db})`);
  if (r.processed || r.failed || r.sent || r.resent || r.unknown)
    note(
      processIo,
      `dealerbot: recovered after a restart: ${r.processed} messages processed${r.failed ? ` (${r.failed} failed: retrying, see /health)` : ''}, ` +
        `${r.sent} sends confirmed, ${r.resent} resent, ${r.unknown} unknown (see status)`,
    );
  // a seed makes two deployments draw alike: fine for a test run, a tell for a live one
  if (flags.seed !== undefined) note(processIo, `dealerbot: --seed ${flags.seed}: draws are reproducible (for test runs; a live bot should not be seeded)`);
  if (config.mode !== 'auto') note(processIo, 'dealerbot: review mode: replies wait for `dealerbot review`');
  const shutdown = (sig: string) => {
    note(processIo, `dealerbot: ${sig}: finishing in-flight work…`);
    void running.stop().then(() => note(processIo, 'dealerbot: stopped cleanly'));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return running;
}
