// Decision benchmark: wall time of one runtime decision with the real brain (models/default) —
// classify, safety, the dialogue state (folded on from the last decision), mask, policy, rendering
// with the state, store writes — over the 88 dealer scripts (data/dialogue/scripts/) on a fake
// clock, and of the state alone (rebuilt from every event, and folded on as the engine keeps it), by
// conversation length. Not a test.
// Run: npx tsx scripts/bench/decision.ts [--runs 3] [--json]
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { quantile } from '../../lib/ci.js';
import { ManualClock } from '../../runtime/engine/clock.js';
import { contextOf, dialogueContext, stateEvent, stateOptions } from '../../runtime/engine/dialogue.js';
import { DialogueStateCache } from '../../runtime/engine/dialogue-cache.js';
import { loadBrain } from '../../runtime/engine/load-brain.js';
import { harness } from '../../runtime/test-fixtures/harness.js';
import { readScripts, SCRIPT_PLACES } from '../../runtime/test-fixtures/scripted.js';
import { packagePath } from '../../lib/package-root.js';

export interface DecisionBenchResult {
  loadavg_1m_start: number;
  loadavg_1m_end: number;
  node: string;
  runs: number;
  /** engine.receive of one dealer message (ms): everything up to the reply scheduled */
  decision_ms: { n: number; p50: number; p99: number; max: number };
  /** the dialogue state alone (ms), rebuilt from every event, by number of events in the conversation */
  state_ms: Record<string, { n: number; p50: number; p99: number }>;
  /** the same states folded on from the last decision's, as the engine keeps them (DialogueStateCache) */
  state_incremental_ms: Record<string, { n: number; p50: number; p99: number }>;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const MIN = 60_000;

export async function benchDecision(runs = 3): Promise<DecisionBenchResult> {
  const start = loadavg()[0]!;
  const decision: number[] = [];
  const state: Record<string, number[]> = { '≤20': [], '21–60': [], '61–200': [] };
  const incremental: Record<string, number[]> = { '≤20': [], '21–60': [], '61–200': [] };
  const band = (n: number) => (n <= 20 ? '≤20' : n <= 60 ? '21–60' : '61–200');
  const scripts = readScripts();
  for (let run = 0; run < runs; run++) {
    for (const s of scripts) {
      const clock = new ManualClock(Date.parse(s.start) - MIN);
      const h = harness({ clock, brain: await loadBrain(packagePath('models', 'default')), config: { places: SCRIPT_PLACES, personaSecret: 'bench-persona-secret', allow: ['+32470112233'] } });
      const states = new DialogueStateCache(stateOptions(SCRIPT_PLACES, 'Europe/Brussels'));
      let t = Date.parse(s.start);
      // each script twice in a row: conversations up to ~60 events
      for (const turn of [...s.turns, ...s.turns]) {
        t += Math.max(1, turn.after_min) * MIN;
        await h.run(Math.max(0, t - clock.now()));
        const t0 = performance.now();
        h.engine.receive({ transport: 'bench', from: '+32470112233', text: turn.text });
        decision.push(performance.now() - t0);
        const rows = h.store.events(1);
        const t1 = performance.now();
        dialogueContext(rows, clock.now(), SCRIPT_PLACES, 'Europe/Brussels');
        const ms = performance.now() - t1;
        state[band(rows.length)]!.push(ms);
        const t2 = performance.now();
        contextOf(states.stateOf(1, rows.map(stateEvent), clock.now()), 'Europe/Brussels');
        incremental[band(rows.length)]!.push(performance.now() - t2);
      }
      // one long conversation per run: the first script's turns until 200 events
      if (s === scripts[0]) {
        while (h.store.events(1).length < 200) {
          for (const turn of s.turns) {
            t += 3 * MIN;
            await h.run(Math.max(0, t - clock.now()));
            h.engine.receive({ transport: 'bench', from: '+32470112233', text: turn.text });
          }
          const rows = h.store.events(1);
          const t1 = performance.now();
          dialogueContext(rows, clock.now(), SCRIPT_PLACES, 'Europe/Brussels');
          if (rows.length > 60) state['61–200']!.push(performance.now() - t1);
        }
      }
      h.store.close();
    }
  }
  const q = (xs: number[]) => ({ n: xs.length, p50: r3(quantile(xs, 0.5)), p99: r3(quantile(xs, 0.99)) });
  return {
    loadavg_1m_start: start,
    loadavg_1m_end: loadavg()[0]!,
    node: process.version,
    runs,
    decision_ms: { ...q(decision), max: r3(Math.max(...decision)) },
    state_ms: Object.fromEntries(Object.entries(state).map(([k, v]) => [k, q(v)])),
    state_incremental_ms: Object.fromEntries(Object.entries(incremental).map(([k, v]) => [k, q(v)])),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--runs');
  const runs = i >= 0 ? Number(args[i + 1]) : 3;
  const r = await benchDecision(runs);
  if (args.includes('--json')) console.log(JSON.stringify(r));
  else {
    console.log(`load average (1 min): ${r.loadavg_1m_start.toFixed(2)} → ${r.loadavg_1m_end.toFixed(2)}, node ${r.node}, ${r.runs} runs`);
    console.log(`one decision (receive → reply scheduled): p50 ${r.decision_ms.p50} ms, p99 ${r.decision_ms.p99} ms, max ${r.decision_ms.max} ms (n=${r.decision_ms.n})`);
    for (const [k, v] of Object.entries(r.state_ms)) console.log(`dialogue state rebuild, ${k} events: p50 ${v.p50} ms, p99 ${v.p99} ms (n=${v.n})`);
    for (const [k, v] of Object.entries(r.state_incremental_ms)) console.log(`dialogue state folded on (the engine's cache), ${k} events: p50 ${v.p50} ms, p99 ${v.p99} ms (n=${v.n})`);
  }
}
