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
import { missingMeetings } from '../../dialogue/state/attended.js';
import type { StateEvent } from '../../dialogue/state/fold.js';
import { ManualClock } from './clock.js';
import { stateEvent } from './dialogue.js';
import { meetingRuleCache } from './meetings.js';
import { readScripts, SCRIPT_PLACES } from '../test-fixtures/scripted.js';

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

/** The stored events of the hand-written dealer scripts that show a meeting, played through the engine. */
async function meetingConversations(): Promise<StateEvent[][]> {
  const out: StateEvent[][] = [];
  for (const s of readScripts()) {
    const clock = new ManualClock(Date.parse(s.start) - MIN);
    const h = harness({ clock, brain: fakeBrain(), config: { places: SCRIPT_PLACES, allow: [DEALER] } });
    let t = Date.parse(s.start);
    for (const turn of s.turns) {
      t += Math.max(1, turn.after_min) * MIN;
      await h.run(Math.max(0, t - clock.now()));
      h.engine.receive({ transport: 'test', from: DEALER, text: turn.text });
    }
    const events = h.store.events(1).map(stateEvent);
    h.store.close();
    if (events.some((e) => e.kind === 'meeting')) out.push(events);
  }
  return out;
}

describe('MeetingRuleCache', () => {
  const config = { places: SCRIPT_PLACES, timeZone: 'Europe/Brussels' };

  it('gives, event by event, exactly what the rule gives on all of them, with or without the meeting events logged', async () => {
    const convs = await meetingConversations();
    expect(convs.length).toBeGreaterThan(3);
    const walks = meetingRuleCache(config);
    let found = 0;
    let checked = 0;
    for (const [id, logged] of convs.entries()) {
      // as logged (a meeting event sorts before the message of its instant: the kept walk no longer
      // fits and is started over), and as if nothing had been logged (the meetings found add up)
      for (const [j, events] of [logged, logged.filter((e) => e.kind !== 'meeting')].entries())
        for (let k = 1; k <= events.length; k++) {
          const prefix = events.slice(0, k);
          const got = walks.missing(2 * id + j, prefix);
          expect(got).toEqual(missingMeetings(prefix, walks.options));
          found += got.length;
          checked++;
        }
    }
    expect(found).toBeGreaterThan(convs.length);
    // most events were read once, not again on every line
    expect(walks.stats.reused).toBeGreaterThan(10 * walks.stats.read);
    // a meeting logged sorts in before the message that showed it: the walk goes on from there
    expect(walks.stats.resumed).toBeGreaterThan(convs.length);
    expect(checked).toBeGreaterThan(200);
  });

  it('starts over when a kept event reads differently or one comes in between, and keeps at most its capacity', async () => {
    const [events] = await meetingConversations();
    const walks = meetingRuleCache(config, 2);
    const all = events!.filter((e) => e.kind !== 'meeting');
    const check = (id: number, evs: StateEvent[]) => expect(walks.missing(id, evs)).toEqual(missingMeetings(evs, walks.options));
    check(1, all);
    // a message classified only now (act written after it was stored), one accepted in between
    check(1, all.map((e, i) => (i === 3 && e.direction === 'in' ? { ...e, act: 'where_are_you' as const } : e)));
    check(1, [...all.slice(0, 5), ...all.slice(6)]);
    check(1, all);
    for (let id = 2; id < 12; id++) {
      check(id, all.slice(0, id + 3));
      expect(walks.size).toBeLessThanOrEqual(2);
    }
    check(1, all);
    expect(walks.stats.restarted).toBeGreaterThan(12);
  });
});
