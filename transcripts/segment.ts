// Segmentation (DESIGN.md): a conversation is one counterpart's events until more than
// `gapDays` pass without any event. Identical events (the same file given twice, overlapping
// backups) are kept once. Conversation ids derive from counterpart + first timestamp, so the
// same input and key always give the same ids.
//
// It works on an EventStore (compact rows) and gives the events back lazily, in output order,
// so an import never holds more than one transcript event object at a time.
import { createHash } from 'node:crypto';
import * as crypto from 'node:crypto';
import { type PendingEvent, EventStore } from './event-store.js';
import { isoTime as iso } from '../lib/iso-time.js';
import { normalizeEvent, type TranscriptEvent } from '../core/transcript.js';

export type { PendingEvent } from './event-store.js';

export const DEFAULT_GAP_DAYS = 7;

export interface Segmented {
  events: TranscriptEvent[];
  conversations: number;
  duplicates: number;
}

// one-shot crypto.hash (Node ≥ 20.12) is several times cheaper than a Hash object per id
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;
const sha256Hex = oneShot ? (s: string) => oneShot('sha256', s, 'hex') : (s: string) => createHash('sha256').update(s).digest('hex');

export function conversationId(counterpart: string, firstTs: string): string {
  return 'c_' + sha256Hex(`${counterpart}|${firstTs}`).slice(0, 16);
}

function cmp(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}


/** The segmented events of a store: rows in output order, each with its conversation. */
export class SegmentedStore {
  constructor(
    readonly store: EventStore,
    /** rows in output order (duplicates left out) */
    readonly rows: Uint32Array,
    /** conversation index of each entry of `rows` */
    readonly conversationOf: Uint32Array,
    readonly conversationIds: string[],
    readonly duplicates: number,
  ) {}

  get conversations(): number {
    return this.conversationIds.length;
  }

  get length(): number {
    return this.rows.length;
  }

  /** The i-th event in output order, as a transcript event. */
  event(i: number): TranscriptEvent {
    const s = this.store;
    const row = this.rows[i]!;
    const conversation = this.conversationIds[this.conversationOf[i]!]!;
    const full = s.full.get(row);
    if (full) {
      const { t, ts, conversation: _c, ...rest } = full;
      return normalizeEvent({ ...rest, conversation, ts: ts ?? iso(t) } as TranscriptEvent);
    }
    const e: TranscriptEvent = { conversation, counterpart: s.counterparts[s.cp[row]!]!, ts: iso(s.t[row]!), direction: s.direction(row), kind: s.kind(row), text: s.text[row]! };
    const d = s.durationOf(row);
    if (d !== undefined) e.duration_s = d;
    const src = s.sources[s.source[row]!];
    if (src !== undefined) e.source = src;
    return e;
  }

  *events(): Generator<TranscriptEvent> {
    for (let i = 0; i < this.rows.length; i++) yield this.event(i);
  }

  /** Canonical JSONL lines (what formatJsonlLine gives for each event), built without event
   * objects for the rows that have no more than a row holds. */
  *jsonlLines(formatFull: (e: TranscriptEvent) => string): Generator<string> {
    const s = this.store;
    const cpJson = s.counterparts.map((c) => JSON.stringify(c));
    const srcJson = s.sources.map((x) => (x === undefined ? '' : `,"source":${JSON.stringify(x)}`));
    const convJson = this.conversationIds.map((c) => JSON.stringify(c));
    for (let i = 0; i < this.rows.length; i++) {
      const row = this.rows[i]!;
      if (s.full.has(row)) {
        yield formatFull(this.event(i));
        continue;
      }
      const d = s.durationOf(row);
      yield `{"conversation":${convJson[this.conversationOf[i]!]},"counterpart":${cpJson[s.cp[row]!]},"ts":"${iso(s.t[row]!)}","direction":"${s.direction(row)}","kind":"${s.kind(row)}","text":${JSON.stringify(s.text[row])}${d === undefined ? '' : `,"duration_s":${JSON.stringify(d)}`}${srcJson[s.source[row]!]}}\n`;
    }
  }
}

