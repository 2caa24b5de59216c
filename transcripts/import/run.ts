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
import { DATE_ORDERS, type DateOrder, type ImporterOptions, type Reject, recordsOf, rejectWhere } from './record.js';
import { nameKey } from './chat.js';
import { DEFAULT_TZ, EARLIEST, isTimeZone } from './dates.js';
import { phoneLib } from '../../lib/redact.js';
import { addInferredMeetings } from './meetings.js';

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
  /** chat exports: the participant who is the bot */
  me?: string;
  dateOrder?: DateOrder;
  tz?: string;
  /** keep group conversations instead of skipping them */
  groups?: boolean;
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
  /** `skipped` by reason: draft, failed, group, system, whatsapp (a channel), … */
  skipped_by: Record<string, number>;
  /** what the user should know that is not a reject: dates in seconds, the day/month order
   * chosen, a region guessed from the data */
  notes: string[];
  /** the region numbers without a country code were read in */
  region: string;
  /** meeting events added by the meeting rule (dialogue/state/attended.ts): meetings the
   * dealer's messages show he went to and the log held no event for */
  meetings_inferred: number;
}

export interface ImportResult {
  summary: ImportSummary;
  events: TranscriptEvent[];
  rejects: Reject[];
}

function checkOptions(o: ImportOptions): { region: CountryCode; gapDays: number; format: Format | 'auto'; tz: string } {
  if (!o.files.length) throw new UsageError('data import: give at least one file');
  const region = (o.region ?? DEFAULT_REGION).toUpperCase();
  if (!isRegion(region)) throw new UsageError(`--region ${o.region}: not a known region code (e.g. BE, NL, GB)`);
  const gapDays = o.gapDays ?? DEFAULT_GAP_DAYS;
  if (!(gapDays > 0) || !Number.isFinite(gapDays)) throw new UsageError(`--gap-days ${o.gapDays}: must be a positive number`);
  const format = o.format ?? 'auto';
  if (format !== 'auto' && !FORMATS.includes(format)) throw new UsageError(`--format ${format}: use auto, ${FORMATS.join(', ')}`);
  const tz = o.tz ?? DEFAULT_TZ;
  if (!isTimeZone(tz)) throw new UsageError(`--tz ${tz}: not a known time zone (e.g. Europe/Brussels, UTC)`);
  if (o.dateOrder !== undefined && !DATE_ORDERS.includes(o.dateOrder)) throw new UsageError(`--date-order ${o.dateOrder}: use ${DATE_ORDERS.join(', ')}`);
  if (o.me !== undefined && !nameKey(o.me)) throw new UsageError('--me: give the name of the bot\'s participant as the export writes it');
  return { region, gapDays, format, tz };
}

// regions a national number is tried in when it does not fit the default one
const GUESS_REGIONS: CountryCode[] = ['BE', 'NL', 'FR', 'DE', 'LU', 'GB', 'IE', 'ES', 'IT', 'PT', 'CH', 'AT', 'US', 'CA', 'MA', 'TR', 'PL', 'RO'];
const INTERNATIONAL = /^\s*(?:\+|00)/;

/** A number written without a country code (digits and separators only). */
const isNational = (raw: string) => !INTERNATIONAL.test(raw) && /^[\d\s().\-/]+$/.test(raw.trim());

/** The regions in which a number written without a country code is a valid number. */
function regionsOf(raw: string): CountryCode[] {
  if (!isNational(raw)) return [];
  return GUESS_REGIONS.filter((r) => phoneLib().parsePhoneNumberFromString(raw.trim(), r)?.isValid());
}

const CHANNEL = /^\s*(whatsapp|messenger|rcs|viber|sms|mms):/i;

export interface ImportRead {
  transcript: SegmentedStore;
  rejects: Reject[];
  skipped: number;
  skippedBy: Record<string, number>;
  notes: string[];
  region: string;
}

