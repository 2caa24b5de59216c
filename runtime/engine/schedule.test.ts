// The runtime follows the decision schedule (core/schedule.ts): a burst is one dealer turn and
// gets one decision; an unanswered message gets capped follow-ups at the scheduled times and
// none in quiet hours; a timer is decided on exactly once across a crash.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE } from '../../core/schedule.js';
import { inQuietHours } from '../../dialogue/state/quiet-hours.js';
import { ManualClock } from './clock.js';
import { fakeBrain } from '../test-fixtures/fake-brain.js';
import { harness, RecordingSender } from '../test-fixtures/harness.js';
import type { DecisionRow } from '../store/rows.js';
import type { Store } from '../store/store.js';

const DEALER = '+32470123456';
const MIN = 60_000;
const HOUR = 60 * MIN;
// 12:00 and 23:00 in Brussels (UTC+1 in January); a follow-up 2–6 h after a reply at 23:00 falls
// in the quiet hours (01:00–08:00) whatever the draw
const NOON = Date.UTC(2026, 0, 5, 11, 0, 0);
const LATE = Date.UTC(2026, 0, 5, 22, 0, 0);
let dir = '';
const spansQuiet = (from: number, to: number) => {
  for (let t = from; t <= to; t += 5 * MIN) if (inQuietHours(t)) return true;
  return false;
};
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

/** the decisions made so far (ids count up from 1; these tests have one conversation) */
function decisions(s: Store): DecisionRow[] {
  const out: DecisionRow[] = [];
  for (let d = s.decision(1); d; d = s.decision(out.length + 1)) out.push(d);
  return out;
}
const timers = (s: Store, kind: string) =>
  (['scheduled', 'done', 'superseded', 'cancelled'] as const).flatMap((st) => s.outboxInState(st, 1000)).filter((r) => r.kind === kind);

describe('a dealer turn is one decision', () => {
  it('a burst of three messages within the settle time gets one decision, on the last one, and one reply', async () => {
    const h = harness({ clock: new ManualClock(NOON), config: { settleSeconds: 90 }, brain: fakeBrain({ prefer: 'ask_price' }) });
    h.say(DEALER, 'coke te koop, goeie kwaliteit', 'a');
    await h.run(30_000);
    h.say(DEALER, 'ook wiet', 'b');
    await h.run(40_000);
    h.say(DEALER, 'stuur maar', 'c');
    await h.run(89_000);
    const conv = h.store.conversations()[0]!;
    expect(decisions(h.store), 'decided before his turn settled').toHaveLength(0);
    await h.run(2_000);
    const ds = decisions(h.store);
    expect(ds).toHaveLength(1);
    const last = h.store.events(conv.id).filter((e) => e.direction === 'in').at(-1)!;
    expect(ds[0]!.trigger_event).toBe(last.id);
    await h.run(10 * MIN);
    expect(h.sender.sent).toHaveLength(1);
    // the reply is timed from his last message: its tactic's delay (120 s in the fake brain) after it
    expect(h.store.outboxInState('sent', 10)[0]!.sent_ms).toBe(last.ts_ms + 120_000);
  });

  it('messages further apart than the settle time are two turns, each decided', async () => {
    const h = harness({ clock: new ManualClock(NOON), config: { settleSeconds: 90 }, brain: fakeBrain({ prefer: 'ask_price' }) });
    h.say(DEALER, 'coke te koop', 'a');
    await h.run(5 * MIN);
    h.say(DEALER, 'en?', 'b');
    await h.run(5 * MIN);
    expect(decisions(h.store)).toHaveLength(2);
    expect(h.sender.sent).toHaveLength(2);
  });
});

