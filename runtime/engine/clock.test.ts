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
