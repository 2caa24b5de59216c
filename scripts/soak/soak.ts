// The soak: simulated dealers at a steady rate against a real `dealerbot serve` child process
// (the built CLI, dist/), killed with SIGKILL every few minutes and started again on the same
// database, for an hour (--minutes). At the end it counts what matters across all those
// crashes: messages acknowledged / stored / lost, replies sent twice (one outbox row twice at
// the gateway) and replies repeated (the same text to the same number), /health's answers,
// and whether any raw phone number shows up in any file or log it leaves behind.
//
// Not part of CI (it takes as long as you ask). Everything stays on 127.0.0.1: serve listens
// there, its replies go to a fake android-sms-gateway there, and the dealers' webhooks go
// there too; the number of conversations and their length are bounded.
//
//   npm run build && node dist/scripts/soak/soak.js --minutes 10        # or: npx tsx scripts/soak/soak.ts
//
// Exit code 0 when nothing was lost, duplicated or repeated and no raw number leaked.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { UsageError } from '../../lib/errors.js';
import { integer, option, positiveNumber } from '../../lib/flags.js';
import { packagePath } from '../../lib/package-root.js';
import { redactNumbers } from '../../lib/redact.js';
import { Store } from '../../runtime/store/store.js';
import { dealerText } from '../../trainer/sim/dealer-text.js';
import { defaultPersonaMix } from '../../trainer/sim/persona.js';
import { TacticMatcher } from '../../transcripts/label/tactic-matcher.js';
import { FakeGateway, type GatewayMessage } from '../loadtest/fake-gateway.js';
import { dealerNumber } from '../loadtest/loadtest.js';
import { LiveDealer, type DealerMessage } from '../loadtest/live-dealer.js';
import { WebhookClient } from '../loadtest/webhook-client.js';

export interface SoakOptions {
  minutes: number;
  /** minutes between two kill -9 of serve */
  killEvery: number;
  /** dealers in conversation at the same time */
  concurrency: number;
  /** serve's timeScale: simulated minutes per real minute */
  timeScale: number;
  /** most conversations started in all (a bound, whatever the minutes) */
  maxEpisodes: number;
  model: string;
  seed: number;
  /** where the database, logs and outputs go (default: a new temporary folder) */
  dir?: string;
  log?: (line: string) => void;
}

export interface SoakSummary {
  dir: string;
  minutes: number;
  wall_seconds: number;
  kills: number;
  starts: number;
  episodes: { started: number; finished: number };
  webhooks: { messages: number; acknowledged: number; not_acknowledged: number; requests: number; status: Record<string, number> };
  /** acknowledged messages found in the database */
  stored: number;
  /** acknowledged but not in the database */
  lost: number;
  duplicated: { inbound_stored_twice: number; outbound_sent_twice: number };
  replies: number;
  /** the same text to the same number again */
  repeated: number;
  health: { samples: Record<string, number>; reasons: string[] };
  raw_numbers: { files_scanned: number; files: { file: string; hits: string[] }[] };
  ok: boolean;
}

const MIN = 60_000;
const TOKEN = randomBytes(18).toString('hex');

