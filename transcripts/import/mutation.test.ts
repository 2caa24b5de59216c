// The importers lose nothing silently: the corpus files, damaged the ways real copies are
// (cut short, an unclosed comment, a stray '<', a quote too many or too few, a deleted '>', NUL
// bytes, lines written twice), one to three damages per file with a seeded generator. For every
// damaged file: records read + records rejected (a reject counts the records it stands for)
// >= the records of the original the damage left in the file, records read <= the records in
// it, and every reject says where (file and line, or byte offset) and why.
//
// The counts of the originals come from independent readers: a regular expression for the XML
// record tags, csv-parse for the CSV rows. DEALERBOT_DAMAGED=N damages N files per file and
// kind instead of 30 (and 4N with several damages), for a longer run; every failure is listed.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../lib/package-root.js';
import { Rng } from '../../lib/random.js';
import type { ImportItem, Importer, Reject } from './record.js';
import { importSmsBackup } from './sms-backup.js';
import { collect, tempDir, writeTemp } from './test-files.js';
import { importTwilioCsv } from './twilio-csv.js';

const dir = tempDir();
const PER_KIND = Number(process.env.DEALERBOT_DAMAGED ?? 30);
// chunk sizes: whole file, and pieces that cut tags and references (small ones are slow: rarer)
const chunk = (r: Rng) => r.pick([undefined, undefined, 100, 4096, 4096, 13]);
const RECORD_TAG = /<(?:sms|mms|call)[\s/>]/g;
const xmlRecords = (b: Buffer) => (b.toString('latin1').match(RECORD_TAG) ?? []).length;

/** Start offsets of the data rows of a well-formed CSV (csv-parse as the oracle). */
function csvRowStarts(b: Buffer): number[] {
  const text = b.toString('utf8');
  const lineStart = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStart.push(Buffer.byteLength(text.slice(0, i + 1)));
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { info: { lines: number } }[];
  const starts: number[] = [];
  let next = 1;
  for (const r of rows) {
    starts.push(lineStart[next - 1]!);
    next = r.info.lines + 1;
  }
  return starts.slice(1); // the header is no record
}

type Damage = 'truncate' | 'unclosed comment' | 'stray <' | 'broken quote' | 'deleted >' | 'NUL bytes' | 'duplicated lines';
const DAMAGES: Damage[] = ['truncate', 'unclosed comment', 'stray <', 'broken quote', 'deleted >', 'NUL bytes', 'duplicated lines'];

interface Damaged {
  bytes: Buffer;
  /** offset in the original where the file was cut (its length when it was not) */
  cut: number;
  /** lines written twice (their records may be read twice) */
  duplicated: Buffer[];
  what: string[];
}

const insert = (b: Buffer, at: number, s: Buffer) => Buffer.concat([b.subarray(0, at), s, b.subarray(at)]);
const remove = (b: Buffer, at: number) => Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
function offsetsOf(b: Buffer, byte: number): number[] {
  const out: number[] = [];
  for (let i = b.indexOf(byte); i >= 0; i = b.indexOf(byte, i + 1)) out.push(i);
  return out;
}

function damage(orig: Buffer, r: Rng, kinds: Damage[]): Damaged {
  let b = orig;
  let cut = orig.length;
  const duplicated: Buffer[] = [];
  const what: string[] = [];
  // the cut comes first: it is an offset in the original, and the other damages are in what is left
  for (const kind of [...kinds].sort((x, y) => Number(y === 'truncate') - Number(x === 'truncate'))) {
    const at = 1 + r.int(b.length - 1);
    switch (kind) {
      case 'truncate':
        b = b.subarray(0, at);
        cut = Math.min(cut, at);
        what.push(`truncate@${at}`);
        break;
      case 'unclosed comment':
        b = insert(b, at, Buffer.from('<!--'));
        what.push(`<!--@${at}`);
        break;
      case 'stray <':
        b = insert(b, at, Buffer.from('<'));
        what.push(`<@${at}`);
        break;
      case 'broken quote': {
        const quotes = offsetsOf(b, 0x22);
        if (r.bool() && quotes.length) {
          const q = r.pick(quotes);
          b = remove(b, q);
          what.push(`-"@${q}`);
        } else {
          b = insert(b, at, Buffer.from('"'));
          what.push(`+"@${at}`);
        }
        break;
      }
      case 'deleted >': {
        const gts = offsetsOf(b, 0x3e);
        const g = gts.length ? r.pick(gts) : at;
        b = remove(b, g);
        what.push(`->@${g}`);
        break;
      }
      case 'NUL bytes': {
        const n = 1 + r.int(4);
        for (let k = 0; k < n; k++) b = insert(b, 1 + r.int(b.length - 1), Buffer.from([0]));
        what.push(`${n}×NUL`);
        break;
      }
      case 'duplicated lines': {
        const n = 1 + r.int(3);
        for (let k = 0; k < n; k++) {
          const starts = [0, ...offsetsOf(b, 0x0a).map((i) => i + 1)].filter((i) => i < b.length);
          const s = r.pick(starts);
          const e = b.indexOf(0x0a, s);
          const line = b.subarray(s, e < 0 ? b.length : e + 1);
          duplicated.push(Buffer.from(line));
          b = insert(b, s, line);
        }
        what.push(`${n} lines twice`);
        break;
      }
    }
  }
  return { bytes: b, cut, duplicated, what };
}

