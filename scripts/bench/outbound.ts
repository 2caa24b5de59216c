// The outbound filter (runtime/engine/outbound-filter.ts) on the lists of data/outbound/: per
// category the share of bad texts refused, and the share of good texts refused, each with its
// 95% Wilson interval. The development lists are also asserted by outbound-filter.test.ts; the
// held-out pair (written by someone who saw neither the filter nor the other lists) is only
// measured here.
//   npx tsx scripts/bench/outbound.ts [--json]
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { proportionCi95 } from '../../lib/ci.js';
import { packagePath } from '../../lib/package-root.js';
import { outboundRefusal } from '../../runtime/engine/outbound-filter.js';

export const OUTBOUND_LISTS = [
  { name: 'development', bad: 'bad.jsonl', good: 'good.jsonl' },
  { name: 'second', bad: 'second-bad.jsonl', good: 'second-good.jsonl' },
  { name: 'held-out', bad: 'heldout-bad.jsonl', good: 'heldout-good.jsonl' },
] as const;

interface Share {
  k: number;
  n: number;
  ci95: [number, number];
}
export interface OutboundListResult {
  name: string;
  refused: Share;
  by_category: Record<string, Share & { missed: string[] }>;
  good_refused: Share & { texts: string[] };
}

const share = (k: number, n: number): Share => ({ k, n, ci95: proportionCi95(k, n).ci95 });

function readList(file: string): { text: string; category?: string }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((l, i) => {
      if (!l.trim()) return [];
      try {
        return [JSON.parse(l) as { text: string; category?: string }];
      } catch {
        throw new Error(`${file}:${i + 1}: not JSON`);
      }
    });
}

export function measureOutbound(dir = packagePath('data', 'outbound')): OutboundListResult[] {
  const out: OutboundListResult[] = [];
  for (const l of OUTBOUND_LISTS) {
    const badFile = `${dir}/${l.bad}`;
    const goodFile = `${dir}/${l.good}`;
    if (!existsSync(badFile) || !existsSync(goodFile)) continue;
    const bad = readList(badFile);
    const good = readList(goodFile);
    const cats = new Map<string, { k: number; n: number; missed: string[] }>();
    let k = 0;
    for (const b of bad) {
      const c = cats.get(b.category ?? '?') ?? { k: 0, n: 0, missed: [] };
      c.n++;
      if (outboundRefusal(b.text)) {
        c.k++;
        k++;
      } else c.missed.push(b.text);
      cats.set(b.category ?? '?', c);
    }
    const refusedGood = good.filter((g) => outboundRefusal(g.text) !== null).map((g) => g.text);
    out.push({
      name: l.name,
      refused: share(k, bad.length),
      by_category: Object.fromEntries([...cats].map(([c, v]) => [c, { ...share(v.k, v.n), missed: v.missed }])),
      good_refused: { ...share(refusedGood.length, good.length), texts: refusedGood },
    });
  }
  return out;
}

const pct = (s: Share) => `${s.k}/${s.n} = ${((100 * s.k) / s.n).toFixed(1)}% [${(100 * s.ci95[0]).toFixed(1)}, ${(100 * s.ci95[1]).toFixed(1)}]`;

export function formatOutbound(rs: readonly OutboundListResult[]): string {
  const lines: string[] = [];
  for (const r of rs) {
    lines.push(`${r.name}: bad refused ${pct(r.refused)}; good refused ${pct(r.good_refused)}`);
    for (const [c, v] of Object.entries(r.by_category)) lines.push(`  ${c.padEnd(14)} ${pct(v)}${v.missed.length ? `  missed: ${v.missed.slice(0, 3).join(' | ')}` : ''}`);
    for (const t of r.good_refused.texts.slice(0, 5)) lines.push(`  good refused: ${t} (${outboundRefusal(t)!.reason})`);
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rs = measureOutbound();
  process.stdout.write((process.argv.includes('--json') ? JSON.stringify(rs) : formatOutbound(rs)) + '\n');
}
