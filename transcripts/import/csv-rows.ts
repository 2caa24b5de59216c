// CSV rows of a file with the line each starts on, for the CSV importers (RFC 4180: quotes,
// commas and line breaks in fields). Line ends are normalised to LF first (a body's CRLF means
// the same as LF).
//
// A broken quote (one too many or too few) makes a field run on over the rows after it. A row
// that cannot be read is rejected at the line it starts on, and when it ran over more lines,
// reading goes on at the line after its start: the rows it swallowed are read on their own
// instead of being lost with it. A row with a line break inside that reads well is checked too:
// if it has not the header's width, or its multi-line field holds the rest of a row and the
// start of the next, a quote swallowed rows, and the same happens. (csv-parse, used before, went on after a broken quote
// somewhere past the rows it had swallowed, without saying which, and named the line where it
// noticed the error instead of the row's first line.)
import type { ImportItem, Reject } from './record.js';
import { UnreadableFile, readTextChunks } from './text-source.js';

export type CsvRow = { fields: string[]; line: number; endLine: number } | { error: string; line: number; endLine: number };

export class CrlfToLf {
  private pendingCr = false;
  push(chunk: string): string {
    let s = this.pendingCr ? '\r' + chunk : chunk;
    this.pendingCr = s.endsWith('\r');
    if (this.pendingCr) s = s.slice(0, -1);
    return s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
  }
  end(): string {
    const s = this.pendingCr ? '\n' : '';
    this.pendingCr = false;
    return s;
  }
}

type Fields = { fields: string[] } | { error: string };

/** The fields of one record (its text without the final line end). */
export function parseCsvRecord(r: string): Fields {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let value: string;
    if (r.charCodeAt(i) === 0x22) {
      value = '';
      let j = i + 1;
      for (;;) {
        const q = r.indexOf('"', j);
        if (q < 0) return { error: 'a quote is never closed' };
        if (r.charCodeAt(q + 1) === 0x22) {
          value += r.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        value += r.slice(j, q);
        i = q + 1;
        break;
      }
      if (i < r.length && r.charCodeAt(i) !== 0x2c) return { error: `a quoted field ends, then ${JSON.stringify(r[i])} follows instead of a comma (field ${fields.length + 1})` };
    } else {
      const c = r.indexOf(',', i);
      const end = c < 0 ? r.length : c;
      value = r.slice(i, end);
      if (value.includes('"')) return { error: `a quote inside a field that does not start with one (field ${fields.length + 1})` };
      i = end;
    }
    fields.push(value);
    if (i >= r.length) return { fields };
    i++; // the comma
    if (i === r.length) {
      fields.push('');
      return { fields };
    }
  }
}

const breaks = (s: string) => {
  let n = 0;
  for (let k = s.indexOf('\n'); k >= 0; k = s.indexOf('\n', k + 1)) n++;
  return n;
};

/** Cuts LF-normalised text into records, chunk by chunk. */
export class CsvRecords {
  /** text from the start of the next record on; it starts on line `line` */
  private buf = '';
  private line = 1;
  /** where the search for the record's end is in buf, and whether that is inside quotes */
  private scan = 0;
  private inQuote = false;
  /** fields of the first record (the header) */
  private width = -1;

  push(text: string): CsvRow[] {
    this.buf += text;
    return this.records(false);
  }

  end(text = ''): CsvRow[] {
    this.buf += text;
    return this.records(true);
  }

  private records(final: boolean): CsvRow[] {
    const rows: CsvRow[] = [];
    let pos = 0;
    const buf = this.buf;
    for (;;) {
      // The record's end: the first line break outside quotes. As in the parser below, only a
      // quote at the start of a field opens a quoted field, and "" inside one is a quote.
      let i = Math.max(this.scan, pos);
      let end = -1;
      let resume = buf.length;
      for (;;) {
        const q = buf.indexOf('"', i);
        if (this.inQuote) {
          if (q < 0) break;
          if (q + 1 === buf.length && !final) {
            resume = q; // a "" the chunk's end cut, or a closing quote: the next chunk tells
            break;
          }
          if (buf.charCodeAt(q + 1) === 0x22) i = q + 2;
          else (this.inQuote = false), (i = q + 1);
          continue;
        }
        const n = buf.indexOf('\n', i);
        if (n >= 0 && (q < 0 || n < q)) {
          end = n;
          break;
        }
        if (q < 0) break;
        if (q === pos || buf.charCodeAt(q - 1) === 0x2c) this.inQuote = true;
        i = q + 1;
      }
      if (end < 0) {
        if (!final || pos >= buf.length) {
          this.scan = resume;
          break;
        }
        end = buf.length; // the last record, without a line end
      }
      const r = buf.slice(pos, end);
      const open = this.inQuote;
      this.inQuote = false;
      this.scan = 0;
      const lines = breaks(r);
      const start = this.line;
      if (r === '') {
        this.line++;
        pos = end + 1;
        continue;
      }
      let problem: string | undefined;
      let fields: string[] | undefined;
      if (r.includes('\0')) problem = 'a NUL byte (a damaged file)';
      else if (open) problem = 'a quote is never closed';
      else {
        const f = parseCsvRecord(r);
        if ('error' in f) problem = f.error;
        else if (lines > 0 && this.width > 0) {
          problem = this.swallowed(f.fields);
          if (!problem) fields = f.fields;
        } else fields = f.fields;
      }
      if (fields) {
        if (this.width < 0) this.width = fields.length;
        rows.push({ fields, line: start, endLine: start + lines });
        this.line += lines + 1;
        pos = end + 1;
      } else if (lines > 0) {
        // read on at the line after the row's start: what it ran over is read on its own
        const nl = r.indexOf('\n');
        rows.push({ error: `${problem} (it runs on over lines ${start}–${start + lines}; the lines after ${start} are read on their own)`, line: start, endLine: start + lines });
        this.line++;
        pos += nl + 1;
      } else {
        rows.push({ error: problem!, line: start, endLine: start });
        this.line++;
        pos = end + 1;
      }
    }
    this.buf = pos > 0 ? buf.slice(pos) : buf;
    if (pos > 0) this.scan = Math.max(0, this.scan - pos);
    return rows;
  }