interface Corpus {
  file: string;
  importer: Importer;
  /** records of the original the damage left in the file, and how many the file can hold at most */
  bounds: (orig: Buffer, d: Damaged) => { left: number; most: number };
}

let rowStarts: number[] | undefined; // of the one CSV original
const CORPUS: Corpus[] = [
  ...['sms-backup.xml', 'calls.xml'].map((file) => ({
    file,
    importer: importSmsBackup,
    bounds: (orig: Buffer, d: Damaged) => {
      const left = xmlRecords(orig.subarray(0, d.cut));
      // a stray '<' may turn "call me" in a text into a tag start
      return { left, most: Math.max(xmlRecords(orig), xmlRecords(d.bytes)) + d.duplicated.reduce((n, l) => n + xmlRecords(l), 0) };
    },
  })),
  {
    file: 'twilio-messages.csv',
    importer: importTwilioCsv,
    bounds: (orig: Buffer, d: Damaged) => {
      const starts = (rowStarts ??= csvRowStarts(orig));
      return { left: starts.filter((s) => s < d.cut).length, most: starts.length + d.duplicated.length };
    },
  },
];

const read = (items: ImportItem[]) => items.filter((i) => i.type === 'record' || i.type === 'skip' || i.type === 'event').length;
const rejected = (items: ImportItem[]) => items.filter((i): i is Reject => i.type === 'reject').reduce((n, r) => n + (r.records ?? 1), 0);

async function check(c: Corpus, orig: Buffer, d: Damaged, chunkSize: number | undefined, label: string) {
  const path = writeTemp(dir, `m-${c.file}`, d.bytes);
  const items = await collect(c.importer(path, { chunkSize }));
  const { left, most } = c.bounds(orig, d);
  const lines = d.bytes.toString('latin1').split('\n').length;
  const where = `${label} ${d.what.join(', ')} (chunk ${chunkSize ?? 'default'})`;
  expect.soft(read(items), `${where}: read <= records in the file`).toBeLessThanOrEqual(most);
  expect.soft(read(items) + rejected(items), `${where}: read + rejected >= records left (${left})`).toBeGreaterThanOrEqual(left);
  for (const r of items.filter((i): i is Reject => i.type === 'reject')) {
    expect(r.file, where).toBe(path);
    expect(r.reason.length, where).toBeGreaterThan(0);
    if (r.offset !== undefined) expect(r.offset, where).toBeLessThanOrEqual(d.bytes.length);
    else {
      expect(Number.isInteger(r.line) && r.line! >= 1 && r.line! <= lines, `${where}: line ${r.line} of ${lines}`).toBe(true);
      if (r.endLine !== undefined) expect(r.endLine, where).toBeGreaterThanOrEqual(r.line!);
    }
  }
  return { read: read(items), rejected: rejected(items) };
}

describe('import of damaged copies of the corpus', () => {
  for (const c of CORPUS) {
    const orig = readFileSync(packagePath('data', 'corpus', c.file));
    it(`${c.file}: each damage alone, ${PER_KIND} times each`, async () => {
      const r = new Rng(`damage-${c.file}`);
      let lost = 0;
      for (const kind of DAMAGES)
        for (let k = 0; k < PER_KIND; k++) {
          const res = await check(c, orig, damage(orig, r, [kind]), chunk(r), kind);
          lost += res.rejected;
        }
      expect(lost).toBeGreaterThan(0);
    });

    it(`${c.file}: two or three damages at once, ${4 * PER_KIND} files`, async () => {
      const r = new Rng(`damages-${c.file}`);
      for (let k = 0; k < 4 * PER_KIND; k++) {
        const kinds = Array.from({ length: 2 + r.int(2) }, () => r.pick(DAMAGES));
        await check(c, orig, damage(orig, r, kinds), chunk(r), kinds.join('+'));
      }
    });
  }

  it('an undamaged file is read whole: the accounting is exact', async () => {
    for (const c of CORPUS) {
      const orig = readFileSync(packagePath('data', 'corpus', c.file));
      const items = await collect(c.importer(writeTemp(dir, c.file, orig), {}));
      const { left } = c.bounds(orig, { bytes: orig, cut: orig.length, duplicated: [], what: [] });
      expect([read(items), rejected(items)], c.file).toEqual([left, 0]);
    }
  });
});
