// Benchmark: reply rendering and state features. Run: npx tsx scripts/bench/features.ts
// Prints one JSON object; figures are medians over repeated runs on pre-built, seeded inputs.
// Each figure is given in CPU time of this process (process.cpuUsage) and in wall time: on a
// shared machine (load above the core count) wall time mostly measures waiting for a core.
import { median } from '../../lib/ci.js';
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { DEALER_ACTS } from '../../core/acts.js';
import { defaultCatalogue } from '../../catalogue/catalogue.js';
import { createRenderer } from '../../catalogue/render.js';
import { createEncoder, encodeConversation, FEATURE_SIZE } from '../../core/features/index.js';
import type { ObservedEvent } from '../../core/observation.js';
import { Rng } from '../../lib/random.js';
import { TACTICS } from '../../core/tactics.js';
import type { TranscriptEvent } from '../../core/transcript.js';

export interface FeaturesBenchOptions {
  runs?: number;
  /** conversations per feature run */
  conversations?: number;
  /** turns per conversation; a turn = one dealer message + our decision */
  turns?: number;
  /** renders per rendering run */
  renders?: number;
  seed?: number;
}

export interface FeaturesBenchResult {
  benchmark: 'features';
  runs: number;
  turns: number;
  feature_size: number;
  /** CPU time */
  renders_per_s: number;
  encode_us_per_conversation: number;
  encode_final_only_us_per_conversation: number;
  replay_transcript_us_per_conversation: number;
  wall: { renders_per_s: number; encode_us_per_conversation: number; encode_final_only_us_per_conversation: number; replay_transcript_us_per_conversation: number };
  goal_us: number;
  /** encode_us_per_conversation / goal_us (CPU time) */
  goal_ratio: number;
  load_avg_1m: number;
  cores: number;
  node: string;
}

/** Runs fn and returns [cpu ms, wall ms]. */
function timed(fn: () => void): [number, number] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return [(c.user + c.system) / 1000, wall];
}

function conversationEvents(rng: Rng, turns: number): ObservedEvent[] {
  let t = Date.UTC(2026, 9, 3, 20, 0) + rng.int(86_400_000);
  const out: ObservedEvent[] = [];
  for (let i = 0; i < turns; i++) {
    t += Math.round(rng.logNormal(11.5, 1));
    out.push({ tMs: t, direction: 'in', kind: 'sms', chars: 10 + rng.int(120), act: rng.pick(DEALER_ACTS), lang: rng.bool(0.8) ? 'nl' : 'en' });
    t += Math.round(rng.logNormal(12, 1));
    const wait = rng.bool(0.1);
    out.push({ tMs: t, direction: 'out', kind: wait ? 'wait' : 'sms', chars: wait ? 0 : 10 + rng.int(60), tactic: wait ? 'go_silent' : rng.pick(TACTICS) });
  }
  return out;
}

export function runFeaturesBench(opts: FeaturesBenchOptions = {}): FeaturesBenchResult {
  const runs = opts.runs ?? 7;
  const nConv = opts.conversations ?? 2000;
  const turns = opts.turns ?? 100;
  const nRenders = opts.renders ?? 20_000;
  const rng = new Rng(opts.seed ?? 1);
  const catalogue = defaultCatalogue();

  // rendering: fresh 200-turn conversations, tactics in turn, mostly Dutch
  const renderCpu: number[] = [];
  const renderWall: number[] = [];
  for (let run = 0; run < runs + 1; run++) {
    const r0 = new Rng(1000 + run);
    const [cpu, wall] = timed(() => {
      let renderer = createRenderer({ rng: r0.fork('c'), catalogue });
      for (let i = 0; i < nRenders; i++) {
        if (i % 200 === 199) renderer = createRenderer({ rng: r0.fork(i), catalogue });
        renderer.render(TACTICS[i % TACTICS.length]!, i % 5 ? 'nl' : 'en');
      }
    });
    if (run > 0) {
      // run 0 warms up the JIT
      renderCpu.push(nRenders / (cpu / 1000));
      renderWall.push(nRenders / (wall / 1000));
    }
  }

  const convs = Array.from({ length: nConv }, () => conversationEvents(rng, turns));
  const enc = createEncoder();
  const buf = new Float32Array(turns * FEATURE_SIZE);
  const full: [number[], number[]] = [[], []];
  const finalOnly: [number[], number[]] = [[], []];
  const perConv = (ms: number) => (ms * 1000) / nConv;
  for (let run = 0; run < runs + 1; run++) {
    // the replay/runtime workload: push every event, write the vector before each decision
    const a = timed(() => {
      for (const c of convs) {
        enc.reset();
        let row = 0;
        for (let i = 0; i < c.length; i++) {
          const e = c[i]!;
          if (e.direction === 'out') enc.write(buf, row++ * FEATURE_SIZE);
          enc.push(e);
        }
      }
    });
    // one vector for the whole prefix: push every event, write once
    const b = timed(() => {
      for (const c of convs) {
        enc.reset();
        for (let i = 0; i < c.length; i++) enc.push(c[i]!);
        enc.write(buf, 0);
      }
    });
    if (run > 0) {
      full[0].push(perConv(a[0]));
      full[1].push(perConv(a[1]));
      finalOnly[0].push(perConv(b[0]));
      finalOnly[1].push(perConv(b[1]));
    }
  }

  // transcript replay: ISO timestamps parsed, a fresh vector block per conversation
  const transcripts: TranscriptEvent[][] = convs.slice(0, 500).map((c, k) =>
    c.map((e) => ({
      conversation: `c${k}`,
      counterpart: 'p_0000000000000000',
      ts: new Date(e.tMs).toISOString(),
      direction: e.direction,
      kind: e.kind,
      text: 'x'.repeat(e.chars ?? 0),
      ...(e.act ? { act: e.act } : {}),
      ...(e.tactic ? { tactic: e.tactic } : {}),
    })),
  );
  const replay: [number[], number[]] = [[], []];
  for (let run = 0; run < runs + 1; run++) {
    const [cpu, wall] = timed(() => {
      for (const t of transcripts) encodeConversation(t);
    });
    if (run > 0) {
      replay[0].push((cpu * 1000) / transcripts.length);
      replay[1].push((wall * 1000) / transcripts.length);
    }
  }

  const encodeUs = median(full[0]);
  return {
    benchmark: 'features',
    runs,
    turns,
    feature_size: FEATURE_SIZE,
    renders_per_s: Math.round(median(renderCpu)),
    encode_us_per_conversation: round2(encodeUs),
    encode_final_only_us_per_conversation: round2(median(finalOnly[0])),
    replay_transcript_us_per_conversation: round2(median(replay[0])),
    wall: {
      renders_per_s: Math.round(median(renderWall)),
      encode_us_per_conversation: round2(median(full[1])),
      encode_final_only_us_per_conversation: round2(median(finalOnly[1])),
      replay_transcript_us_per_conversation: round2(median(replay[1])),
    },
    goal_us: 50,
    goal_ratio: round2(encodeUs / 50),
    load_avg_1m: round2(loadavg()[0]!),
    cores: availableParallelism(),
    node: process.version,
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(JSON.stringify(runFeaturesBench()) + '\n');
}