/** A free port on 127.0.0.1, kept for every restart of serve (the dealers' webhooks point at it). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

export async function runSoak(o: SoakOptions): Promise<SoakSummary> {
  const log = o.log ?? ((l: string) => process.stderr.write(`soak: ${l}\n`));
  const cli = packagePath('dist', 'cli.js');
  if (!existsSync(cli)) throw new UsageError(`${cli} is missing: run \`npm run build\` first (the soak runs the built CLI)`);
  const bin = packagePath('bin', 'dealerbot.js');
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'dealerbot-soak-'));
  mkdirSync(dir, { recursive: true });
  const db = join(dir, 'bot.db');
  if (existsSync(db)) throw new UsageError(`${db} exists: give --dir a new folder (the soak counts everything in its database)`);
  const t0 = Date.now();
  const deadline = t0 + o.minutes * MIN;

  const gateway = new FakeGateway();
  const gatewayUrl = await gateway.listen(0);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = join(dir, 'bot.json');
  writeFileSync(
    config,
    JSON.stringify(
      {
        mode: 'auto',
        outbound: { kind: 'android-gateway' },
        androidGateway: { url: gatewayUrl, username: 'soak', password: 'soak' },
        generic: { token: TOKEN },
        timeScale: o.timeScale,
        rateLimitPerMinute: 10_000,
        caps: { perNumberPerDay: 200, globalPerDay: 1_000_000 },
      },
      null,
      2,
    ),
  );

  // --- serve, started and killed ---------------------------------------------------------------
  let child: ChildProcess | null = null;
  let starts = 0;
  let kills = 0;
  const startServe = async (): Promise<void> => {
    const logFile = join(dir, `serve-${String(starts).padStart(3, '0')}.log`);
    const out = openSync(logFile, 'a');
    const c = spawn(process.execPath, [bin, 'serve', '--model', o.model, '--db', db, '--config', config, '--port', String(port)], { stdio: ['ignore', out, out] });
    closeSync(out);
    starts++;
    child = c;
    const until = Date.now() + 60_000;
    for (;;) {
      if (c.exitCode !== null || c.signalCode !== null) throw new Error(`serve exited at start (${c.exitCode ?? c.signalCode}); see ${logFile}`);
      if (/serving on http/.test(readFileSync(logFile, 'utf8'))) return;
      if (Date.now() > until) throw new Error(`serve did not start within 60 s; see ${logFile}`);
      await sleep(50);
    }
  };
  const stopServe = async (signal: 'SIGKILL' | 'SIGTERM'): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    await exited;
    child = null;
  };
  const killChild = () => void (child as ChildProcess | null)?.kill('SIGKILL');
  process.once('exit', killChild);

  await startServe();
  log(`serve on ${url}, fake gateway on ${gatewayUrl}, folder ${dir}; ${o.minutes} min, kill -9 every ${o.killEvery} min, ${o.concurrency} dealers at ${o.timeScale}×`);

  // --- what the gateway receives ------------------------------------------------------------------
  const textsTo = new Map<string, Set<string>>();
  let repeated = 0;
  const active = new Map<string, (m: GatewayMessage) => void>();
  /** the finish() of every conversation under way, for the end of the soak */
  const finishers = new Set<() => void>();
  gateway.onMessage = (m) => {
    let seen = textsTo.get(m.to);
    if (!seen) textsTo.set(m.to, (seen = new Set()));
    if (seen.has(m.text)) {
      repeated++;
      log(`repeat to a dealer: outbox ${m.id}`);
    }
    seen.add(m.text);
    active.get(m.to)?.(m);
  };

  // --- the dealers ---------------------------------------------------------------------------------
  const runId = `soak${randomBytes(4).toString('hex')}`;
  const client = new WebhookClient({ url, inbound: { kind: 'generic', token: TOKEN }, retries: 6, retryMs: 500 });
  const acked = new Set<string>();
  let messages = 0;
  const numbers: string[] = [];
  const matcher = new TacticMatcher();
  const text = dealerText();
  const mix = defaultPersonaMix();
  // wall-time windows: a dealer takes a silence of 90 simulated minutes (at most a real minute)
  // as go_silent, and gives up on a number that has not answered its promo within two hours
  const silenceSimMs = 90 * MIN;
  const silenceWallMs = Math.min(silenceSimMs / o.timeScale, 60_000);
  const firstReplyWallMs = Math.min((120 * MIN) / o.timeScale, 120_000);
  const episodeWallMs = 15 * MIN;
  let stopping = false;
  let started = 0;
  let finished = 0;

  const episode = (k: number): Promise<void> =>
    new Promise((resolve) => {
      const seed = `${o.seed}:${k}`;
      const dealer = LiveDealer.of(mix, seed, matcher, text);
      const number = dealerNumber(runId, k);
      numbers.push(number);
      let seq = 0;
      let pending = 0;
      let chain = Promise.resolve();
      let timer: NodeJS.Timeout | null = null;
      let answered = false;
      let done = false;
      const end = setTimeout(() => finish(), episodeWallMs);
      const finish = () => {
        if (done) return;
        done = true;
        finishers.delete(finish);
        if (timer) clearTimeout(timer);
        clearTimeout(end);
        active.delete(number);
        finished++;
        resolve();
      };
      const settle = () => {
        if (done || pending > 0) return;
        if (dealer.done || stopping) return finish();
        if (timer) clearTimeout(timer);
        timer = answered
          ? setTimeout(() => {
              timer = null;
              if (!done && !dealer.done) send(dealer.onSilence(silenceSimMs));
            }, silenceWallMs)
          : setTimeout(finish, firstReplyWallMs);
      };
      const send = (msgs: DealerMessage[]) => {
        const now = Date.now();
        for (const m of msgs) {
          pending++;
          const due = now + m.afterMs / o.timeScale;
          const id = `${runId}-${k}-${seq++}`;
          chain = chain.then(async () => {
            await sleep(Math.min(due - Date.now(), episodeWallMs));
            if (!stopping && !done) {
              messages++;
              if (await client.send(number, m.text, id)) acked.add(id);
            }
            pending--;
          });
        }
        void chain.then(settle);
      };
      finishers.add(finish);
      active.set(number, (m) => {
        if (done || dealer.done) return;
        if (timer) clearTimeout(timer), (timer = null);
        answered = true;
        send(dealer.onReply(m.text).messages);
        if (dealer.done) void chain.then(settle);
      });
      send(dealer.start());
    });

  const slots = Array.from({ length: o.concurrency }, async (_, w) => {
    await sleep((w * 10_000) / o.concurrency); // a promo blast spreads over ten seconds
    while (!stopping && Date.now() < deadline && started < o.maxEpisodes) await episode(started++);
  });

  // --- kill -9 every few minutes, /health every five seconds ------------------------------------
  const samples: Record<string, number> = {};
  const reasons = new Set<string>();
  let restarting = false;
  const healthTimer = setInterval(() => {
    if (restarting) return;
    void fetch(`${url}/health`, { signal: AbortSignal.timeout(4000) })
      .then(async (r) => {
        const h = (await r.json()) as { status?: string; reasons?: string[] };
        const s = String(h.status ?? r.status);
        samples[s] = (samples[s] ?? 0) + 1;
        for (const x of h.reasons ?? []) reasons.add(x.replace(/\d+/g, 'N'));
      })
      .catch(() => void (samples.unreachable = (samples.unreachable ?? 0) + 1));
  }, 5000);
  const killer = (async () => {
    for (let next = t0 + o.killEvery * MIN; next < deadline; next += o.killEvery * MIN) {
      await sleep(next - Date.now());
      if (Date.now() >= deadline) break;
      restarting = true;
      await stopServe('SIGKILL');
      kills++;
      log(`kill -9 #${kills} at ${((Date.now() - t0) / MIN).toFixed(1)} min; ${acked.size} acknowledged so far`);
      await startServe();
      restarting = false;
    }
  })();
  const progress = setInterval(() => log(`${((Date.now() - t0) / MIN).toFixed(1)} min: ${started} conversations, ${acked.size} messages acknowledged, ${gateway.received} replies`), 60_000);

  await killer;
  await sleep(deadline - Date.now());
  stopping = true; // dealers stop writing; conversations under way end here
  for (const f of [...finishers]) f();
  await Promise.race([Promise.all(slots), sleep(MIN)]);
  clearInterval(progress);
  clearInterval(healthTimer);
  client.close();

  // --- let serve finish what it accepted, then look ------------------------------------------------
  // (replies due within the next few simulated minutes go out; a go_silent's later decision is
  // left scheduled: its dealer has stopped listening)
  await sleep(Math.min(10 * MIN / o.timeScale, 30_000));
  const drainUntil = Date.now() + MIN;
  while (Date.now() < drainUntil) {
    const s = Store.open(db, 'read');
    const idle = (s.queueCounts().sending ?? 0) === 0 && s.undecided().count === 0;
    s.close();
    if (idle) break;
    await sleep(500);
  }
  const status = spawnSync(process.execPath, [bin, 'status', '--db', db, '--json'], { encoding: 'utf8' });
  writeFileSync(join(dir, 'status.json'), status.stdout + status.stderr);
  await stopServe('SIGTERM');
  process.off('exit', killChild);
  const keyFile = join(dir, 'export.key');
  writeFileSync(keyFile, randomBytes(24).toString('hex'));
  const exp = spawnSync(process.execPath, [bin, 'export', '--db', db, '--out', join(dir, 'export.jsonl'), '--key-file', keyFile, '--json'], { encoding: 'utf8' });
  writeFileSync(join(dir, 'export.out'), exp.stdout + exp.stderr);
  await gateway.close();

  const store = Store.open(db, 'read');
  let stored = 0;
  for (const id of acked) if (store.seenInbound('generic', id) !== undefined) stored++;
  const inboundEvents = store.conversations().reduce((n, c) => n + store.events(c.id).filter((e) => e.direction === 'in').length, 0);
  const inboundIds = store.rowCount('inbound_ids');
  store.close();

  const files = scanForNumbers(dir, numbers, new Set(['bot.db', 'bot.db-wal', 'bot.db-shm', 'export.key', 'bot.json', 'summary.json']));
  const summary: SoakSummary = {
    dir,
    minutes: o.minutes,
    wall_seconds: Math.round((Date.now() - t0) / 1000),
    kills,
    starts,
    episodes: { started, finished },
    webhooks: { messages, acknowledged: acked.size, not_acknowledged: messages - acked.size, requests: client.stats.requests, status: client.stats.status },
    stored,
    lost: acked.size - stored,
    duplicated: { inbound_stored_twice: inboundEvents - inboundIds, outbound_sent_twice: gateway.duplicates },
    replies: gateway.received,
    repeated,
    health: { samples, reasons: [...reasons].sort() },
    raw_numbers: files,
    ok: false,
  };
  summary.ok = summary.lost === 0 && summary.duplicated.inbound_stored_twice === 0 && summary.duplicated.outbound_sent_twice === 0 && repeated === 0 && files.files.length === 0;
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}

