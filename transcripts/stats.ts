// `data stats`: what a transcript holds, with the objective (dealer-minutes per conversation,
// DESIGN.md) as a mean with its 95% CI. Reward and CI come from reward.ts and ci.ts.
import { meanCi95 } from '../lib/ci.js';
import { InputError } from '../lib/errors.js';
import { readTranscript } from './read.js';
import { summarizeConversation } from '../core/reward.js';
import { groupConversations, type TranscriptEvent } from '../core/transcript.js';
import { summarize } from './import/run.js';

export interface TranscriptStats {
  file: string;
  events: number;
  conversations: number;
  counterparts: number;
  messages: number;
  calls: number;
  in: number;
  out: number;
  dealer_minutes: { mean: number; ci95: [number, number]; n: number };
  dealer_messages: { mean: number; ci95: [number, number] };
  span: { first: string | null; last: string | null; hours: { mean: number; ci95: [number, number] } };
}

export function transcriptStats(file: string, events: readonly TranscriptEvent[]): TranscriptStats {
  const convs = groupConversations(events);
  const minutes: number[] = [];
  const dealerMessages: number[] = [];
  const hours: number[] = [];
  for (const list of convs.values()) {
    const s = summarizeConversation(list);
    minutes.push(s.dealer_minutes);
    dealerMessages.push(s.dealer_messages);
    hours.push(s.span_hours);
  }
  let first: string | null = null;
  let last: string | null = null;
  for (const e of events) {
    if (first === null || e.ts < first) first = e.ts;
    if (last === null || e.ts > last) last = e.ts;
  }
  const dm = meanCi95(minutes);
  const msg = meanCi95(dealerMessages);
  const h = meanCi95(hours);
  return {
    file,
    events: events.length,
    conversations: convs.size,
    ...summarize(events),
    dealer_minutes: { mean: dm.mean, ci95: dm.ci95, n: dm.n },
    dealer_messages: { mean: msg.mean, ci95: msg.ci95 },
    span: { first, last, hours: { mean: h.mean, ci95: h.ci95 } },
  };
}

export async function runStats(file: string): Promise<TranscriptStats> {
  const { events, rejects } = await readTranscript(file);
  if (rejects.length) {
    const r = rejects[0]!;
    throw new InputError(file, r.line, `${r.reason} (${rejects.length} invalid line(s); see \`dealerbot data validate ${file}\`)`);
  }
  if (!events.length) throw new InputError(file, undefined, 'no events');
  return transcriptStats(file, events);
}

export function formatStats(s: TranscriptStats): string {
  const ci = (c: [number, number]) => `[${c[0].toFixed(1)}, ${c[1].toFixed(1)}]`;
  return [
    `${s.file}: ${s.events} events in ${s.conversations} conversations with ${s.counterparts} counterparts`,
    `  messages ${s.messages}, calls ${s.calls}; in ${s.in}, out ${s.out}`,
    `  dealer-minutes per conversation: ${s.dealer_minutes.mean.toFixed(2)} (95% CI ${ci(s.dealer_minutes.ci95)}, n=${s.dealer_minutes.n})`,
    `  dealer messages per conversation: ${s.dealer_messages.mean.toFixed(2)} (95% CI ${ci(s.dealer_messages.ci95)})`,
    `  span: ${s.span.first} … ${s.span.last}; ${s.span.hours.mean.toFixed(1)} h per conversation (95% CI ${ci(s.span.hours.ci95)})`,
  ].join('\n');
}
