// The safety reader in the loop of the simulator: simulated dealers talk (text-level, the
// messages of trainer/sim/dealer-text.ts) against a baseline policy, and every dealer message is
// read by the runtime's NLU (nlu/classifier.ts, the shipped models). The simulated dealer's true
// act is known, so a conversation that the NLU would stop or escalate on a line whose act is not
// `opt_out` or `threat` (simulated dealers never show signs of a minor) is a false stop: a dealer
// silenced for nothing. Goal: at most 1% of conversations. Also reported: how many first
// messages (promos, in the simulator) pass the engagement gate of hard rule 1.
//   npx tsx scripts/bench/safety-sim.ts [--episodes 2000] [--seed 1] [--policy heuristic] [--mix default|heldout] [--json]
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { DealerAct } from '../../core/acts.js';
import { proportionCi95 } from '../../lib/ci.js';
import { Rng } from '../../lib/random.js';
import { type DealerActClassifier, loadClassifier } from '../../nlu/classifier.js';
import { PROMO_OPERATING_POINT, type SafetyReason } from '../../nlu/safety/reader.js';
import { SimConversation } from '../../trainer/sim/conversation.js';
import { defaultPersonaMix, heldoutPersonaMix, type PersonaMix } from '../../trainer/sim/persona.js';
import { baselinePolicy } from '../../trainer/sim/policies/index.js';
import { sampleTactic } from '../../trainer/sim/policies/policy.js';

export const FALSE_STOP_GOAL = 0.01;
// "Ik blokkeer u", "blocking u": the simulator labels the dealer's announcement `goodbye`, but he
// says he wants no more messages, which is what an opt-out is (data/safety/README.md). A stop on
// it is counted apart (block_stop), and false_stop_strict counts it as false as well.
const BLOCKING = /\b(blokkeer|blokkeren|blokkeert|geblokkeerd|block|blocking|blocked)\b/i;
const SAFETY_ACTS: ReadonlySet<DealerAct> = new Set(['opt_out', 'threat']);

export interface SafetySimOptions {
  episodes: number;
  seed: number;
  policy?: string;
  mix?: PersonaMix;
  classifier?: Pick<DealerActClassifier, 'classify'>;
  /** how many of the most frequent falsely flagged lines to list */
  top?: number;
}

export interface Share {
  k: number;
  n: number;
  rate: number;
  ci95: [number, number];
}

export interface SafetySimResult {
  episodes: number;
  seed: number;
  policy: string;
  personas: string;
  /** conversations whose first flagged dealer line is not an opt-out or a threat */
  false_stop: Share;
  /** false_stop plus the stops on a dealer's own "I'm blocking you" */
  false_stop_strict: Share;
  /** conversations stopped (not escalated) on a dealer line that announces he blocks us */
  block_stop: Share;
  goal: number;
  pass: boolean;
  /** conversations stopped (rightly) on a dealer opt-out or threat */
  true_stop: Share;
  /** first dealer messages (promos) that the engagement gate lets through */
  first_message_engaged: Share;
  /** every dealer text line read, and those flagged although their act is not a safety act */
  lines: { read: number; falsely_flagged: number; by_act: Partial<Record<DealerAct, { read: number; flagged: number }>> };
  top_false_lines: { text: string; act: DealerAct; count: number; reason: SafetyReason | null }[];
}

function share(k: number, n: number): Share {
  return { k, n, rate: n ? k / n : NaN, ci95: proportionCi95(k, n).ci95 };
}

