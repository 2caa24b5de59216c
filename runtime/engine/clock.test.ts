import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../store/store.js';
import { systemClock } from './clock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A wall clock that moves only when told to. */
function fakeWall(start = Date.UTC(2026, 0, 5, 20, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** One run of serve, as far as time goes: events stored every wall second for `seconds`. */
function run(store: Store, clock: { now(): number }, wall: ReturnType<typeof fakeWall>, seconds: number): void {
  const conv = store.conversationFor('+32470112233', clock.now(), 7 * 86_400_000);
  for (let i = 0; i < seconds; i++) {
    wall.advance(1000);
    store.addEvent({ conversation: conv.id, ts_ms: clock.now(), direction: 'in', kind: 'sms', text: `m${i}`, processed: true });
  }
}

describe('the scaled clock across a restart', () => {
  it('at timeScale 3000 resumes from the last stored time, so stored events stay in time order', () => {
    const d = mkdtempSync(join(tmpdir(), 'dealerbot-clock-'));
    dirs.push(d);
    const file = join(d, 'bot.db');
    const wall = fakeWall();
    let store = Store.open(file, 'create');
    run(store, systemClock(3000, { resumeFrom: store.lastIssuedMs(), wallNow: wall.now }), wall, 10);
    const before = store.lastIssuedMs()!;
    expect(before - wall.now()).toBeGreaterThan(8 * 3_600_000); // 10 s at 3000× is 8.3 h ahead of the wall
    store.close(); // kill -9 or a clean stop: either way only what is stored remains

    wall.advance(2000); // the restart takes two seconds
    store = Store.open(file, 'write');
    const naive = systemClock(3000, { wallNow: wall.now });
    expect(naive.now()).toBeLessThan(before); // what the clock did before: back to wall time
    const clock = systemClock(3000, { resumeFrom: store.lastIssuedMs(), wallNow: wall.now });
    expect(clock.now()).toBeGreaterThanOrEqual(before);
    run(store, clock, wall, 10);
    const [conv] = store.conversations();
    const ts = store.events(conv!.id).map((e) => e.ts_ms);
    const byId = [...store.events(conv!.id)].sort((a, b) => a.id - b.id).map((e) => e.ts_ms);
    expect(byId).toEqual(ts); // id order is time order
    for (let i = 1; i < byId.length; i++) expect(byId[i]!).toBeGreaterThan(byId[i - 1]!);
    store.close();
  });

  it('never goes backwards when the wall clock is set back', () => {
    const wall = fakeWall();
    const clock = systemClock(1, { wallNow: wall.now });
    const t0 = clock.now();
    wall.advance(-60_000);
    expect(clock.now()).toBe(t0);
    wall.advance(61_000);
    expect(clock.now()).toBe(t0 + 1000);
  });

  it('at timeScale 1 and no later stored time, it is the wall clock', () => {
    const wall = fakeWall();
    const clock = systemClock(1, { resumeFrom: wall.now() - 5000, wallNow: wall.now });
    expect(clock.now()).toBe(wall.now());
  });
});

describe('clockStart (load tests)', () => {
  it('starts a fresh clock there, runs scaled from it, and a restart still resumes after what is stored', () => {
    const wall = fakeWall();
    const startAt = Date.parse('2026-12-07T17:00:00+01:00');
    const c = systemClock(3000, { startAt, wallNow: wall.now });
    expect(c.now()).toBe(startAt);
    wall.advance(1000);
    expect(c.now()).toBe(startAt + 3_000_000);
    // an earlier start than what a previous run stored never takes the clock back
    expect(systemClock(3000, { startAt, resumeFrom: startAt + 86_400_000, wallNow: wall.now }).now()).toBe(startAt + 86_400_000);
  });

  it('is refused on a live bot (timeScale 1) and when it has no offset', async () => {
    const { applyFlags, parseConfig } = await import('../config.js');
    expect(() => applyFlags(parseConfig({ clockStart: '2026-12-07T17:00:00+01:00' }), {})).toThrow(/needs a timeScale above 1/);
    expect(() => parseConfig({ clockStart: '2026-12-07 17:00', timeScale: 3000 })).toThrow(/ISO 8601 time with its offset/);
    expect(applyFlags(parseConfig({ clockStart: '2026-12-07T16:00:00Z' }), { timeScale: 3000 }).clockStart).toBe('2026-12-07T16:00:00Z');
  });
});