/** Reads, pseudonymises and segments; writes nothing. */
export async function importFiles(o: ImportOptions, io: Io = processIo): Promise<ImportRead> {
  // the first reading's lines on stderr wait until it is known whether it is the one kept
  const held: string[] = [];
  const holding: Io = { stdout: io.stdout, stderr: { write: (t: string) => (held.push(t), true) } as unknown as NodeJS.WritableStream } as Io;
  let first: Awaited<ReturnType<typeof readAll>>;
  try {
    first = await readAll(o, holding, undefined);
  } catch (e) {
    for (const t of held) io.stderr.write(t);
    throw e;
  }
  if (first.guess === undefined) {
    for (const t of held) io.stderr.write(t);
    return first;
  }
  note(io, `dealerbot: note: ${first.guessNote}`);
  // Most numbers did not fit the default region and another one reads them: read again in it
  // (the default only: a region the user gave is kept, and the note says what would fit).
  return readAll({ ...o, region: first.guess }, io, first.guessNote);
}

async function readAll(o: ImportOptions, io: Io, carriedNote: string | undefined): Promise<ImportRead & { guess?: CountryCode; guessNote?: string }> {
  const { region, gapDays, format, tz } = checkOptions(o);
  const key = resolveKey({ keyFile: o.keyFile, env: o.env, cwd: o.cwd, onCreated: (p) => note(io, `dealerbot: created a new pseudonymisation key in ${p} (keep it: the same key gives the same pseudonyms)`) });
  const pseudo = new Pseudonymizer(key, region);
  const notes: string[] = carriedNote ? [carriedNote] : [];
  const skippedBy: Record<string, number> = {};
  // numbers written without a country code: how many, and those that are no valid number of
  // the region (they fail, or only fit its lengths), with the regions where they are valid
  let nationalNumbers = 0;
  let allNumbers = 0;
  const badNational = new Map<string, CountryCode[]>();
  const importerOptions: ImporterOptions = { chunkSize: o.chunkSize, tz, groups: o.groups ?? false, ...(o.me !== undefined ? { me: o.me } : {}), ...(o.dateOrder ? { dateOrder: o.dateOrder } : {}) };
  const store = new EventStore();
  // number as written → counterpart id in the store, or why it is not a number (exports repeat
  // the same few numbers: one lookup per record instead of normalise + HMAC)
  const counterpartOf = new Map<string, number | string>();
  const rejects: Reject[] = [];
  let skipped = 0;
  const skip = (reason: string) => {
    skipped++;
    skippedBy[reason] = (skippedBy[reason] ?? 0) + 1;
  };
  const whoIs = (number: string, by: 'name' | undefined): number | string => {
    const k = by === 'name' ? `\u0000${number}` : number;
    let cp = counterpartOf.get(k);
    if (cp === undefined) {
      if (by === 'name') cp = store.counterpartId(pseudo.ofE164(`name:${nameKey(number)}`));
      else {
        const r = pseudo.of(number);
        allNumbers++;
        if (isNational(number)) {
          nationalNumbers++;
          if (!r.ok || !phoneLib().parsePhoneNumberFromString(number.trim(), region)?.isValid()) badNational.set(ownString(number), regionsOf(number));
        }
        cp = r.ok ? store.counterpartId(r.value) : regionReason(number, r.error);
      }
      counterpartOf.set(ownString(k), cp);
    }
    return cp;
  };
  const regionReason = (number: string, why: string): string => {
    if (!isNational(number)) return why;
    const fits = regionsOf(number).filter((r) => r !== region);
    return `${why} in region ${region} (--region ${region}, a number without a country code)${fits.length ? `; valid in ${fits.slice(0, 3).join(', ')} (e.g. --region ${fits[0]})` : ''}`;
  };

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
    for await (const batch of IMPORTERS[f](file, importerOptions)) {
      for (const item of batch) {
        switch (item.type) {
          case 'skip':
            skip(item.reason);
            break;
          case 'note': {
            const text = redactNumbers(`${item.file}: ${item.text}`);
            notes.push(text);
            note(io, `dealerbot: note: ${text}`);
            break;
          }
          case 'reject':
            addReject(item);
            break;
          case 'event': {
            // a transcript written by hand or by another tool may hold numbers too
            const e = item.event;
            if (Date.parse(e.ts) < EARLIEST) {
              addReject({ type: 'reject', file: item.file, line: item.line, reason: `ts ${e.ts} is before 2000: a clock that was not set, or seconds read as milliseconds` });
              break;
            }
            const source = e.source === undefined ? undefined : pseudo.redactText(e.source);
            store.addPending({ ...e, text: pseudo.redactText(e.text), ...(source === undefined ? {} : { source }), t: Date.parse(e.ts) });
            break;
          }
          case 'record': {
            if (!(item.time >= EARLIEST)) {
              addReject({ type: 'reject', file: item.file, line: item.line, reason: `date ${Number.isFinite(item.time) ? new Date(item.time).toISOString() : String(item.time)} is before 2000: a clock that was not set, or a date in the wrong unit` });
              break;
            }
            const channel = item.number.includes(':') ? CHANNEL.exec(item.number) : null;
            if (channel && !/^(sms|mms)$/i.test(channel[1]!)) {
              // a message of another channel through the same account (Twilio's WhatsApp or
              // Messenger senders): not an SMS conversation, counted apart
              skip(channel[1]!.toLowerCase());
              break;
            }
            let cp: number | string;
            if (item.group) {
              const members = item.group.map((g) => whoIs(g.number.replace(CHANNEL, ''), g.by));
              const bad = members.find((m) => typeof m === 'string');
              cp = bad ?? store.counterpartId(groupPseudonym(pseudo, members as number[], store));
            } else cp = whoIs(channel ? item.number.replace(CHANNEL, '') : item.number, item.by);
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
  // Most numbers without a country code failed in the region: is there one that reads them?
  let guess: CountryCode | undefined;
  let guessNote: string | undefined;
  // (most of all the numbers, written with a country code or not; one region ahead of the rest)
  if (badNational.size * 2 > allNumbers) {
    const votes = new Map<CountryCode, number>();
    for (const rs of badNational.values()) for (const r of rs) votes.set(r, (votes.get(r) ?? 0) + 1);
    // a tie goes to the region listed first (the neighbours come first), and the note says so
    const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1] || GUESS_REGIONS.indexOf(a[0]) - GUESS_REGIONS.indexOf(b[0]));
    const best = ranked[0];
    const tied = ranked.filter((x) => best && x[1] === best[1] && x[0] !== best[0]).map((x) => x[0]);
    if (best && best[1] * 2 > badNational.size) {
      const what = `${badNational.size} of ${nationalNumbers} numbers written without a country code are no valid number of region ${region}; ${best[1]} of them are of ${best[0]}${tied.length ? ` (as many of ${tied.slice(0, 3).join(', ')})` : ''}`;
      if (o.region === undefined) {
        guess = best[0];
        guessNote = `${what}: read with --region ${best[0]} (give --region to choose)`;
      } else {
        const n = `${what}: try --region ${best[0]}`;
        notes.push(n);
        note(io, `dealerbot: note: ${n}`);
      }
    }
  }
  return { transcript: segmentStore(store, gapDays), rejects, skipped, skippedBy, notes, region, ...(guess ? { guess, guessNote } : {}) };
}

/** A group's counterpart: the pseudonym of its members' pseudonyms, in order. */
function groupPseudonym(pseudo: Pseudonymizer, members: number[], store: EventStore): string {
  const ids = [...new Set(members.map((m) => store.counterparts[m]!))].sort();
  return pseudo.ofE164(`group:${ids.join(',')}`);
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
  const { seg, inferred } = addInferredMeetings(r.transcript, o.gapDays ?? DEFAULT_GAP_DAYS, o.tz ?? DEFAULT_TZ);
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
    skipped_by: r.skippedBy,
    notes: r.notes,
    region: r.region,
    meetings_inferred: inferred,
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