describe('follow-ups after an unanswered message', () => {
  it('a silent dealer gets capped follow-ups, each 2–6 h after the last, none in quiet hours', async () => {
    const h = harness({ clock: new ManualClock(LATE), brain: fakeBrain({ prefer: 'ask_price' }) });
    h.say(DEALER, 'coke te koop', 'a');
    await h.run(4 * 24 * HOUR);
    const sent = h.store.outboxInState('sent', 100).filter((r) => r.kind === 'sms').sort((a, b) => a.sent_ms! - b.sent_ms!);
    // the reply, then follow-ups until maxUnanswered of ours in a row are unanswered
    expect(sent).toHaveLength(DEFAULT_SCHEDULE.maxUnanswered);
    for (const r of sent) expect(inQuietHours(r.sent_ms!), `sent in quiet hours: ${new Date(r.sent_ms!).toISOString()}`).toBe(false);
    const fus = timers(h.store, 'follow_up').sort((a, b) => a.due_ms - b.due_ms);
    expect(fus.map((r) => r.state)).toEqual(Array(DEFAULT_SCHEDULE.maxUnanswered - 1).fill('done'));
    for (let i = 0; i < fus.length; i++) {
      const after = fus[i]!.due_ms - sent[i]!.sent_ms!;
      // the schedule's 2–6 h, or held later to the end of the quiet hours
      expect(after).toBeGreaterThanOrEqual(2 * HOUR);
      // later than 6 h only when the 2–6 h window ran into the night and the follow-up was held
      if (after > 6 * HOUR) expect(spansQuiet(sent[i]!.sent_ms! + 2 * HOUR, sent[i]!.sent_ms! + 6 * HOUR), `follow-up ${i} ${after / HOUR} h late`).toBe(true);
    }
    // the first follow-up of a reply at 23:00 was held to the morning
    expect(fus[0]!.due_ms - sent[0]!.sent_ms!).toBeGreaterThan(6 * HOUR);
  });

  it('his answer ends the run: the cap counts our messages in a row since his last', async () => {
    const h = harness({ clock: new ManualClock(NOON), brain: fakeBrain({ prefer: 'ask_price' }) });
    h.say(DEALER, 'coke te koop', 'a');
    await h.run(2 * 24 * HOUR);
    const before = h.sender.sent.length;
    expect(before).toBe(DEFAULT_SCHEDULE.maxUnanswered);
    h.say(DEALER, 'sorry was bezig, 50 euro', 'b');
    await h.run(3 * 24 * HOUR);
    expect(h.sender.sent.length - before).toBe(DEFAULT_SCHEDULE.maxUnanswered);
  });

  it('a stopped number gets no follow-up, even one already scheduled', async () => {
    const h = harness({ clock: new ManualClock(NOON), brain: fakeBrain({ prefer: 'ask_price' }) });
    h.say(DEALER, 'coke te koop', 'a');
    await h.run(10 * MIN);
    expect(timers(h.store, 'follow_up').map((r) => r.state)).toEqual(['scheduled']);
    h.say(DEALER, 'stop', 'b');
    await h.run(2 * 24 * HOUR);
    expect(h.sender.sent).toHaveLength(1);
  });
});

describe('a crash between a timer falling due and its decision', () => {
  it('loses no timer and decides on it once (the decision and marking the timer done are one transaction)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dealerbot-schedule-'));
    const db = join(dir, 'bot.db');
    const clock = new ManualClock(NOON);
    const sender = new RecordingSender();
    const brain = fakeBrain({ prefer: 'ask_price' });
    const a = harness({ db, clock, sender, brain });
    a.say(DEALER, 'coke te koop', 'a');
    await a.run(10 * MIN);
    const [fu] = timers(a.store, 'follow_up');
    expect(fu?.state).toBe('scheduled');
    // the timer falls due; the decision on it fails half-way (the process dies in it)
    const decide = brain.decide;
    brain.decide = () => {
      throw new Error('killed mid-decision');
    };
    clock.advanceTo(fu!.due_ms + 1);
    await expect(a.dispatcher.tick()).rejects.toThrow(/killed mid-decision/);
    a.store.close(); // what was not committed is gone, as after kill -9
    brain.decide = decide;

    const b = harness({ db, clock, sender, brain });
    expect(b.store.outbox(fu!.id)!.state, 'the timer was lost').toBe('scheduled');
    const before = decisions(b.store).length;
    await b.run(1);
    expect(b.store.outbox(fu!.id)!.state).toBe('done');
    expect(decisions(b.store).length - before).toBe(1);
    await b.run(10 * MIN);
    // one follow-up message, and no second decision on the same timer after another restart
    expect(sender.sent).toHaveLength(2);
    b.store.close();
    const c = harness({ db, clock, sender, brain });
    await c.run(1);
    expect(decisions(c.store).length - before).toBe(1);
    expect(new Set(sender.sent.map((m) => m.id)).size).toBe(sender.sent.length);
    c.store.close();
  });
});
