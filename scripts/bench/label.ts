// Labelling benchmark: how often `data label` gives a rendered reply its own tactic (the
// renderer's output is the closest thing to a bot-like human reply with a known tactic), per
// language, and how fast replies are matched.
// Run: npx tsx scripts/bench/label.ts [--conversations 500] [--turns 20] [--seed 1] [--json]
import { pathToFileURL } from 'node:url';
import { SILENT_TACTICS } from '../../catalogue/catalogue.js';
import { createRenderer } from '../../catalogue/render.js';
import { TacticMatcher } from '../../transcripts/label/tactic-matcher.js';
import { meanCi95 } from '../../lib/ci.js';
import { Rng } from '../../lib/random.js';
import type { Lang } from '../../core/lang.js';
import { TACTICS, type Tactic } from '../../core/tactics.js';

export interface LabelBenchResult {
  seed: number;
  conversations: number;
  turns: number;
  replies: number;
  accuracy: { all: number; nl: number; en: number; ci95: [number, number] };
  /** the same texts matched against the true language (language detection taken out) */
  accuracy_true_lang: number;
  confidence_median_right: number;
  confusions: { tactic: Tactic; labelled: Tactic; count: number }[];
  matches_per_s: number;
}

export function runLabelBench(opts: { conversations?: number; turns?: number; seed?: number } = {}): LabelBenchResult {
  const conversations = opts.conversations ?? 500;
  const turns = opts.turns ?? 20;
  const seed = opts.seed ?? 1;
  const rng = new Rng(seed);
  const matcher = new TacticMatcher();
  const tactics = TACTICS.filter((t) => !SILENT_TACTICS.has(t));
  const rendered: { text: string; tactic: Tactic; lang: Lang }[] = [];
  for (let c = 0; c < conversations; c++) {
    const lang = c % 2 ? 'en' : 'nl';
    const r = createRenderer({ rng: rng.fork(`conversation ${c}`) });
    for (let k = 0; k < turns; k++) {
      const tactic = tactics[rng.int(tactics.length)]!;
      rendered.push({ text: r.render(tactic, lang).text!, tactic, lang });
    }
  }
  const t0 = performance.now();
  const got = rendered.map((x) => matcher.match(x.text)!);
  const s = (performance.now() - t0) / 1000;
  const right: number[] = rendered.map((x, i) => (got[i]!.tactic === x.tactic ? 1 : 0));
  const byLang = (l: string) => {
    const xs = right.filter((_, i) => rendered[i]!.lang === l);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const confusions = new Map<string, number>();
  rendered.forEach((x, i) => {
    if (!right[i]) confusions.set(`${x.tactic} ${got[i]!.tactic}`, (confusions.get(`${x.tactic} ${got[i]!.tactic}`) ?? 0) + 1);
  });
  const trueLang = rendered.filter((x) => matcher.match(x.text, x.lang)!.tactic === x.tactic).length / rendered.length;
  const conf = got.filter((_, i) => right[i]).map((g) => g.confidence).sort((a, b) => a - b);
  const ci = meanCi95(right);
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    seed,
    conversations,
    turns,
    replies: rendered.length,
    accuracy: { all: r4(ci.mean), nl: r4(byLang('nl')), en: r4(byLang('en')), ci95: [r4(ci.ci95[0]), r4(ci.ci95[1])] },
    accuracy_true_lang: r4(trueLang),
    confidence_median_right: conf[conf.length >> 1]!,
    confusions: [...confusions]
      .map(([k, count]) => ({ tactic: k.split(' ')[0] as Tactic, labelled: k.split(' ')[1] as Tactic, count }))
      .sort((a, b) => b.count - a.count)
      .slice(0, 8),
    matches_per_s: Math.round(rendered.length / s),
  };
}

function main(argv: string[]): void {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  const r = runLabelBench({ conversations: flag('--conversations'), turns: flag('--turns'), seed: flag('--seed') });
  process.stdout.write(JSON.stringify(r, null, argv.includes('--json') ? undefined : 2) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
