// Cross-validation of the safety reader grouped by who wrote the lines: for each block of
// data/safety/train.jsonl (train-sources.json: a writer, a spent test set), the whole pipeline of
// `npm run nlu:train` is rerun without that block (model on the other blocks plus the act data,
// calibration and thresholds on validation.jsonl, the rules as they are) and the reader is scored
// on the block it never saw. A random k-fold would put lines of one writer on both sides and
// flatter the model: what has to generalise is one person's phrasing to another's.
//
// These are out-of-fold figures on training data, not a test figure: the rules were written with
// the earlier blocks in view (the first test set's misses became rules), so the rules' share of a
// block's catches is optimistic, and only a set written after a freeze measures the reader.
//   npx tsx scripts/bench/safety-cv.ts [--only test-2] [--json] [--misses 10] [--budget 0.01] [--set l2=0.001]
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { proportionCi95 } from '../../lib/ci.js';
import { loadSafetySet } from '../../nlu/safety/data.js';
import { evaluateSafetySet, formatSafetyEvaluation, type SafetySetEvaluation } from '../../nlu/safety/evaluate.js';
import { safetyReaderFrom } from '../../nlu/safety/reader.js';
import { SAFETY_CATEGORIES } from '../../nlu/safety/rules.js';
import { groupBySource, loadTrainSources } from '../../nlu/safety/sources.js';
import { fitSafetyModelBudgets } from '../../nlu/safety/train.js';
import { DEFAULT_SAFETY_TRAIN, type SafetyTrainOptions } from '../../nlu/safety/model.js';

export interface Pooled {
  k: number;
  n: number;
  rate: number;
  ci95: [number, number];
}

export interface SafetyCvResult {
  folds: SafetySetEvaluation[];
  /** every block's held-out figures summed */
  pooled: { opt_out: Pooled; threat: Pooled; minor: Pooled; false_alarms: Pooled; promo: Pooled; first_other_engaged: Pooled };
}

const pool = (k: number, n: number): Pooled => ({ k, n, rate: n ? k / n : NaN, ci95: proportionCi95(k, n).ci95 });

export function safetyCv(opts: { only?: string; falseAlarmBudget?: number; train?: Partial<SafetyTrainOptions> } = {}): SafetyCvResult {
  return safetyCvBudgets({ ...opts, budgets: [opts.falseAlarmBudget] })[0]!;
}

/** The same cross-validation with the thresholds chosen for each budget (one training per block). */
export function safetyCvBudgets(opts: { only?: string; budgets: readonly (number | undefined)[]; train?: Partial<SafetyTrainOptions> }): SafetyCvResult[] {
  const validation = loadSafetySet('validation');
  const groups = groupBySource(loadSafetySet('train'), loadTrainSources());
  const folds: SafetySetEvaluation[][] = opts.budgets.map(() => []);
  for (const [source, held] of groups) {
    if (opts.only && source !== opts.only) continue;
    // the whole pipeline on the other blocks (their own out-of-fold scores for the thresholds
    // included); the held-out block's texts are also kept out of the dealer-act data
    const blocks = [...groups].flatMap(([s, g]) => (s === source ? [] : [g]));
    const fitted = fitSafetyModelBudgets({ blocks, validation, exclude: held, train: { ...DEFAULT_SAFETY_TRAIN, ...opts.train } }, opts.budgets);
    fitted.forEach((m, b) => folds[b]!.push(evaluateSafetySet(safetyReaderFrom(m), held, `held-out block ${source}`)));
  }
  return folds.map((f) => {
    const sum = (g: (e: SafetySetEvaluation) => { k: number; n: number }) => pool(f.reduce((a, e) => a + g(e).k, 0), f.reduce((a, e) => a + g(e).n, 0));
    return {
      folds: f,
      pooled: {
        opt_out: sum((e) => e.recall.opt_out),
        threat: sum((e) => e.recall.threat),
        minor: sum((e) => e.recall.minor),
        false_alarms: sum((e) => e.false_alarms),
        promo: sum((e) => e.promo_recall),
        first_other_engaged: sum((e) => e.first_other_engaged),
      },
    };
  });
}

const pct = (p: Pooled) => `${p.k}/${p.n} = ${(100 * p.rate).toFixed(1)}% [${(100 * p.ci95[0]).toFixed(1)}, ${(100 * p.ci95[1]).toFixed(1)}]`;

export function formatSafetyCv(r: SafetyCvResult, misses = 0): string {
  const lines = r.folds.map((f) => formatSafetyEvaluation(f, { listMisses: misses }));
  lines.push('pooled out-of-fold (training data, not a test figure):');
  for (const c of SAFETY_CATEGORIES) lines.push(`  ${c.padEnd(12)} ${pct(r.pooled[c])}`);
  lines.push(`  false alarms ${pct(r.pooled.false_alarms)}`);
  lines.push(`  promo        ${pct(r.pooled.promo)}`);
  lines.push(`  first_other engaged ${pct(r.pooled.first_other_engaged)}`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, json: { type: 'boolean', default: false }, misses: { type: 'string', default: '0' }, budget: { type: 'string' }, budgets: { type: 'string' }, set: { type: 'string', multiple: true, default: [] } },
  });
  // --set epochs=20 --set l2=0.001: training options other than the shipped ones, to compare
  const train = Object.fromEntries(values.set.map((kv) => { const [k, v] = kv.split('='); return [k!, Number(v)]; }));
  // --budgets 0.01,0.015,0.02: one training per block, the thresholds chosen for each budget
  const budgets = values.budgets !== undefined ? values.budgets.split(',').map(Number) : [values.budget === undefined ? undefined : Number(values.budget)];
  const rs = safetyCvBudgets({ only: values.only, train, budgets });
  if (values.json) process.stdout.write(JSON.stringify(budgets.length === 1 ? rs[0] : rs.map((r, i) => ({ budget: budgets[i], ...r }))) + '\n');
  else rs.forEach((r, i) => process.stdout.write((budgets.length > 1 ? `budget ${budgets[i]}\n` : '') + formatSafetyCv(r, Number(values.misses)) + '\n'));
}