/**
 * Every file the soak left (logs, status, export), scanned for the dealers' raw numbers: seven
 * consecutive digits of one in a run of digits (separators dropped), or any span the redaction
 * would still replace. The database is left out: it must hold the numbers to reply.
 */
export function scanForNumbers(dir: string, numbers: readonly string[], skip: ReadonlySet<string>): SoakSummary['raw_numbers'] {
  const out: SoakSummary['raw_numbers'] = { files_scanned: 0, files: [] };
  const windows = new Set<string>();
  for (const n of numbers) {
    const d = n.replace(/\D/g, '');
    for (let i = 0; i + 7 <= d.length; i++) windows.add(d.slice(i, i + 7));
  }
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (skip.has(name) || !statSync(path).isFile()) continue;
    out.files_scanned++;
    const text = readFileSync(path, 'utf8');
    const hits: string[] = [];
    for (const [lineNo, line] of text.split('\n').entries()) {
      // a JSON line: only its strings (a propensity's sixteen decimals are no phone number)
      const parts = jsonStrings(line);
      const leak = parts.some((part) => {
        const runs = [...part.normalize('NFKC').matchAll(/\d(?:[\s().\/~-]*\d)*/g)].map((m) => m[0].replace(/\D/g, ''));
        return runs.some((r) => [...windows].some((w) => r.includes(w))) || redactNumbers(part) !== part;
      });
      if (leak) hits.push(`line ${lineNo + 1}`);
      if (hits.length >= 5) break;
    }
    if (hits.length) out.files.push({ file: name, hits });
  }
  return out;
}

