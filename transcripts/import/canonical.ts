// Canonical transcript files (schema v1) as JSONL or CSV with the same columns: read back
// with every row validated, and written so that export → import gives the same events.
import { stringify } from 'csv-stringify/sync';
import { TRANSCRIPT_COLUMNS, normalizeEvent, parseEvent, type TranscriptEvent } from '../../core/transcript.js';
import { importCsvRows, widthReject } from './csv-rows.js';
import type { ImportItem, ImporterOptions } from './record.js';
import { UnreadableFile, readTextChunks } from './text-source.js';

const REQUIRED_COLUMNS = ['conversation', 'counterpart', 'ts', 'direction', 'kind', 'text'];
const NUMERIC_COLUMNS = new Set(['duration_s', 'propensity', 'act_confidence', 'tactic_confidence']);

export function formatJsonlLine(e: TranscriptEvent): string {
  return JSON.stringify(normalizeEvent(e)) + '\n';
}

export const CSV_HEADER = stringify([[...TRANSCRIPT_COLUMNS]]);

export function formatCsvLine(e: TranscriptEvent): string {
  const r = e as unknown as Record<string, unknown>;
  return stringify([TRANSCRIPT_COLUMNS.map((k) => (r[k] === undefined || r[k] === null ? '' : String(r[k])))]);
}

/** JSONL lines of a file with their line numbers, streamed. */
export async function* readJsonlLines(file: string, chunkSize?: number): AsyncGenerator<{ text: string; line: number }[]> {
  let carry = '';
  let line = 0;
  for await (const chunk of readTextChunks(file, chunkSize)) {
    const parts = (carry + chunk).split('\n');
    carry = parts.pop()!;
    const batch = [];
    for (const p of parts) {
      line++;
      const text = p.endsWith('\r') ? p.slice(0, -1) : p;
      if (text.trim()) batch.push({ text, line });
    }
    if (batch.length) yield batch;
  }
  line++;
  const last = carry.endsWith('\r') ? carry.slice(0, -1) : carry;
  if (last.trim()) yield [{ text: last, line }];
}

export async function* importJsonl(file: string, opts: ImporterOptions = {}): AsyncGenerator<ImportItem[]> {
  try {
    for await (const lines of readJsonlLines(file, opts.chunkSize)) {
      const out: ImportItem[] = [];
      for (const { text, line } of lines) {
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch (e) {
          out.push({ type: 'reject', file, line, reason: `not JSON: ${(e as Error).message}` });
          continue;
        }
        const r = parseEvent(raw);
        out.push(r.ok ? { type: 'event', event: r.value, file, line } : { type: 'reject', file, line, reason: notAnEvent(raw) ?? r.error });
      }
      yield out;
    }
  } catch (e) {
    if (!(e instanceof UnreadableFile)) throw e;
    yield [{ type: 'reject', file, offset: e.offset, reason: e.reason }];
  }
}

/** Why a JSON value is no transcript event at all (none of its columns; not an object), saying
 * what it is instead of the schema's first complaint ("conversation: Invalid input"). */
function notAnEvent(raw: unknown): string | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return `not a transcript v1 event: a JSON ${raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw}, not an object`;
  const keys = Object.keys(raw);
  if (keys.some((k) => (TRANSCRIPT_COLUMNS as readonly string[]).includes(k))) return undefined;
  return `not a transcript v1 event: an object with keys ${keys.slice(0, 6).join(', ') || '(none)'}${keys.length > 6 ? ', …' : ''} and none of conversation, counterpart, ts, direction, kind, text`;
}

/** One CSV row → the object parseEvent validates: empty cells are absent, numbers are numbers. */
function csvObject(header: string[], fields: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  header.forEach((h, i) => {
    const v = fields[i] ?? '';
    if (h === 'text') o[h] = v;
    else if (v === '') return;
    else if (NUMERIC_COLUMNS.has(h)) o[h] = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v) ? Number(v) : v;
    else o[h] = v;
  });
  return o;
}

export async function* importTranscriptCsv(file: string, opts: ImporterOptions = {}): AsyncGenerator<ImportItem[]> {
  let header: string[] | undefined;
  yield* importCsvRows(file, opts.chunkSize, (fields, line, out) => {
    if (!header) {
      header = fields.map((h) => h.trim());
      const missing = REQUIRED_COLUMNS.filter((c) => !header!.includes(c));
      const unknown = header.filter((h) => !(TRANSCRIPT_COLUMNS as readonly string[]).includes(h));
      if (missing.length || unknown.length) {
        const why = missing.length ? `missing column(s) ${missing.join(', ')}` : `unknown column(s) ${unknown.join(', ')}`;
        out.push({ type: 'reject', file, line, reason: `not a transcript v1 CSV: ${why}` });
        return false;
      }
      return true;
    }
    if (fields.length !== header.length) {
      out.push(widthReject(file, line, header.length, fields.length));
      return true;
    }
    const r = parseEvent(csvObject(header, fields));
    out.push(r.ok ? { type: 'event', event: r.value, file, line } : { type: 'reject', file, line, reason: r.error });
    return true;
  });
}
