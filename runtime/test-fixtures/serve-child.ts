// A `serve` process with the fake brain, for the kill -9 test: prints "READY <port>" when up.
import { parseConfig } from '../config.js';
import { startServer } from '../serve.js';
import { fakeBrain } from './fake-brain.js';

const [db, outbox, timeScale] = process.argv.slice(2);
const running = await startServer({
  config: parseConfig({
    mode: 'auto',
    outbound: { kind: 'dry-run', file: outbox },
    generic: { token: 'kill-test-token-0123456789' },
    timeScale: Number(timeScale ?? 6000),
    rateLimitPerMinute: 1000,
  }),
  db: db!,
  brain: fakeBrain({ prefer: 'show_interest' }), // one reply per dealer: countable
  port: 0,
  seed: 1,
  log: () => {},
});
process.stdout.write(`READY ${running.port} ${JSON.stringify(running.recovered)}\n`);
process.once('SIGTERM', () => void running.stop().then(() => process.exit(0)));
