// Act level against text level, one policy on the same dealers (issue: "text-level and act-level
// evaluation of the same policy agree within their CIs, or the fast path is gone"):
//   act     the fast path: message lengths only, the simulator's true acts in the features;
//   text    every dealer message rendered (what `simulate --log` writes), true acts;
//   nlu     rendered text read back by the runtime's NLU (act and language, the promo gate on the
//           first message, safety flags): scripts/loadtest/in-process.ts, as `loadtest --compare`.
// Mean dealer-minutes with 95% CIs, no-show share of minutes, CPU seconds per level.
//   npx tsx scripts/bench/sim-levels.ts [--policy models/default] [--episodes 5000] [--seed 7] [--personas F]
import { loadClassifier } from '../../nlu/classifier.js';
import { defaultPersonaMix, loadPersonaMix } from '../../trainer/sim/persona.js';
import { resolvePolicy } from '../../trainer/sim/run-simulate.js';
import { simulatePolicy, type SimulateSummary } from '../../trainer/sim/simulate.js';
import { simulateAsRuntime } from '../loadtest/in-process.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

async function main(): Promise<void> {
  const policyName = arg('--policy', 'models/default');
  const episodes = Number(arg('--episodes', '5000'));
  const seed = Number(arg('--seed', '7'));
  const file = arg('--personas', '');
  const mix = file ? loadPersonaMix(file) : defaultPersonaMix();
  const timed = (f: () => SimulateSummary) => {
    const c0 = process.cpuUsage();
    const s = f();
    const c = process.cpuUsage(c0);
    return { s, cpu: (c.user + c.system) / 1e6 };
  };
  const policy = await resolvePolicy(policyName);
  const act = timed(() => simulatePolicy(policy, { mix, episodes, seed, text: false }));
  const text = timed(() => simulatePolicy(policy, { mix, episodes, seed, text: true }));
  const classifier = loadClassifier();
  const nlu = timed(() => simulateAsRuntime(policy, { mix, episodes, seed, classifier }));
  const row = (level: string, r: { s: SimulateSummary; cpu: number }) => {
    const d = r.s.dealer_minutes;
    return `| ${level} | ${d.mean.toFixed(2)} [${d.ci95[0].toFixed(2)}, ${d.ci95[1].toFixed(2)}] | ${(r.s.no_show_share * 100).toFixed(1)}% | ${r.s.dealer_messages.toFixed(1)} | ${r.cpu.toFixed(1)} |`;
  };
  console.log(`${policy.id}, ${mix.name} mix, ${episodes} conversations per level, seed ${seed}\n`);
  console.log('| level | dealer-minutes [95% CI] | no-show share | messages | CPU s |');
  console.log('|---|---|---|---|---|');
  console.log(row('act (fast path)', act));
  console.log(row('text, true acts', text));
  console.log(row('text, read by the runtime NLU', nlu));
  const e = (nlu.s as { runtime_reading?: { engaged: number; silenced: number } }).runtime_reading;
  if (e) console.log(`\nNLU level: ${e.engaged} of ${episodes} promos engaged, ${e.silenced} silenced on a safety flag`);
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
