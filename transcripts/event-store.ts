// Events between reading and segmentation, held compactly: an import keeps every event until
// it can sort them, so an object per event (with its ISO timestamp, repeated counterpart and
// source strings) was most of its memory. Here an event is a row of columns: counterpart and
// source interned as small ids, time as epoch ms, direction and kind packed in one number, the
// text once in a string of its own. Events that carry more (a conversation, act, tactic… read
// from a transcript) keep their full object beside the row.
import { ownString } from '../lib/own-string.js';
import type { Direction, EventKind, TranscriptEvent } from '../core/transcript.js';

/** An event before segmentation: `t` in epoch ms; `conversation` only when it already has one
 * (events read from a canonical transcript keep theirs). */
export type PendingEvent = Omit<TranscriptEvent, 'conversation' | 'ts'> & { t: number; conversation?: string; ts?: string };

// codes in alphabetical order, so comparing codes orders like comparing the strings
export const DIRECTION_OF: readonly Direction[] = ['in', 'out'];
export const KIND_OF: readonly EventKind[] = ['call', 'meeting', 'mms', 'sms', 'wait'];
const DIRECTION_CODE = new Map(DIRECTION_OF.map((d, i) => [d as string, i]));
const KIND_CODE = new Map(KIND_OF.map((k, i) => [k as string, i]));

/** `duration` of an event without one */
export const NO_DURATION = -1;

// the fields a row holds; an event with any other field keeps its full object
const ROW_FIELDS = new Set(['counterpart', 't', 'direction', 'kind', 'text', 'duration_s', 'source']);

export class EventStore {
  /** interned counterparts (pseudonyms) and sources; source id 0 is "none" */
  readonly counterparts: string[] = [];
  readonly sources: (string | undefined)[] = [undefined];
  private readonly cpIds = new Map<string, number>();
  private readonly sourceIds = new Map<string, number>();

  readonly cp: number[] = [];
  readonly t: number[] = [];
  /** direction code | kind code << 1 */
  readonly meta: number[] = [];
  readonly duration: number[] = [];
  readonly text: string[] = [];
  readonly source: number[] = [];
  /** row → the full event, for events with more than a row holds */
  readonly full = new Map<number, PendingEvent>();

  get length(): number {
    return this.t.length;
  }

  counterpartId(counterpart: string): number {
    let id = this.cpIds.get(counterpart);
    if (id === undefined) {
      id = this.counterparts.push(ownString(counterpart)) - 1;
      this.cpIds.set(this.counterparts[id]!, id);
    }
    return id;
  }

  sourceId(source: string | undefined): number {
    if (source === undefined) return 0;
    let id = this.sourceIds.get(source);
    if (id === undefined) {
      id = this.sources.push(ownString(source)) - 1;
      this.sourceIds.set(this.sources[id]!, id);
    }
    return id;
  }

  /** One event from ids (the import's hot path). */
  add(cp: number, t: number, direction: Direction, kind: EventKind, text: string, duration_s: number | undefined, source: number): number {
    const dir = DIRECTION_CODE.get(direction);
    const k = KIND_CODE.get(kind);
    if (dir === undefined || k === undefined) throw new Error(`event with direction ${direction} and kind ${kind}`);
    this.cp.push(cp);
    this.t.push(t);
    this.meta.push(dir | (k << 1));
    this.duration.push(duration_s ?? NO_DURATION);
    this.text.push(ownString(text));
    this.source.push(source);
    return this.t.length - 1;
  }

  addPending(p: PendingEvent): void {
    const row = this.add(this.counterpartId(p.counterpart), p.t, p.direction, p.kind, p.text, p.duration_s, this.sourceId(p.source));
    for (const k in p) {
      if (!ROW_FIELDS.has(k) && (p as unknown as Record<string, unknown>)[k] !== undefined) {
        this.full.set(row, p);
        break;
      }
    }
  }

  direction(row: number): Direction {
    return DIRECTION_OF[this.meta[row]! & 1]!;
  }

  kind(row: number): EventKind {
    return KIND_OF[this.meta[row]! >> 1]!;
  }

  durationOf(row: number): number | undefined {
    const d = this.duration[row]!;
    return d === NO_DURATION ? undefined : d;
  }
}
