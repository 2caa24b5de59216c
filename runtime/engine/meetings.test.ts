import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeConversation } from '../../core/reward.js';
import type { TranscriptEvent } from '../../core/transcript.js';
import { exportTranscript } from '../operator/export.js';
import { fakeBrain } from '../test-fixtures/fake-brain.js';
import { harness } from '../test-fixtures/harness.js';
import { runImport } from '../../transcripts/import/run.js';
import type { Io } from '../../lib/console.js';

const quiet: Io = { stdout: { write: () => true }, stderr: { write: () => true } } as unknown as Io;

/** `data import` of these events (JSONL), and what it wrote */
async function imported(events: object[]): Promise<{ events: TranscriptEvent[]; inferred: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'dealerbot-meetings-import-'));
  try {
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, events.map((e) => JSON.stringify(e) + '\n').join(''));
    const r = await runImport({ files: [file], out: join(dir, 'out.jsonl'), env: { DEALERBOT_KEY: 'test-key' }, cwd: dir }, quiet);
    return { events: readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TranscriptEvent), inferred: r.summary.meetings_inferred };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const MIN = 60_000;
const DEALER = '+32470112233';

/** a promo at 21:00 Brussels, our reply, his meeting at 23u, then what he says at the place */
async function meetingNight(at: [minutesAfter23: number, text: string][]) {
  const h = harness({ brain: fakeBrain({ prefer: 'show_interest' }) });
  h.say(DEALER, 'coke te koop, 50 euro de gram');
  await h.run(10 * MIN);
  h.say(DEALER, 'afspreken vanavond om 23u aan de Meir?');
  await h.run(10 * MIN);
  const at23 = Date.parse('2026-01-05T23:00:00+01:00');
  for (const [min, text] of at) {
    await h.run(at23 + min * MIN - h.clock.now());
    h.say(DEALER, text);
  }
  await h.run(60 * MIN);
  return h;
}

async function exported(h: Awaited<ReturnType<typeof meetingNight>>): Promise<TranscriptEvent[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dealerbot-meetings-'));
  try {
    const out = join(dir, 'log.jsonl');
    await exportTranscript(h.store, 'test-key', out);
    return readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TranscriptEvent);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the runtime logs the meetings the dealer went to', () => {
  it('three "ik sta er" are one meeting in export, at the first of them, and the reward counts it', async () => {
    const h = await meetingNight([[2, 'ik sta er'], [8, 'ik sta er al 5 min'], [15, 'ik sta er nog altijd, waar zijt ge']]);
    const events = await exported(h);
    const meetings = events.filter((e) => e.kind === 'meeting');
    expect(meetings).toHaveLength(1);
    expect(meetings[0]).toMatchObject({ direction: 'in', text: '', ts: '2026-01-05T22:02:00.000Z' });
    // right after the message that showed it, in the same conversation
    const i = events.indexOf(meetings[0]!);
    expect(events[i - 1]).toMatchObject({ direction: 'in', kind: 'sms', text: 'ik sta er' });
    expect(summarizeConversation(events).no_shows).toBe(1);
    expect(h.store.callAndMeetingCounts().meetings).toBe(1);
  });

  it('no meeting when he is only on his way', async () => {
    const h = await meetingNight([[-5, 'ben onderweg, bijna daar']]);
    expect((await exported(h)).filter((e) => e.kind === 'meeting')).toEqual([]);
  });

  it('an imported log gets the same meeting events: with acts and tactics, or text only', async () => {
    const h = await meetingNight([[2, 'ik sta er'], [8, 'ik sta er al 5 min'], [70, 'ge zijt ni gekomen, ik heb daar gestaan']]);
    const log = await exported(h);
    const runtime = log.filter((e) => e.kind === 'meeting').map((e) => e.ts);
    expect(runtime).toEqual(['2026-01-05T22:02:00.000Z']);
    // the runtime's export imported again: nothing to add
    const again = await imported(log);
    expect(again.inferred).toBe(0);
    expect(again.events.filter((e) => e.kind === 'meeting').map((e) => e.ts)).toEqual(runtime);
    // the same conversation without its meeting event, as an old log would hold it
    const old = log.filter((e) => e.kind !== 'meeting');
    const withActs = await imported(old);
    expect(withActs.inferred).toBe(1);
    expect(withActs.events.filter((e) => e.kind === 'meeting').map((e) => e.ts)).toEqual(runtime);
    const textOnly = await imported(old.map(({ act: _a, tactic: _t, propensity: _p, policy: _y, lang: _l, ...e }) => e));
    expect(textOnly.events.filter((e) => e.kind === 'meeting').map((e) => e.ts)).toEqual(runtime);
    expect(summarizeConversation(textOnly.events).dealer_minutes).toBeCloseTo(summarizeConversation(log).dealer_minutes, 9);
  });
});