/** The string values of a JSON line (keys included), or the line itself when it is not JSON. */
function jsonStrings(line: string): string[] {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return [line];
  }
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (typeof x === 'string') out.push(x);
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) out.push(k), walk(y);
  };
  walk(v);
  return out;
}

function printSummary(s: SoakSummary): void {
  const w = (l: string) => process.stdout.write(l + '\n');
  w(`soak: ${s.minutes} min (${s.wall_seconds} s), ${s.kills} kill -9, ${s.starts} starts of serve, ${s.episodes.started} conversations`);
  w(`messages: ${s.webhooks.acknowledged} acknowledged, ${s.stored} stored, ${s.lost} lost (${s.webhooks.not_acknowledged} never acknowledged: sent while serve was down)`);
  w(`duplicated: ${s.duplicated.inbound_stored_twice} messages stored twice, ${s.duplicated.outbound_sent_twice} replies sent twice`);
  w(`replies: ${s.replies}, repeated (same text to the same number): ${s.repeated}`);
  w(`/health: ${JSON.stringify(s.health.samples)}${s.health.reasons.length ? `; reasons seen: ${s.health.reasons.join(' | ')}` : ''}`);
  w(`raw phone numbers: ${s.raw_numbers.files.length ? s.raw_numbers.files.map((f) => `${f.file} (${f.hits.join(', ')})`).join('; ') : 'none'} in ${s.raw_numbers.files_scanned} files`);
  w(`${s.ok ? 'OK' : 'NOT OK'}; everything is in ${s.dir} (summary.json)`);
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('soak')
    .description('simulated dealers against a real serve, killed with -9 every few minutes; counts lost, duplicated and repeated messages')
    .addOption(option('--minutes <m>', 'how long', positiveNumber(), 60))
    .addOption(option('--kill-every <m>', 'minutes between two kill -9 of serve', positiveNumber(), 3))
    .addOption(option('--concurrency <n>', 'dealers in conversation at the same time', integer({ min: 1, max: 500 }), 30))
    .addOption(option('--time-scale <x>', "serve's timeScale (simulated minutes per real minute)", positiveNumber(), 120))
    .addOption(option('--max-episodes <n>', 'most conversations in all', integer({ min: 1 }), 100_000))
    .addOption(option('--seed <s>', 'seed of the dealers', integer({ min: 0 }), 1))
    .option('--model <dir>', 'policy bundle', packagePath('models', 'default'))
    .option('--dir <dir>', 'folder for the database, logs and outputs (default: a new temporary one)')
    .option('--json', 'print the summary as one JSON object')
    .exitOverride();
  program.parse(argv);
  const f = program.opts();
  const s = await runSoak({
    minutes: f.minutes,
    killEvery: f.killEvery,
    concurrency: f.concurrency,
    timeScale: f.timeScale,
    maxEpisodes: f.maxEpisodes,
    seed: f.seed,
    model: f.model,
    dir: f.dir,
  });
  if (f.json) process.stdout.write(JSON.stringify(s) + '\n');
  else printSummary(s);
  process.exitCode = s.ok ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv).then(
    () => process.exit(),
    (e: unknown) => {
      const code = (e as { code?: string }).code;
      if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exit(0);
      process.stderr.write(`soak: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