/** Sorts, drops duplicates and splits into conversations; the store itself is not changed. */
export function segmentStore(s: EventStore, gapDays = DEFAULT_GAP_DAYS): SegmentedStore {
  const gapMs = gapDays * 86_400_000;
  const n = s.length;
  // counterparts compare as strings: rank them once, then compare numbers
  const byName = s.counterparts.map((_, i) => i).sort((a, b) => cmp(s.counterparts[a], s.counterparts[b]));
  const rank = new Uint32Array(s.counterparts.length);
  byName.forEach((id, r) => (rank[id] = r));
  const { cp, t, meta, duration, text, source, full, sources } = s;
  const conv = (row: number) => full.get(row)?.conversation;

  // Order that puts identical events next to each other and is total (the row breaks the last
  // ties, as a stable sort would), so output is the same for the same input.
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort(
    (a, b) =>
      rank[cp[a]!]! - rank[cp[b]!]! ||
      t[a]! - t[b]! ||
      (meta[a]! & 1) - (meta[b]! & 1) ||
      (meta[a]! >> 1) - (meta[b]! >> 1) ||
      duration[a]! - duration[b]! ||
      cmp(text[a], text[b]) ||
      cmp(conv(a), conv(b)) ||
      cmp(sources[source[a]!], sources[source[b]!]) ||
      a - b,
  );

  // what happened, not where it was read from
  const same = (a: number, b: number) => {
    if (cp[a] !== cp[b] || t[a] !== t[b] || meta[a] !== meta[b] || duration[a] !== duration[b] || text[a] !== text[b]) return false;
    const ca = conv(a);
    const cb = conv(b);
    return ca === undefined || cb === undefined || ca === cb;
  };

  const ids: string[] = [];
  const firstT: number[] = [];
  const idIndex = new Map<string, number>();
  const byId = full.size > 0 || !(gapMs > 0);
  let lastId = '';
  const kept = new Uint32Array(n);
  const keptConv = new Uint32Array(n);
  let k = 0;
  let duplicates = 0;
  let prev = -1;
  // the open conversation of the current counterpart (events without one of their own)
  let openId = '';
  let openCp = -1;
  let lastT = -Infinity;
  for (let i = 0; i < n; i++) {
    const row = order[i]!;
    if (prev >= 0 && same(prev, row)) {
      duplicates++;
      continue;
    }
    prev = row;
    let id = conv(row);
    if (id === undefined) {
      if (cp[row] !== openCp || t[row]! - lastT > gapMs) {
        openCp = cp[row]!;
        openId = conversationId(s.counterparts[openCp]!, full.get(row)?.ts ?? iso(t[row]!));
      }
      lastT = t[row]!;
      id = openId;
    }
    // Generated ids are new at each new conversation (distinct counterpart or time); only a
    // store with conversations of its own (read from transcripts) needs the lookup by id.
    let c = byId ? idIndex.get(id) : id === lastId ? ids.length - 1 : undefined;
    if (c === undefined) {
      c = ids.push(id) - 1;
      if (byId) idIndex.set(id, c);
      firstT.push(t[row]!);
      lastId = id;
    }
    kept[k] = row;
    keptConv[k++] = c;
  }

  // conversations by first event, then id; events keep their sorted order within each
  const convOrder = ids.map((_, i) => i).sort((a, b) => firstT[a]! - firstT[b]! || cmp(ids[a], ids[b]));
  const convRank = new Uint32Array(ids.length);
  convOrder.forEach((c, r) => (convRank[c] = r));
  const start = new Uint32Array(ids.length + 1);
  for (let i = 0; i < k; i++) start[convRank[keptConv[i]!]! + 1]!++;
  for (let r = 0; r < ids.length; r++) start[r + 1]! += start[r]!;
  const rows = new Uint32Array(k);
  const conversationOf = new Uint32Array(k);
  for (let i = 0; i < k; i++) {
    const at = start[convRank[keptConv[i]!]!]!++;
    rows[at] = kept[i]!;
    conversationOf[at] = keptConv[i]!;
  }
  return new SegmentedStore(s, rows, conversationOf, ids, duplicates);
}

/** Segmentation of a list of pending events (the store-based path, for callers with a list). */
export function segment(pending: PendingEvent[], gapDays = DEFAULT_GAP_DAYS): Segmented {
  const store = new EventStore();
  for (const p of pending) store.addPending(p);
  const seg = segmentStore(store, gapDays);
  return { events: [...seg.events()], conversations: seg.conversations, duplicates: seg.duplicates };
}