  /** Why a row that goes on over lines and reads is still a quote that swallowed rows: it
   * has not the header's width, or its field with the line breaks starts with (at least) the
   * rest of a row and ends with the start of one. */
  private swallowed(fields: string[]): string | undefined {
    const w = this.width;
    if (fields.length !== w) return `a row over several lines with ${fields.length} fields, the header has ${w}`;
    const k = fields.findIndex((f) => f.includes('\n'));
    if (k < 0) return undefined;
    const v = fields[k]!;
    const commas = (s: string) => s.split(',').length - 1;
    if (commas(v.slice(0, v.indexOf('\n'))) >= w - 1 - k && commas(v.slice(v.lastIndexOf('\n') + 1)) >= k)
      return `a quoted field holds the end of this row and the start of the next`;
    return undefined;
  }
}

/** A row with the wrong number of fields. Too many can be several rows whose line breaks were
 * lost: n rows of w fields run together have n(w-1)+1, and the reject counts them. */
export function widthReject(file: string, line: number, width: number, found: number): Reject {
  const r: Reject = { type: 'reject', file, line, reason: `expected ${width} columns, found ${found}` };
  const rows = width > 1 ? Math.round((found - 1) / (width - 1)) : 1;
  if (rows > 1) {
    r.records = rows;
    r.reason += ` (${rows} rows run together?)`;
  }
  return r;
}

/** Throws UnreadableFile (binary, empty) from the text source; everything else is a row. */
export async function* readCsvRows(file: string, chunkSize?: number): AsyncGenerator<CsvRow[]> {
  const lf = new CrlfToLf();
  const records = new CsvRecords();
  for await (const chunk of readTextChunks(file, chunkSize)) {
    const rows = records.push(lf.push(chunk));
    if (rows.length) yield rows;
  }
  const rows = records.end(lf.end());
  if (rows.length) yield rows;
}

/**
 * The CSV importers' common loop: a row that cannot be read and a file that is not text
 * become rejects (with their line, or byte offset); every other row goes to `onRow`, which appends
 * its items to `out` and returns false to stop reading (a header that is not the format's): the
 * reject it appended then counts the rows left unread. Returns how the file ended.
 */
export async function* importCsvRows(
  file: string,
  chunkSize: number | undefined,
  onRow: (fields: string[], line: number, out: ImportItem[]) => boolean,
): AsyncGenerator<ImportItem[], 'done' | 'stopped' | 'unreadable'> {
  let stopped: Reject | undefined;
  let unread = 0;
  let lastLine = 0;
  try {
    for await (const rows of readCsvRows(file, chunkSize)) {
      const out: ImportItem[] = [];
      for (const row of rows) {
        if (stopped) {
          unread++;
          lastLine = row.endLine;
          continue;
        }
        if ('error' in row) {
          const r: Reject = { type: 'reject', file, line: row.line, reason: `unreadable CSV row: ${row.error}` };
          if (row.endLine > row.line) r.endLine = row.endLine;
          out.push(r);
          continue;
        }
        if (!onRow(row.fields, row.line, out)) {
          const last = out.at(-1);
          if (last?.type !== 'reject') {
            yield out;
            return 'stopped';
          }
          stopped = out.pop() as Reject; // held back until the rows after it are counted
        }
      }
      if (out.length) yield out;
    }
  } catch (e) {
    if (!(e instanceof UnreadableFile)) throw e;
    yield [{ type: 'reject', file, offset: e.offset, reason: e.reason }];
    return 'unreadable';
  }
  if (stopped) {
    stopped.records = unread;
    if (unread) {
      stopped.reason += `; the ${unread} row${unread === 1 ? '' : 's'} after it not read`;
      stopped.endLine = lastLine;
    }
    yield [stopped];
    return 'stopped';
  }
  return 'done';
}
