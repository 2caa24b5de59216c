// Simulator benchmarks: act-level and text-level steps per second on one core, and the
// baseline table (mean dealer-minutes with 95% CIs) on the default and held-out mixes.
//   npx tsx scripts/bench/sim.ts            speed only
//   npx tsx scripts/bench/sim.ts --table N  speed + the baselines over N conversations
import { median } from '../../lib/ci.js';
import { Rng } from '../../lib/random.js';
import { NUM_TACTICS, TACTICS } from '../../core/tactics.js';
import { DealerSim } from '../../trainer/sim/dealer.js';
import { defaultPersonaMix, heldoutPersonaMix, type PersonaMix } from '../../trainer/sim/persona.js';
import { BASELINES, baselinePolicy } from '../../trainer/sim/policies/index.js';
import { simulatePolicy, type SimulateSummary } from '../../trainer/sim/simulate.js';

export interface SpeedResult {
  level: 'act' | 'text';
  steps: number;
  /** median over repeats, per second of CPU time of this process (robust to a shared machine) */
  steps_per_s: number;
  /** median over repeats, per second of wall-clock time */
  steps_per_wall_s: number;
  runs: number[];
}

/** Steps a DealerSim with a cheap uniform-over-allowed chooser (no policy, no encoder). */
export function runSimSpeed(level: 'act' | 'text', steps: number, repeats = 5, mix: PersonaMix = defaultPersonaMix()): SpeedResult {
  const personas = mix.personas.map((p) => p.persona);
  const weights = mix.personas.map((p) => p.weight);
  const runs: number[] = [];
  const wall: number[] = [];
  for (let rep = 0; rep < repeats; rep++) {
    const rng = new Rng(rep + 1);
    const choose = new Rng(rep + 100);
    const sim = new DealerSim(rng, { text: level === 'text' });
    const mask = new Uint8Array(NUM_TACTICS);
    const allowed = new Int32Array(NUM_TACTICS);
    sim.reset(personas[rng.categorical(weights)]!);
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    for (let i = 0; i < steps; i++) {
      if (sim.done) sim.reset(personas[rng.categorical(weights)]!);
      sim.mask(mask);
      let n = 0;
      for (let a = 0; a < NUM_TACTICS; a++) if (mask[a]) allowed[n++] = a;
      sim.step(allowed[choose.int(n)]!);
    }
    const c = process.cpuUsage(c0);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    runs.push(steps / ((c.user + c.system) / 1e6));
    wall.push(steps / s);
  }
  return { level, steps, steps_per_s: median(runs), steps_per_wall_s: median(wall), runs };
}

/** The four baselines plus the `varied` headroom probe, same seed and conversations for each. */
export function runSimTable(episodes: number, seed = 1, mix: PersonaMix = defaultPersonaMix(), names: readonly string[] = [...BASELINES, 'varied']): SimulateSummary[] {
  return names.map((name) => {
    const t0 = Date.now();
    const s = simulatePolicy(baselinePolicy(name), {
      mix,
      episodes,
      seed,
      onProgress: (d, n) => {
        if (d % 1000 === 0) process.stderr.write(`  ${mix.name} ${name}: ${d}/${n} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
      },
    });
    return s;
  });
}

/** Every single tactic repeated forever: overall mean and the best tactic per persona. */
export function runConstantTable(episodes: number, seed = 1, mix: PersonaMix = defaultPersonaMix()) {
  const rows = TACTICS.map((t) => simulatePolicy(baselinePolicy(`constant:${t}`), { mix, episodes, seed }));
  const best: Record<string, { tactic: string; minutes: number }> = {};
  for (const r of rows)
    for (const [persona, v] of Object.entries(r.by_persona))
      if (!best[persona] || v.dealer_minutes.mean > best[persona].minutes) best[persona] = { tactic: r.policy.slice('constant:'.length), minutes: v.dealer_minutes.mean };
  const top = rows.reduce((a, b) => (b.dealer_minutes.mean > a.dealer_minutes.mean ? b : a));
  return { rows, best, top };
}

function row(s: SimulateSummary, ref: number): string {
  const d = s.dealer_minutes;
  return `| ${s.policy} | ${d.mean.toFixed(2)} | ${d.ci95[0].toFixed(2)} – ${d.ci95[1].toFixed(2)} | ${(d.mean / ref).toFixed(2)} | ${s.dealer_messages.toFixed(1)} | ${s.calls.toFixed(2)} | ${s.no_shows.toFixed(2)} | ${(s.burn_rate * 100).toFixed(1)}% | ${s.span_hours.toFixed(1)} |`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const ti = args.indexOf('--table');
  const act = runSimSpeed('act', 2_000_000);
  const fmt = (r: SpeedResult) =>
    `${Math.round(r.steps_per_s).toLocaleString('en')} steps per CPU-second (wall: ${Math.round(r.steps_per_wall_s).toLocaleString('en')}/s; median of ${r.runs.length} runs of ${r.steps.toLocaleString('en')})`;
  console.log(`act-level:  ${fmt(act)}`);
  const text = runSimSpeed('text', 300_000);
  console.log(`text-level: ${fmt(text)}`);
  if (ti >= 0) {
    const n = Number(args[ti + 1] ?? 5000);
    for (const mix of [defaultPersonaMix(), heldoutPersonaMix()]) {
      const rows = runSimTable(n, 1, mix);
      const h = rows.find((r) => r.policy === 'heuristic')!.dealer_minutes.mean;
      console.log(`\n${mix.name} mix, ${n} conversations each, seed 1\n`);
      console.log('| policy | dealer-minutes | 95% CI | × heuristic | messages | calls | no-shows | burn | span h |');
      console.log('|---|---|---|---|---|---|---|---|---|');
      for (const r of rows) console.log(row(r, h));
      const c = runConstantTable(n, 1, mix);
      console.log(`\nbest single repeated tactic: ${c.top.policy} ${c.top.dealer_minutes.mean.toFixed(2)} (${(c.top.dealer_minutes.mean / h).toFixed(2)} × heuristic)`);
      console.log('best single tactic per persona: ' + Object.entries(c.best).map(([p, b]) => `${p} ${b.tactic} (${b.minutes.toFixed(1)})`).join(', '));
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
