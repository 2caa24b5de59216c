// WAL checkpoints off the event loop. A checkpoint copies the WAL into the database file and
// fsyncs both; SQLite's automatic one runs inside whichever commit crosses 1,000 pages, so on a
// busy disk one webhook in a few hundred waited seconds for an fsync (measured: p99 3.4 s with
// 300 simulated dealers, 1.2 s without). serve turns the automatic checkpoint off and lets
// this worker thread, with its own connection, run PASSIVE checkpoints (they never block the
// writer) every `everyMs`. Closing the last connection checkpoints what is left.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// plain CommonJS evaluated in the worker, so it runs the same from sources (tsx, vitest) and dist/
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const run = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { parentPort.postMessage(String(e && e.message || e)); }
};
const timer = setInterval(run, workerData.everyMs);
parentPort.on('message', (m) => { if (m === 'stop') { clearInterval(timer); db.close(); process.exit(0); } });
`;

export class Checkpointer {
  private readonly worker: Worker;

  constructor(file: string, everyMs = 1000, log: (line: string) => void = () => {}) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, everyMs, driver } });
    this.worker.on('message', (m) => log(`checkpoint: ${String(m)}`));
    this.worker.on('error', (e) => log(`checkpoint worker: ${e.message}`));
    this.worker.unref();
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.worker.once('exit', r));
    this.worker.ref(); // unref'd while running; a shutdown must wait for it
    this.worker.postMessage('stop');
    await exited;
  }
}
