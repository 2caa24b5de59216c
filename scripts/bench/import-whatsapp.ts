// WhatsApp import benchmark: a generated Android "Export chat" (nl, 24-hour clock, default 20 MB:
// one dealer and the bot, a multi-line message every 10, a media line every 25, a notice every
// 1,000) imported end to end (read + dates + pseudonymise + segment + write JSONL) in a child
// process, for MB/s, messages/s and peak RSS; the same file gzipped as a second case.
// Run: npm run build && npx tsx scripts/bench/import-whatsapp.ts [--mb 20] [--runs 5]
import { spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { packageRoot } from '../../lib/package-root.js';
import { Rng } from '../../lib/random.js';
import { median } from '../../lib/ci.js';

const DEALER = ['Nieuwe lading binnen 🔥 top kwaliteit, 10e/g', 'Aan het station om 20u', 'Waar ben je?? ik sta hier', '3 voor 130, laatste prijs', 'bel me'];
const BOT = ['hoeveel voor 5g?', 'te duur man', 'ok morgen misschien', 'sorry bus had vertraging', 'waar precies?'];

export async function generateChat(path: string, mb: number, seed = 1): Promise<{ bytes: number; messages: number }> {
  const rng = new Rng(seed);
  const out = createWriteStream(path);
  const target = mb * 1_000_000;
  let bytes = 0;
  let messages = 0;
  let t = Date.UTC(2025, 0, 1);
  const two = (n: number) => String(n).padStart(2, '0');
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  for (let i = 0; bytes < target; i++) {
    t += 1000 * 60 * (1 + Math.floor(rng.next() * 90));
    const d = new Date(t);
    const stamp = `${two(d.getUTCDate())}-${two(d.getUTCMonth() + 1)}-${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} - `;
    if (i % 1000 === 0) {
      await write(`${stamp}Berichten en oproepen zijn end-to-end versleuteld. Tik voor meer info.\n`);
      continue;
    }
    const dealer = rng.next() < 0.6;
    const texts = dealer ? DEALER : BOT;
    const text = i % 25 === 0 ? '<Media weggelaten>' : `${texts[Math.floor(rng.next() * texts.length)]!} #${i}${i % 10 === 0 ? '\nen nog iets\nop drie regels' : ''}`;
    await write(`${stamp}${dealer ? '+32 470 00 01 01' : 'Tom'}: ${text}\n`);
    messages++;
  }
  out.end();
  await once(out, 'finish');
  return { bytes, messages };
}

interface Measured {
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
}

function timed(cmd: string, args: string[]): Measured {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', cmd, ...args], { encoding: 'utf8', env: { ...process.env, DEALERBOT_KEY: 'bench' }, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.slice(0, 500)}`);
  const [sec, kb, user, sys] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds: sec!, cpuSeconds: user! + sys!, maxRssMb: kb! / 1024 };
}

export async function runWhatsappBench(opts: { mb?: number; runs?: number } = {}) {
  const mb = opts.mb ?? 20;
  const runs = opts.runs ?? 5;
  const file = join(tmpdir(), `dealerbot-bench-wa-${process.pid}.txt`);
  const gz = `${file}.gz`;
  const out = join(tmpdir(), `dealerbot-bench-wa-${process.pid}.jsonl`);
  const root = packageRoot();
  try {
    const { messages } = await generateChat(file, mb);
    writeFileSync(gz, gzipSync(readFileSync(file)));
    const size = statSync(file).size / 1e6;
    const plain: Measured[] = [];
    const zipped: Measured[] = [];
    const load: number[] = [];
    const args = (f: string) => [join(root, 'bin', 'dealerbot.js'), 'data', 'import', f, '--me', 'Tom', '--out', out, '--json'];
    for (let i = 0; i < runs; i++) {
      load.push(loadavg()[0]!);
      plain.push(timed(process.execPath, args(file)));
      zipped.push(timed(process.execPath, args(gz)));
    }
    const summary = (ms: Measured[]) => {
      const sec = median(ms.map((m) => m.seconds));
      const cpu = median(ms.map((m) => m.cpuSeconds));
      return {
        seconds: sec,
        mb_per_s: Number((size / sec).toFixed(1)),
        messages_per_s: Math.round(messages / sec),
        cpu_seconds: Number(cpu.toFixed(2)),
        peak_rss_mb: Number(Math.max(...ms.map((m) => m.maxRssMb)).toFixed(0)),
        runs_seconds: ms.map((m) => m.seconds),
      };
    };
    return {
      benchmark: 'import-whatsapp',
      file_mb: Number(size.toFixed(1)),
      gzip_mb: Number((statSync(gz).size / 1e6).toFixed(1)),
      messages,
      runs,
      load_average_1min: load.map((l) => Number(l.toFixed(2))),
      txt: summary(plain),
      gzip: summary(zipped),
    };
  } finally {
    for (const f of [file, gz, out, out.replace(/\.jsonl$/, '.rejects.jsonl')]) rmSync(f, { force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (n: string) => {
    const i = process.argv.indexOf(n);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  console.log(JSON.stringify(await runWhatsappBench({ mb: arg('--mb'), runs: arg('--runs') }), null, 2));
}
