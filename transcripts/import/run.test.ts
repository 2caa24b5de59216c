import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../lib/package-root.js';
import { InputError } from '../../lib/errors.js';
import { Pseudonymizer } from '../pseudonym.js';
import { runImport } from './run.js';
import { SMS_XML_HEAD, tempDir, writeTemp } from './test-files.js';
import type { Io } from '../../lib/console.js';

const env = { DEALERBOT_KEY: 'test-key' };
const CORPUS = ['sms-backup.xml', 'calls.xml', 'twilio-messages.csv'].map((f) => packagePath('data', 'corpus', f));
function quietIo(): Io & { err: string[] } {
  const err: string[] = [];
  const w = { write: (s: string) => (err.push(s), true) } as unknown as NodeJS.WritableStream;
  return { stdout: w as never, stderr: w as never, err };
}

describe('runImport', () => {
  it('imports the corpus with no raw number anywhere in the output', async () => {
    const dir = tempDir();
    const out = join(dir, 't.jsonl');
    const { summary } = await runImport({ files: CORPUS, out, env }, quietIo());
    expect(summary).toMatchObject({ rejected: 0, skipped: 3, out_file: out });
    expect(summary.conversations).toBeGreaterThanOrEqual(18);
    const text = readFileSync(out, 'utf8');
    // every number of the inputs, in any spelling, and its bare digits
    const numbers = new Set<string>();
    for (const f of CORPUS) for (const m of readFileSync(f, 'utf8').matchAll(/(?:\+|00)44[\d ]{9,14}\d|7700 ?900\d{3}/g)) numbers.add(m[0]);
    expect(numbers.size).toBeGreaterThan(10);
    for (const n of numbers) {
      expect(text).not.toContain(n);
      expect(text).not.toContain(n.replace(/\D/g, '').slice(-9));
    }
  });

  it('makes +44 7700 900101 and 0044 7700 900101 one counterpart, and the three Belgian spellings too', async () => {
    const dir = tempDir();
    const xml = `${SMS_XML_HEAD}<smses count="3">
<sms address="0470 11 22 33" date="1791062040000" type="1" body="a" />
<sms address="+32470112233" date="1791062100000" type="2" body="b" />
<sms address="0032470112233" date="1791062160000" type="1" body="c" />
</smses>`;
    const r = await runImport({ files: [writeTemp(dir, 'be.xml', xml), CORPUS[0]!], out: join(dir, 'o.jsonl'), env }, quietIo());
    const p = new Pseudonymizer(Buffer.from('test-key'), 'BE');
    const be = r.events.filter((e) => e.counterpart === p.ofE164('+32470112233'));
    expect(be.map((e) => e.text)).toEqual(['a', 'b', 'c']);
    const uk = r.events.filter((e) => e.counterpart === p.ofE164('+447700900101'));
    expect(new Set(uk.map((e) => e.conversation)).size).toBe(2);
  });

  it('does not duplicate events of a file given twice', async () => {
    const dir = tempDir();
    const once = await runImport({ files: CORPUS, out: join(dir, 'a.jsonl'), env }, quietIo());
    const twice = await runImport({ files: [...CORPUS, ...CORPUS], out: join(dir, 'b.jsonl'), env }, quietIo());
    expect(twice.events).toEqual(once.events);
    // every event read twice, but not the meetings the rule added once after dedupe
    expect(once.summary.meetings_inferred).toBeGreaterThan(0);
    expect(twice.summary.duplicates).toBe(once.events.length - once.summary.meetings_inferred);
  });

  it('re-imports its own output (JSONL and CSV) unchanged', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.jsonl');
    await runImport({ files: CORPUS, out: a, env }, quietIo());
    await runImport({ files: [a], out: join(dir, 'b.csv'), env }, quietIo());
    await runImport({ files: [join(dir, 'b.csv')], out: join(dir, 'c.jsonl'), env }, quietIo());
    expect(readFileSync(join(dir, 'c.jsonl'), 'utf8')).toBe(readFileSync(a, 'utf8'));
  });

  it('writes rejects (file, line, reason) and warns once per reject on stderr', async () => {
    const dir = tempDir();
    const xml = `${SMS_XML_HEAD}<smses count="2">
<sms address="Proximus" date="1791062040000" type="1" body="Uw factuur" />
<sms address="+32470112233" date="1791062100000" type="1" body="ok" />
</smses>`;
    const io = quietIo();
    const f = writeTemp(dir, 'r.xml', xml);
    const { summary } = await runImport({ files: [f], out: join(dir, 'o.jsonl'), env }, io);
    expect(summary).toMatchObject({ messages: 1, rejected: 1, rejects_file: join(dir, 'o.rejects.jsonl') });
    const rej = readFileSync(summary.rejects_file!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rej).toEqual([{ file: f, line: 3, reason: 'not a phone number: alphanumeric sender or short code' }]);
    expect(io.err.join('')).toContain(`${f}:3: not a phone number`);
  });

  it('fails with --strict on the first reject and leaves no output file', async () => {
    const dir = tempDir();
    const csv = 'From,To,Body,Status,SentDate,ApiVersion,NumSegments,ErrorCode,AccountSid,Sid,Direction,Price,PriceUnit\n+32470112233,+32499000000,hi,received,not a date,2010-04-01,1,,AC,SM,inbound,0,USD\n';
    const out = join(dir, 'o.jsonl');
    const p = runImport({ files: [CORPUS[0]!, writeTemp(dir, 'bad.csv', csv)], out, env, strict: true }, quietIo());
    await expect(p).rejects.toThrow(InputError);
    await expect(p).rejects.toThrow(/bad\.csv:2: unparseable SentDate "not a date" \(--strict\)/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['bad.csv']);
  });

  it('fails when nothing could be imported (binary, empty)', async () => {
    const dir = tempDir();
    const files = [writeTemp(dir, 'e.xml', ''), writeTemp(dir, 'b.xml', Buffer.from([0, 1, 2]))];
    await expect(runImport({ files, out: join(dir, 'o.jsonl'), env }, quietIo())).rejects.toThrow(/e\.xml@0: empty file; nothing imported \(2 reject/);
  });
});
