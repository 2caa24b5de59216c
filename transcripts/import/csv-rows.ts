// CSV rows of a file with the line each starts on, for the CSV importers. csv-parse does the
// parsing (quotes, commas and line breaks in fields, BOM); line ends are normalised to LF
// first because csv-parse counts CRLF as two lines, and a body's CRLF means the same as LF.
// A row csv-parse cannot read (a stray quote) comes out as an error row, not as an exception.
import { parse } from 'csv-parse';
import { once } from 'node:events';
import type { ImportItem } from './record.js';
import { UnreadableFile, readTextChunks } from './text-source.js';

export type CsvRow = { fields: string[]; line: number } | { error: string; line: number };

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

function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^\n+/, '').replace(/\n$/, '');
  let n = 0;
  for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) n++;
  return endLine - n;
}

/** Throws UnreadableFile (binary, empty) from the text source; everything else is a row. */
export async function* readCsvRows(file: string, chunkSize?: number): AsyncGenerator<CsvRow[]> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    raw: true,
  });
  let errors: CsvRow[] = [];
  parser.on('skip', (e: Error & { lines?: number }) => {
    errors.push({ error: e.message.replace(/ at line \d+/, ''), line: e.lines ?? 0 });
  });
  const feed = (async () => {
    const lf = new CrlfToLf();
    try {
      for await (const chunk of readTextChunks(file, chunkSize)) {
        if (!parser.write(lf.push(chunk))) await once(parser, 'drain');
      }
      parser.end(lf.end());
    } catch (e) {
      parser.destroy(e as Error);
    }
  })();
  let batch: CsvRow[] = [];
  for await (const r of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
    if (errors.length) batch.push(...errors), (errors = []);
    batch.push({ fields: r.record, line: startLine(r.info.lines, r.raw) });
    if (batch.length >= 1024) yield batch, (batch = []);
  }
  await feed;
  batch.push(...errors);
  if (batch.length) yield batch;
}

/**
 * The CSV importers' common loop: a row csv-parse could not read and a file that is not text
 * become rejects (with their line, or byte offset); every other row goes to `onRow`, which appends
 * its items to `out` and returns false to stop reading (a header that is not the format's).
 * Returns how the file ended.
 */
export async function* importCsvRows(
  file: string,
  chunkSize: number | undefined,
  onRow: (fields: string[], line: number, out: ImportItem[]) => boolean,
): AsyncGenerator<ImportItem[], 'done' | 'stopped' | 'unreadable'> {
  try {
    for await (const rows of readCsvRows(file, chunkSize)) {
      const out: ImportItem[] = [];
      for (const row of rows) {
        if ('error' in row) {
          out.push({ type: 'reject', file, line: row.line, reason: `unreadable CSV row: ${row.error}` });
          continue;
        }
        if (!onRow(row.fields, row.line, out)) {
          yield out;
          return 'stopped';
        }
      }
      if (out.length) yield out;
    }
  } catch (e) {
    if (!(e instanceof UnreadableFile)) throw e;
    yield [{ type: 'reject', file, offset: e.offset, reason: e.reason }];
    return 'unreadable';
  }
  return 'done';
}
