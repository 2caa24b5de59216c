// Import benchmark: a generated SMS Backup & Restore file (default 200 MB: SMS plus MMS with
// base64 pictures, like real backups) imported end to end (parse + pseudonymise + segment +
// write JSONL) in a child process, for MB/s and peak RSS; `xmllint --stream --noout` on the
// same file as the peer. Run: npx tsx scripts/bench/import.ts [--mb 200] [--runs 3]
// [--baseline DIR]: also times the built CLI of another checkout (DIR/bin/dealerbot.js, e.g. the
// commit before a change), alternating with ours on the same file, and gives the ratio.
import { packageRoot } from '../../lib/package-root.js';
import { spawnSync } from 'node:child_process';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../lib/random.js';
import { median } from '../../lib/ci.js';

const TEXTS = ['Nieuwe lading binnen &#55357;&#56613; top kwaliteit, 10e/g', 'hoeveel voor 5g?', 'Aan het station om 20u', 'Where are you? I am here', 'Stop wasting my time &#55357;&#56864;'];

/** `rawEmoji`: the same file with the emoji as UTF-8 instead of surrogate references, for
 * xmllint (which, like every strict parser, stops at the first surrogate reference). */
export async function generateBackup(path: string, mb: number, seed = 1, rawEmoji = false): Promise<number> {
  const rng = new Rng(seed);
  const out = createWriteStream(path);
  const target = mb * 1_000_000;
  let bytes = 0;
  let t = Date.UTC(2025, 0, 1);
  const picture = 'A'.repeat(60_000);
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(`<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count="0" backup_set="bench">\n`);
  for (let i = 0; bytes < target; i++) {
    t += 1000 + Math.floor(rng.next() * 3_600_000);
    const num = `+44 7700 900${String(Math.floor(rng.next() * 1000)).padStart(3, '0')}`;
    const t0 = TEXTS[Math.floor(rng.next() * TEXTS.length)]!;
    const body = rawEmoji ? t0.replace('&#55357;&#56613;', '\u{1F525}').replace('&#55357;&#56864;', '\u{1F620}') : t0;
    if (i % 50 === 49) {
      await write(
        `  <mms date="${t}" msg_box="1" address="${num}" m_type="132"><parts><part seq="0" ct="image/jpeg" name="p.jpg" text="null" data="${picture}" /><part seq="1" ct="text/plain" text="${body}" /></parts><addrs><addr address="${num}" type="137" charset="106" /></addrs></mms>\n`,
      );
    } else {
      await write(
        `  <sms protocol="0" address="${num}" date="${t}" type="${rng.next() < 0.5 ? 1 : 2}" subject="null" body="${body} #${i}" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="${t}" sub_id="1" readable_date="x" contact_name="(Unknown)" />\n`,
      );
    }
  }
  await write('</smses>\n');
  out.end();
  await once(out, 'finish');
  return bytes;
}

interface Measured {
  seconds: number;
  /** user + system CPU: on a shared, loaded machine the steadier figure */
  cpuSeconds: number;
  maxRssMb: number;
}

function timed(cmd: string, args: string[], okStatus = [0]): Measured {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', cmd, ...args], { encoding: 'utf8', env: { ...process.env, DEALERBOT_KEY: 'bench' }, maxBuffer: 1 << 26 });
  if (!okStatus.includes(r.status ?? -1)) throw new Error(`${cmd} failed: ${r.stderr.slice(0, 500)}`);
  const [sec, kb, user, sys] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds: sec!, cpuSeconds: user! + sys!, maxRssMb: kb! / 1024 };
}

export async function runImportBench(opts: { mb?: number; runs?: number; baseline?: string } = {}) {
  const mb = opts.mb ?? 200;
  const runs = opts.runs ?? 3;
  const file = join(tmpdir(), `dealerbot-bench-${process.pid}.xml`);
  const out = join(tmpdir(), `dealerbot-bench-${process.pid}.jsonl`);
  const peerFile = join(tmpdir(), `dealerbot-bench-${process.pid}-utf8.xml`);
  const root = packageRoot(); // works from source (tsx) and from dist/
  try {
    await generateBackup(file, mb);
    await generateBackup(peerFile, mb, 1, true);
    const size = statSync(file).size / 1e6;
    const ours: Measured[] = [];
    const xmllint: Measured[] = [];
    const base: Measured[] = [];
    const load: number[] = [];
    for (let i = 0; i < runs; i++) {
      load.push(loadavg()[0]!);
      ours.push(timed(process.execPath, [join(root, 'bin', 'dealerbot.js'), 'data', 'import', file, '--out', out, '--json']));
      if (opts.baseline) base.push(timed(process.execPath, [join(opts.baseline, 'bin', 'dealerbot.js'), 'data', 'import', file, '--out', out, '--json']));
      xmllint.push(timed('xmllint', ['--stream', '--noout', peerFile]));
    }
    const summary = (ms: Measured[]) => {
      const sec = median(ms.map((m) => m.seconds));
      const cpu = median(ms.map((m) => m.cpuSeconds));
      return {
        seconds: sec,
        mb_per_s: Number((size / sec).toFixed(1)),
        cpu_seconds: Number(cpu.toFixed(2)),
        mb_per_cpu_s: Number((size / cpu).toFixed(1)),
        peak_rss_mb: Number(Math.max(...ms.map((m) => m.maxRssMb)).toFixed(0)),
        runs_seconds: ms.map((m) => m.seconds),
      };
    };
    const d = summary(ours);
    const x = summary(xmllint);
    return {
      benchmark: 'import',
      file_mb: Number(size.toFixed(1)),
      runs,
      load_average_1min: load.map((l) => Number(l.toFixed(2))),
      dealerbot: d,
      xmllint: x,
      ratio_time_vs_xmllint: Number((d.seconds / x.seconds).toFixed(2)),
      ratio_cpu_vs_xmllint: Number((d.cpu_seconds / x.cpu_seconds).toFixed(2)),
      ...(opts.baseline
        ? (() => {
            const b = summary(base);
            return { baseline: { dir: opts.baseline, ...b }, ratio_time_vs_baseline: Number((d.seconds / b.seconds).toFixed(3)), ratio_cpu_vs_baseline: Number((d.cpu_seconds / b.cpu_seconds).toFixed(3)) };
          })()
        : {}),
    };
  } finally {
    rmSync(file, { force: true });
    rmSync(out, { force: true });
    rmSync(peerFile, { force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (n: string) => {
    const i = process.argv.indexOf(n);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const b = process.argv.indexOf('--baseline');
  console.log(JSON.stringify(await runImportBench({ mb: arg('--mb'), runs: arg('--runs'), ...(b > 0 ? { baseline: process.argv[b + 1] } : {}) }), null, 2));
}