export function runSafetySim(opts: SafetySimOptions): SafetySimResult {
  const mix = opts.mix ?? defaultPersonaMix();
  const policyName = opts.policy ?? 'heuristic';
  const policy = baselinePolicy(policyName);
  const nlu = opts.classifier ?? loadClassifier();
  const conv = new SimConversation({ mix, config: { text: true } });
  let falseStops = 0, blockStops = 0, trueStops = 0, engaged = 0, read = 0, falselyFlagged = 0;
  const byAct: SafetySimResult['lines']['by_act'] = {};
  const falseLines = new Map<string, { text: string; act: DealerAct; count: number; reason: SafetyReason | null }>();
  for (let ep = 0; ep < opts.episodes; ep++) {
    conv.reset(`${opts.seed}:${ep}`);
    const rng = new Rng(`${opts.seed}:${ep}:policy`);
    while (!conv.done) {
      const { tactic } = sampleTactic(policy, { events: conv.events, mask: conv.mask(), lang: conv.persona.lang, sim: conv.sim }, rng);
      conv.step(tactic);
    }
    // the runtime reads every dealer message until the first flag ends the conversation
    let first = true;
    for (const e of conv.events) {
      if (e.direction !== 'in' || !e.text || !e.act) continue;
      const c = nlu.classify(e.text);
      read++;
      const a = (byAct[e.act] ??= { read: 0, flagged: 0 });
      a.read++;
      if (first) {
        if (c.safety === null && c.promo >= PROMO_OPERATING_POINT) engaged++;
        first = false;
      }
      if (c.safety === null) continue;
      a.flagged++;
      if (SAFETY_ACTS.has(e.act)) trueStops++;
      else if (c.safety === 'stop' && BLOCKING.test(e.text)) blockStops++;
      else {
        falseStops++;
        falselyFlagged++;
        const key = `${e.act}\u0000${e.text.toLowerCase()}`;
        const f = falseLines.get(key) ?? { text: e.text, act: e.act, count: 0, reason: c.safety_reason };
        f.count++;
        falseLines.set(key, f);
      }
      break;
    }
  }
  const rate = share(falseStops, opts.episodes);
  return {
    episodes: opts.episodes,
    seed: opts.seed,
    policy: policyName,
    personas: mix.name,
    false_stop: rate,
    false_stop_strict: share(falseStops + blockStops, opts.episodes),
    block_stop: share(blockStops, opts.episodes),
    goal: FALSE_STOP_GOAL,
    pass: rate.rate <= FALSE_STOP_GOAL,
    true_stop: share(trueStops, opts.episodes),
    first_message_engaged: share(engaged, opts.episodes),
    lines: { read, falsely_flagged: falselyFlagged, by_act: byAct },
    top_false_lines: [...falseLines.values()].sort((x, y) => y.count - x.count || (x.text < y.text ? -1 : 1)).slice(0, opts.top ?? 10),
  };
}

export function formatSafetySim(r: SafetySimResult): string {
  const pct = (s: Share) => `${s.k}/${s.n} = ${(100 * s.rate).toFixed(2)}% [${(100 * s.ci95[0]).toFixed(2)}%, ${(100 * s.ci95[1]).toFixed(2)}%]`;
  const lines = [
    `safety reader in the simulator (${r.episodes} conversations, ${r.personas} personas, ${r.policy} policy, seed ${r.seed})`,
    `  falsely stopped/escalated: ${pct(r.false_stop)}  goal ≤ ${(100 * r.goal).toFixed(0)}%: ${r.pass ? 'met' : 'NOT met'}`,
    `  stopped on the dealer's own "I'm blocking you": ${pct(r.block_stop)}  (counted as false too: ${pct(r.false_stop_strict)})`,
    `  stopped on a dealer opt-out or threat: ${pct(r.true_stop)}`,
    `  first message (promo) engaged: ${pct(r.first_message_engaged)}`,
    `  lines read ${r.lines.read}, flagged without a safety act ${r.lines.falsely_flagged}`,
  ];
  for (const f of r.top_false_lines) lines.push(`    ${String(f.count).padStart(4)}× ${f.act}: ${f.text}  ← ${JSON.stringify(f.reason)}`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      episodes: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '1' },
      policy: { type: 'string', default: 'heuristic' },
      mix: { type: 'string', default: 'default' },
      top: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
    },
  });
  const mix = values.mix === 'heldout' ? heldoutPersonaMix() : defaultPersonaMix();
  const r = runSafetySim({ episodes: Number(values.episodes), seed: Number(values.seed), policy: values.policy, mix, top: Number(values.top) });
  process.stdout.write((values.json ? JSON.stringify(r) : formatSafetySim(r)) + '\n');
}
