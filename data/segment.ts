// Segmentation (DESIGN.md): a conversation is one counterpart's events until more than
// `gapDays` pass without any event. Identical events (the same file given twice, overlapping
// backups) are kept once. Conversation ids derive from counterpart + first timestamp, so the
// same input and key always give the same ids.
import { createHash } from 'node:crypto';
import { normalizeEvent, type TranscriptEvent } from './transcript.js';

export const DEFAULT_GAP_DAYS = 7;

/** An event before segmentation: `t` in epoch ms; `conversation` only when it already has one
 * (events read from a canonical transcript keep theirs). */
export type PendingEvent = Omit<TranscriptEvent, 'conversation' | 'ts'> & { t: number; conversation?: string; ts?: string };

export interface Segmented {
  events: TranscriptEvent[];
  conversations: number;
  duplicates: number;
}

function cmp(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}

/** Order that puts identical events next to each other and is total, so output is stable. */
function byContent(a: PendingEvent, b: PendingEvent): number {
  return (
    cmp(a.counterpart, b.counterpart) ||
    a.t - b.t ||
    cmp(a.direction, b.direction) ||
    cmp(a.kind, b.kind) ||
    cmp(a.duration_s, b.duration_s) ||
    cmp(a.text, b.text) ||
    cmp(a.conversation, b.conversation) ||
    cmp(a.source, b.source)
  );
}

/** The content key of dedup: what happened, not where it was read from. */
function sameEvent(a: PendingEvent, b: PendingEvent): boolean {
  return (
    a.counterpart === b.counterpart &&
    a.t === b.t &&
    a.direction === b.direction &&
    a.kind === b.kind &&
    a.duration_s === b.duration_s &&
    a.text === b.text &&
    (a.conversation === undefined || b.conversation === undefined || a.conversation === b.conversation)
  );
}

export function conversationId(counterpart: string, firstTs: string): string {
  return 'c_' + createHash('sha256').update(`${counterpart}|${firstTs}`).digest('hex').slice(0, 16);
}

export function segment(pending: PendingEvent[], gapDays = DEFAULT_GAP_DAYS): Segmented {
  const gapMs = gapDays * 86_400_000;
  pending.sort(byContent);
  const convs = new Map<string, TranscriptEvent[]>();
  const firstT = new Map<string, number>();
  let duplicates = 0;
  let prev: PendingEvent | undefined;
  // the open conversation of the current counterpart (events without one of their own)
  let openId = '';
  let openCp = '';
  let lastT = -Infinity;
  for (const p of pending) {
    if (prev && sameEvent(prev, p)) {
      duplicates++;
      continue;
    }
    prev = p;
    const ts = p.ts ?? new Date(p.t).toISOString();
    let id = p.conversation;
    if (id === undefined) {
      if (p.counterpart !== openCp || p.t - lastT > gapMs) {
        openCp = p.counterpart;
        openId = conversationId(p.counterpart, ts);
      }
      lastT = p.t;
      id = openId;
    }
    let list = convs.get(id);
    if (!list) {
      convs.set(id, (list = []));
      firstT.set(id, p.t);
    }
    const { t: _t, ts: _ts, conversation: _c, ...rest } = p;
    list.push(normalizeEvent({ ...rest, conversation: id, ts } as TranscriptEvent));
  }
  const ids = [...convs.keys()].sort((a, b) => firstT.get(a)! - firstT.get(b)! || cmp(a, b));
  const events: TranscriptEvent[] = [];
  for (const id of ids) for (const e of convs.get(id)!) events.push(e);
  return { events, conversations: ids.length, duplicates };
}
