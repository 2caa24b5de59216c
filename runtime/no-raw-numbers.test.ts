// Every output, scanned for phone numbers: the built CLI (`npm test` runs tsc before vitest) on
// inputs full of numbers — `data import` of the corpus and of exports whose texts, fields and
// file names hold numbers, `export` and `status` and `review list` of a runtime database whose
// messages, gateway errors and alerts hold numbers, an error line — and `/health` after a
// gateway error that quotes the number. stdout, stderr and every file written are scanned.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawNumbersIn } from '../lib/test-fixtures/raw-numbers.js';
import { SendError } from './gateways/sender.js';
import { createApp } from './http/http-app.js';
import { approve } from './operator/operator.js';
import { RecordingSender, harness } from './test-fixtures/harness.js';

const root = join(import.meta.dirname, '..');
const CORPUS = ['sms-backup.xml', 'calls.xml', 'twilio-messages.csv'].map((f) => join(root, 'data', 'corpus', f));
const cli = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [join(root, 'bin', 'dealerbot.js'), ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', DEALERBOT_KEY: 'scan-test' } });

// the spellings that leaked before, and the numbers they stand for
const IN_TEXTS = ['0032470112235 / 0470/11.22.36 / 0470-11-22-37', '+32 (0)470 11 22 38', '(0470) 11 22 39', '32470112240', '０４７０ １１ ２２ ３３', '(415) 555-0199'];
const NUMBERS = [...IN_TEXTS.flatMap((t) => t.split(' / ')), '+32470112233', '0470 99 88 77', '0470112299', '0486 55 44 33'];
// every number of the corpus, as written in its address/number/From/To fields
const corpusNumbers = () => CORPUS.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\+44 ?7700 ?900\d{3}|0044 7700 900\d{3}/g)].map((m) => m[0]));

function expectClean(what: string, text: string, numbers = NUMBERS) {
  expect(rawNumbersIn(text, numbers), what).toEqual([]);
}

describe('no raw phone number in any output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dealerbot-scan-'));

  it('data import: transcript, rejects file, stdout and stderr', () => {
    const xml = join(dir, 'dealer-0470112299.xml');
    writeFileSync(
      xml,
      `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count="${IN_TEXTS.length + 2}">\n` +
        IN_TEXTS.map((t, i) => `<sms address="+32470112233" date="${1791062040000 + i * 60_000}" type="1" body="bel ${t} of sms" />\n`).join('') +
        `<sms address="0470 99 88 77" date="yesterday 0486 55 44 33" type="1" body="x" />\n` +
        `<sms address="0486 55 44 33" date="1791062940000" type="9" body="unknown type" />\n</smses>\n`,
    );
    const csv = join(dir, 'twilio.csv');
    writeFileSync(
      csv,
      'From,To,Body,Status,SentDate,ApiVersion,NumSegments,ErrorCode,AccountSid,Sid,Direction,Price,PriceUnit\n' +
        '+32470112233,+32460000000,"nieuw nummer: +32 (0)470 11 22 38, of (0470) 11 22 39",received,2026-10-03T21:15:00Z,2010-04-01,1,,AC0,SM0,inbound,0,USD\n' +
        '+32470112233,+32460000000,hoi,received,0486 55 44 33,2010-04-01,1,,AC0,SM1,inbound,0,USD\n' +
        '+32470112233,+32460000000,hoi,0486554433,2026-10-03T21:16:00Z,2010-04-01,1,,AC0,SM2,inbound,0,USD\n',
    );
    const jsonl = join(dir, 'hand.jsonl');
    writeFileSync(jsonl, JSON.stringify({ conversation: 'c1', counterpart: 'p_0123456789abcdef', ts: '2026-10-03T21:14:00.000Z', direction: 'in', kind: 'sms', text: 'typed by hand: 0470/11.22.36', source: 'notes-0486554433' }) + '\n');
    const out = join(dir, 't.jsonl');
    const r = cli(['data', 'import', ...CORPUS, xml, csv, jsonl, '--out', out, '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.rejected).toBeGreaterThanOrEqual(4);
    const numbers = [...NUMBERS, ...corpusNumbers()];
    expectClean('stdout', r.stdout, numbers);
    expectClean('stderr', r.stderr, numbers);
    expect(r.stderr).toContain('warning'); // the rejects were warned about, redacted
    expectClean('transcript', readFileSync(out, 'utf8'), numbers);
    expectClean('rejects file', readFileSync(summary.rejects_file, 'utf8'), numbers);
    expect(readFileSync(out, 'utf8')).toContain('typed by hand: p_');
  });

  it('an error line names a file called after a number without the number', () => {
    const r = cli(['data', 'import', join(dir, 'from-0486554433.xml')], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('from-[number].xml');
    expectClean('stderr', r.stderr);
  });

  it('export, status, review list of a runtime database; /health after a gateway error', async () => {
    const db = join(dir, 'bot.db');
    const sender = new RecordingSender();
    sender.failWith = new SendError(`Twilio answered HTTP 400: {"code":21211,"message":"The 'To' number +32 470 11 22 33 is not a valid phone number. Try 0470/11.22.36"}`, true);
    const h = harness({ db, sender, config: { mode: 'review' } });
    h.say('+32470112233', 'coke te koop, bel me op 0470/11.22.36 of +32 (0)470 11 22 38');
    await h.run(60_000);
    const [waiting] = h.store.outboxInState('review');
    approve(h.store, waiting!.id, h.clock.now());
    await h.run(600_000);
    h.say('0470 99 88 77', `weed te koop: ${IN_TEXTS[0]}, ${IN_TEXTS[4]}`);
    await h.run(60_000);
    expect(h.store.alerts().map((a) => a.kind)).toContain('send-failed');
    expect(h.dispatcher.lastError).toContain('+32 470 11 22 33');

    // /health as serve wires it: the dispatcher's last error
    const app = createApp({ engine: h.engine, store: h.store, config: h.config, health: () => ({ status: 'degraded', reasons: [`sends failing: ${h.dispatcher.lastError}`], lastError: h.dispatcher.lastError }) });
    const health = await (await app.request('/health')).text();
    expect(JSON.parse(health).lastError).toMatch(/^Twilio answered HTTP 400: .*\[number\]/);
    expect(JSON.parse(health).reasons[0]).toMatch(/\[number\]/);
    expectClean('/health', health);
    h.store.close();

    const outputs: [string, string][] = [];
    for (const args of [['status', '--db', db], ['status', '--db', db, '--json'], ['review', 'list', '--db', db], ['review', 'list', '--db', db, '--json'], ['export', '--db', db, '--out', join(dir, 'log.jsonl')]]) {
      const r = cli(args, dir);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      outputs.push([`${args.join(' ')} stdout`, r.stdout], [`${args.join(' ')} stderr`, r.stderr]);
    }
    const st = JSON.parse(outputs[2]![1]);
    expect(st.last_errors[0].error).toContain('[number]');
    expect(st.alerts.find((a: { kind: string }) => a.kind === 'send-failed').message).toContain('[number]');
    const log = readFileSync(join(dir, 'log.jsonl'), 'utf8');
    expect(log.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(2);
    outputs.push(['export file', log]);
    for (const [what, text] of outputs) expectClean(what, text);
    expect(readdirSync(dir)).toContain('log.jsonl');
  });
});
