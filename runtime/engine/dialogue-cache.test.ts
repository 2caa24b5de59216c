import { describe, expect, it } from 'vitest';
import { buildDialogueState, type StateEvent } from '../../dialogue/state/fold.js';
import { fakeBrain } from '../test-fixtures/fake-brain.js';
import { harness } from '../test-fixtures/harness.js';
import { ManualClock } from './clock.js';
import { readScripts, SCRIPT_PLACES } from '../test-fixtures/scripted.js';
import { DialogueStateCache } from './dialogue-cache.js';
import { stateEvent, stateOptions } from './dialogue.js';

const MIN = 60_000;
const TZ = 'Europe/Brussels';

/** The stored events of a few of the hand-written dealer scripts, played through the engine. */
async function conversations(n: number): Promise<StateEvent[][]> {
  const out: StateEvent[][] = [];
  for (const s of readScripts().slice(0, n)) {
    const clock = new ManualClock(Date.parse(s.start) - MIN);
    const h = harness({ clock, brain: fakeBrain(), config: { places: SCRIPT_PLACES, allow: ['+32470112233'] } });
    let t = Date.parse(s.start);
    for (const turn of s.turns) {
      t += Math.max(1, turn.after_min) * MIN;
      await h.run(Math.max(0, t - clock.now()));
      h.engine.receive({ transport: 'test', from: '+32470112233', text: turn.text });
    }
    await h.run(3 * 60 * MIN); // past the meeting windows: no-shows are counted by the clock
    out.push(h.store.events(1).map(stateEvent));
    h.store.close();
  }
  return out;
}

describe('DialogueStateCache', () => {
  it('gives, event by event, exactly the state rebuilt from all of them', async () => {
    const options = stateOptions(SCRIPT_PLACES, TZ);
    const cache = new DialogueStateCache(options);
    const convs = await conversations(12);
    let checked = 0;
    for (const [id, events] of convs.entries()) {
      expect(events.length).toBeGreaterThan(4);
      for (let k = 1; k <= events.length; k++) {
        const prefix = events.slice(0, k);
        const now = prefix[k - 1]!.tMs + 5 * MIN;
        expect(cache.stateOf(id, prefix, now)).toEqual(buildDialogueState(prefix, now, options));
        checked++;
      }
      // hours later, without new events: the clock alone moves the meeting window on
      const late = events[events.length - 1]!.tMs + 26 * 60 * MIN;
      expect(cache.stateOf(id, events, late)).toEqual(buildDialogueState(events, late, options));
    }
    expect(checked).toBeGreaterThan(100);
    // each conversation was folded from scratch once and then only its new events
    expect(cache.stats.rebuilt).toBe(convs.length);
    expect(cache.stats.reused).toBeGreaterThan(cache.stats.folded);
  });

  it('refolds from the start when a kept event reads differently now (classified later) or is gone', async () => {
    const options = stateOptions(SCRIPT_PLACES, TZ);
    const cache = new DialogueStateCache(options);
    // a dealer line whose act changes the state (read as his agreement, the meeting on the table
    // is fixed), in the first of the scripts that has one
    const asConfirm = (events: StateEvent[], i: number) => events.map((e, j) => (j === i ? { ...e, act: 'meet_confirm' as const } : e));
    const changes = (events: StateEvent[], now: number) => {
      const full = JSON.stringify(buildDialogueState(events, now, options));
      return events.findIndex((e, j) => j > 0 && e.direction === 'in' && e.act !== 'meet_confirm' && JSON.stringify(buildDialogueState(asConfirm(events, j), now, options)) !== full);
    };
    const endOf = (events: StateEvent[]) => events[events.length - 1]!.tMs + MIN;
    const events = (await conversations(20)).find((ev) => changes(ev, endOf(ev)) > 0);
    expect(events).toBeDefined();
    const now = endOf(events!);
    cache.stateOf(1, events!, now);
    const i = changes(events!, now);
    expect(i).toBeGreaterThan(0);
    const reclassified = asConfirm(events!, i);
    expect(cache.stateOf(1, reclassified, now)).toEqual(buildDialogueState(reclassified, now, options));
    const shorter = events!.slice(0, -2);
    expect(cache.stateOf(1, shorter, now)).toEqual(buildDialogueState(shorter, now, options));
    expect(cache.stats.rebuilt).toBe(3);
  });

  it('keeps at most `capacity` conversations, dropping the one used longest ago', () => {
    const options = stateOptions(SCRIPT_PLACES, TZ);
    const cache = new DialogueStateCache(options, 2);
    const ev = (t: number): StateEvent => ({ tMs: t, direction: 'in', kind: 'sms', text: 'coke 60 de gram' });
    cache.stateOf(1, [ev(0)], 1);
    cache.stateOf(2, [ev(0)], 1);
    cache.stateOf(1, [ev(0), ev(5)], 6); // 1 is now the most recent
    cache.stateOf(3, [ev(0)], 1); // evicts 2
    const before = cache.stats.rebuilt;
    cache.stateOf(1, [ev(0), ev(5), ev(9)], 10);
    expect(cache.stats.rebuilt).toBe(before);
    cache.stateOf(2, [ev(0), ev(5)], 6);
    expect(cache.stats.rebuilt).toBe(before + 1);
  });
});
