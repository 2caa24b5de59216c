// `data import`: reads exports with the right importer, pseudonymises numbers, segments into
// conversations, drops duplicates and writes transcript v1 (JSONL, or CSV for a .csv --out).
// Rejects are counted, written to a rejects file and warned about; --strict fails on the first.
import type { CountryCode } from 'libphonenumber-js';
import { writeFileAtomic } from '../../lib/atomic-write.js';
import { type Io, note, processIo } from '../../lib/console.js';
import { InputError, UsageError } from '../../lib/errors.js';
import { DEFAULT_REGION, Pseudonymizer, isRegion, resolveKey } from '../pseudonym.js';
import { EventStore } from '../event-store.js';
import { ownString } from '../../lib/own-string.js';
import { redactNumbers } from '../../lib/redact.js';
import { DEFAULT_GAP_DAYS, type SegmentedStore, segmentStore } from '../segment.js';
import type { TranscriptEvent } from '../../core/transcript.js';
import { CSV_HEADER, formatCsvLine, formatJsonlLine } from './canonical.js';
import { FORMATS, type Format, IMPORTERS, detectFormat } from './detect.js';
import { type Reject, recordsOf, rejectWhere } from './record.js';

export const DEFAULT_OUT = 'transcript.jsonl';
const MAX_WARNINGS = 20;

export interface ImportOptions {
  files: string[];
  format?: Format | 'auto';
  out?: string;
  keyFile?: string;
  region?: string;
  gapDays?: number;
  rejects?: string;
  strict?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  chunkSize?: number;
}

export interface ImportSummary {
  messages: number;
  calls: number;
  skipped: number;
  rejected: number;
  conversations: number;
  counterparts: number;
  in: number;
  out: number;
  out_file: string;
  rejects_file: string | null;
  duplicates: number;
  files: number;
}

export interface ImportResult {
  summary: ImportSummary;
  events: TranscriptEvent[];
  rejects: Reject[];
}

function checkOptions(o: ImportOptions): { region: CountryCode; gapDays: number; format: Format | 'auto' } {
  if (!o.files.length) throw new UsageError('data import: give at least one file');
  const region = (o.region ?? DEFAULT_REGION).toUpperCase();
  if (!isRegion(region)) throw new UsageError(`--region ${o.region}: not a known region code (e.g. BE, NL, GB)`);
  const gapDays = o.gapDays ?? DEFAULT_GAP_DAYS;
  if (!(gapDays > 0) || !Number.isFinite(gapDays)) throw new UsageError(`--gap-days ${o.gapDays}: must be a positive number`);
  const format = o.format ?? 'auto';
  if (format !== 'auto' && !FORMATS.includes(format)) throw new UsageError(`--format ${format}: use auto, ${FORMATS.join(', ')}`);
  return { region, gapDays, format };
}

