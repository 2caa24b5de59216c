// What an importer yields: raw records (a real phone number, not yet pseudonymised), canonical
// events (already schema v1), rejects (a row that cannot be read, with where and why) and skips
// (drafts, failed, queued, outbox, undelivered: counted, not conversation events).
import type { Direction, EventKind, TranscriptEvent } from '../../core/transcript.js';

export interface RawRecord {
  type: 'record';
  /** the counterpart's number as written in the export (normalised and pseudonymised later);
   * with `by: 'name'`, the name a chat app shows instead (pseudonymised as a name) */
  number: string;
  by?: 'name';
  /** a group conversation: every other member, as `number` is written (this record's counterpart
   * is then the group; `number` is the member who wrote, or the first one) */
  group?: { number: string; by?: 'name' }[];
  /** epoch milliseconds */
  time: number;
  direction: Direction;
  kind: EventKind;
  text: string;
  duration_s?: number;
  /** e.g. `sms-backup:backup.xml` */
  source: string;
  file: string;
  line: number;
}

export interface CanonicalRecord {
  type: 'event';
  event: TranscriptEvent;
  file: string;
  line: number;
}

export interface Reject {
  type: 'reject';
  file: string;
  /** 1-based line, when the format has lines */
  line?: number;
  /** byte offset, when only that is known (e.g. a binary file) */
  offset?: number;
  reason: string;
  /** how many records it stands for, when not 1: those a broken quote or a comment swallowed
   * counted in, 0 for a problem between records that lost none */
  records?: number;
  /** last line of what it covers, when that is more than its line */
  endLine?: number;
}

/** How many records a reject stands for. */
export const recordsOf = (r: Pick<Reject, 'records'>): number => r.records ?? 1;

export interface Skip {
  type: 'skip';
  file: string;
  line: number;
  reason: string;
}

/** Something the user should know about a file that is not a reject (read in seconds, the
 * day/month order chosen): one line on stderr, listed in the summary. */
export interface Note {
  type: 'note';
  file: string;
  text: string;
}

export type ImportItem = RawRecord | CanonicalRecord | Reject | Skip | Note;

/** An importer reads one file and yields its items in batches (one per chunk read). */
export type Importer = (file: string, opts: ImporterOptions) => AsyncIterable<ImportItem[]>;

export interface ImporterOptions {
  /** bytes per read; small values are for tests of chunk boundaries */
  chunkSize?: number;
  /** chat exports: the participant who is the bot (`--me`) */
  me?: string;
  /** chat exports: the order of day and month in dates (`--date-order`); auto = from the data */
  dateOrder?: DateOrder;
  /** chat exports without a time zone: the IANA zone of their clock (`--tz`) */
  tz?: string;
  /** keep group conversations (`--groups`) instead of skipping them */
  groups?: boolean;
}

export const DATE_ORDERS = ['auto', 'dmy', 'mdy', 'ymd'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

export function rejectWhere(r: Pick<Reject, 'file' | 'line' | 'offset' | 'endLine'>): string {
  if (r.line !== undefined) return r.endLine !== undefined && r.endLine > r.line ? `${r.file}:${r.line}-${r.endLine}` : `${r.file}:${r.line}`;
  if (r.offset !== undefined) return `${r.file}@${r.offset}`;
  return r.file;
}
