// Where a live run's dealers waited: read from the serve database a `loadtest` left behind. How
// late replies left against their due time (per stretch of wall time: the opening burst shows),
// and, of the dealer turns that waited longer than the loadtest's silence window, why: a late
// send, a late decision, a reply held by the quiet hours (or a long typing delay), the policy's
// own go_silent, or no reply at all. Also how often the catalogue matcher, as the live dealers
// use it, reads a sent reply as the tactic the bot chose. The figures of BENCHMARKS.md "Live
// against in-process" come from this. Not a test.
// Run: npx tsx scripts/loadtest/waits.ts SERVE_DB [--time-scale 3000] [--silence-minutes 120]
import { pathToFileURL } from 'node:url';
import { quantile } from '../../lib/ci.js';
import { Store } from '../../runtime/store/store.js';
import { TacticMatcher } from '../../transcripts/label/tactic-matcher.js';

const MIN = 60_000;

export interface WaitEvent {
  direction: string;
  kind: string;
  ts_ms: number;
}

export interface SentReply {
  created_ms: number;
  due_ms: number;
  sent_ms: number;
  tactic: string | null;
  text: string;
}

export type WaitCause = 'late_send' | 'late_decision' | 'held' | 'go_silent' | 'no_reply' | 'other';

export interface WaitsSummary {
  turns: number;
  /** dealer turns that waited longer than the silence window for our next message, by cause */
  long_waits: number;
  causes: Record<WaitCause, number>;
  /** replies whose due time was more than an hour after the decision (the quiet hours, mostly) */
  held_replies: number;
  /** sent − due in simulated minutes, per `binSeconds` of wall time from the first reply */
  lateness: { from_s: number; n: number; p50_min: number; p90_min: number }[];
}

/** The waits of some conversations: each its events in time order and its sent replies. */
export function summarizeWaits(convs: { events: WaitEvent[]; sent: SentReply[] }[], o: { timeScale: number; silenceMinutes?: number; binSeconds?: number }): WaitsSummary {
  const silenceMs = (o.silenceMinutes ?? 120) * MIN;
  const binMs = (o.binSeconds ?? 20) * 1000 * o.timeScale;
  const causes: Record<WaitCause, number> = { late_send: 0, late_decision: 0, held: 0, go_silent: 0, no_reply: 0, other: 0 };
  let turns = 0;
  let long = 0;
  const all = convs.flatMap((c) => c.sent);
  const first = Math.min(...all.map((r) => r.created_ms));
  const bins = new Map<number, number[]>();
  for (const r of all) {
    const b = Math.floor((r.created_ms - first) / binMs);
    (bins.get(b) ?? bins.set(b, []).get(b)!).push((r.sent_ms - r.due_ms) / MIN);
  }
  for (const { events, sent } of convs) {
    const replies = [...sent].sort((a, b) => a.sent_ms - b.sent_ms);
    events.forEach((e, i) => {
      if (e.direction !== 'in' || (e.kind !== 'sms' && e.kind !== 'mms')) return;
      const next = events[i + 1];
      if (next && next.direction === 'in') return; // his turn goes on
      turns++;
      const reply = replies.find((r) => r.sent_ms >= e.ts_ms);
      if (reply && reply.sent_ms - e.ts_ms <= silenceMs) return;
      long++;
      if (next?.kind === 'wait') causes.go_silent++;
      else if (!reply) causes.no_reply++;
      else if (reply.due_ms - reply.created_ms > 60 * MIN) causes.held++;
      else if (reply.sent_ms - reply.due_ms > 60 * MIN) causes.late_send++;
      else if (reply.created_ms - e.ts_ms > silenceMs) causes.late_decision++;
      else causes.other++;
    });
  }
  const lateness = [...bins.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([b, xs]) => ({ from_s: b * (o.binSeconds ?? 20), n: xs.length, p50_min: round1(quantile(xs, 0.5)), p90_min: round1(quantile(xs, 0.9)) }));
  return { turns, long_waits: long, causes, held_replies: all.filter((r) => r.due_ms - r.created_ms > 60 * MIN).length, lateness };
}

/** Share of sent replies the catalogue matcher reads back as the tactic the bot chose, per tactic. */
export function readBack(sent: SentReply[], matcher = new TacticMatcher()): { share: number; by_tactic: Record<string, { n: number; share: number }> } {
  const by: Record<string, [number, number]> = {};
  let hits = 0;
  for (const r of sent) {
    if (!r.tactic) continue;
    const hit = matcher.match(r.text)?.tactic === r.tactic;
    if (hit) hits++;
    const t = (by[r.tactic] ??= [0, 0]);
    t[0]++;
    if (hit) t[1]++;
  }
  const n = Object.values(by).reduce((s, [k]) => s + k, 0);
  return { share: n ? round3(hits / n) : 0, by_tactic: Object.fromEntries(Object.entries(by).map(([t, [k, h]]) => [t, { n: k, share: round3(h / k) }])) };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const file = args[0];
  if (!file || file.startsWith('--')) {
    process.stderr.write('usage: npx tsx scripts/loadtest/waits.ts SERVE_DB [--time-scale 3000] [--silence-minutes 120]\n');
    process.exitCode = 2;
  } else {
    const flag = (name: string, d: number) => {
      const i = args.indexOf(name);
      return i >= 0 ? Number(args[i + 1]) : d;
    };
    const store = Store.open(file, 'read');
    const convs = store.conversations().map((c) => ({
      events: store.events(c.id),
      sent: store.outboxOf(c.id).filter((r) => r.kind === 'sms' && r.state === 'sent' && r.sent_ms !== null) as SentReply[],
    }));
    store.close();
    const summary = summarizeWaits(convs, { timeScale: flag('--time-scale', 3000), silenceMinutes: flag('--silence-minutes', 120) });
    console.log(JSON.stringify({ ...summary, read_back: readBack(convs.flatMap((c) => c.sent)) }, null, 1));
  }
}