/** Reads, pseudonymises and segments; writes nothing. */
export async function importFiles(o: ImportOptions, io: Io = processIo): Promise<{ transcript: SegmentedStore; rejects: Reject[]; skipped: number }> {
  const { region, gapDays, format } = checkOptions(o);
  const key = resolveKey({ keyFile: o.keyFile, env: o.env, cwd: o.cwd, onCreated: (p) => note(io, `dealerbot: created a new pseudonymisation key in ${p} (keep it: the same key gives the same pseudonyms)`) });
  const pseudo = new Pseudonymizer(key, region);
  const store = new EventStore();
  // number as written → counterpart id in the store, or why it is not a number (exports repeat
  // the same few numbers: one lookup per record instead of normalise + HMAC)
  const counterpartOf = new Map<string, number | string>();
  const rejects: Reject[] = [];
  let skipped = 0;

  // A reject quotes what it could not read (a field, an XML error): it leaves the process with
  // phone numbers redacted like everything else.
  const addReject = (r0: Reject) => {
    const r = { ...r0, file: redactNumbers(r0.file), reason: ownString(redactNumbers(r0.reason)) };
    if (o.strict) throw new InputError(rejectWhere(r), undefined, `${r.reason} (--strict)`);
    if (rejects.length < MAX_WARNINGS) note(io, `dealerbot: warning: ${rejectWhere(r)}: ${r.reason}`);
    rejects.push(r);
  };
  // a source names the file, and a file may be named after a number
  const sources = new Map<string, number>();
  const sourceId = (s: string | undefined) => {
    if (s === undefined) return store.sourceId(undefined);
    let id = sources.get(s);
    if (id === undefined) sources.set(ownString(s), (id = store.sourceId(pseudo.redactText(s))));
    return id;
  };

  for (const file of o.files) {
    let f: Format;
    if (format === 'auto') {
      const d = await detectFormat(file).catch((e: NodeJS.ErrnoException) => {
        throw new InputError(file, undefined, `cannot read: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
      });
      if (d.format === undefined) {
        addReject({ type: 'reject', file, offset: d.offset ?? 0, reason: d.reason });
        continue;
      }
      f = d.format;
    } else f = format;
    for await (const batch of IMPORTERS[f](file, { chunkSize: o.chunkSize })) {
      for (const item of batch) {
        switch (item.type) {
          case 'skip':
            skipped++;
            break;
          case 'reject':
            addReject(item);
            break;
          case 'event': {
            // a transcript written by hand or by another tool may hold numbers too
            const e = item.event;
            const source = e.source === undefined ? undefined : pseudo.redactText(e.source);
            store.addPending({ ...e, text: pseudo.redactText(e.text), ...(source === undefined ? {} : { source }), t: Date.parse(e.ts) });
            break;
          }
          case 'record': {
            let cp = counterpartOf.get(item.number);
            if (cp === undefined) {
              const r = pseudo.of(item.number);
              cp = r.ok ? store.counterpartId(r.value) : r.error;
              counterpartOf.set(ownString(item.number), cp);
            }
            if (typeof cp === 'string') {
              addReject({ type: 'reject', file: item.file, line: item.line, reason: cp });
              break;
            }
            store.add(cp, item.time, item.direction, item.kind, pseudo.redactText(item.text), item.duration_s, sourceId(item.source));
            break;
          }
        }
      }
    }
  }
  if (rejects.length > MAX_WARNINGS) note(io, `dealerbot: … and ${rejects.length - MAX_WARNINGS} more rejects (${rejects.length} in all)`);
  return { transcript: segmentStore(store, gapDays), rejects, skipped };
}

export function summarize(events: readonly TranscriptEvent[]) {
  let messages = 0;
  let calls = 0;
  let inn = 0;
  let out = 0;
  const counterparts = new Set<string>();
  for (const e of events) {
    if (e.kind === 'sms' || e.kind === 'mms') messages++;
    else if (e.kind === 'call') calls++;
    if (e.direction === 'in') inn++;
    else out++;
    counterparts.add(e.counterpart);
  }
  return { messages, calls, in: inn, out, counterparts: counterparts.size };
}

export function* transcriptLines(events: Iterable<TranscriptEvent>, csv: boolean): Generator<string> {
  if (csv) yield CSV_HEADER;
  for (const e of events) yield csv ? formatCsvLine(e) : formatJsonlLine(e);
}

/** Counts of summarize() straight from the compact rows. */
export function summarizeSegmented(seg: SegmentedStore) {
  const s = seg.store;
  let messages = 0;
  let calls = 0;
  let inn = 0;
  const counterparts = new Set<number>();
  for (const row of seg.rows) {
    const kind = s.kind(row);
    if (kind === 'sms' || kind === 'mms') messages++;
    else if (kind === 'call') calls++;
    if (s.direction(row) === 'in') inn++;
    counterparts.add(s.cp[row]!);
  }
  return { messages, calls, in: inn, out: seg.length - inn, counterparts: counterparts.size };
}

export async function runImport(o: ImportOptions, io: Io = processIo): Promise<ImportResult> {
  const r = await importFiles(o, io);
  const seg = r.transcript;
  const outFile = o.out ?? DEFAULT_OUT;
  let rejectsFile: string | null = null;
  if (r.rejects.length) {
    rejectsFile = o.rejects ?? `${outFile.replace(/\.(jsonl|csv)$/i, '')}.rejects.jsonl`;
    await writeFileAtomic(
      rejectsFile,
      r.rejects.map(
        (x) =>
          JSON.stringify({
            file: x.file,
            line: x.line ?? null,
            ...(x.endLine !== undefined ? { end_line: x.endLine } : {}),
            ...(x.offset !== undefined ? { offset: x.offset } : {}),
            ...(x.records !== undefined ? { records: x.records } : {}),
            reason: x.reason,
          }) + '\n',
      ),
    );
  }
  if (!seg.length && r.rejects.length) {
    const first = r.rejects[0]!;
    throw new InputError(rejectWhere(first), undefined, `${first.reason}; nothing imported (${r.rejects.length} reject(s), see ${rejectsFile})`);
  }
  const csv = /\.csv$/i.test(outFile);
  await writeFileAtomic(outFile, csv ? transcriptLines(seg.events(), true) : seg.jsonlLines(formatJsonlLine));
  const counts = summarizeSegmented(seg);
  const summary: ImportSummary = {
    messages: counts.messages,
    calls: counts.calls,
    skipped: r.skipped,
    // records that could not be read: a reject for a swallowed range counts each of them
    rejected: r.rejects.reduce((n, x) => n + recordsOf(x), 0),
    conversations: seg.conversations,
    counterparts: counts.counterparts,
    in: counts.in,
    out: counts.out,
    out_file: outFile,
    rejects_file: rejectsFile,
    duplicates: seg.duplicates,
    files: o.files.length,
  };
  let events: TranscriptEvent[] | undefined;
  return {
    summary,
    // made on demand: the CLI never needs them all as objects at once
    get events() {
      return (events ??= [...seg.events()]);
    },
    rejects: r.rejects,
  };
}
