import { describe, expect, it } from 'vitest';
import { Intake } from './intake.js';
import { harness } from '../test-fixtures/harness.js';

/** A defer that runs only when told: each flush() is one event-loop turn. */
function manualTurns() {
  const q: (() => void)[] = [];
  return { defer: (fn: () => void) => q.push(fn), flush: () => q.splice(0).forEach((f) => f()), pending: () => q.length };
}

describe('Intake', () => {
  it('commits the messages of one turn together, answers them, and decides in the next turn', async () => {
    const h = harness();
    const t = manualTurns();
    const intake = new Intake(h.engine, h.store, { defer: t.defer });
    const ps = [1, 2, 3].map((i) => intake.accept({ transport: 'test', id: `m${i}`, from: `+3247011220${i}`, text: 'coke te koop' }));
    expect(h.store.rowCount('events')).toBe(0);
    t.flush(); // turn 1: one transaction stores all three
    const rs = await Promise.all(ps);
    expect(rs.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(intake.stats.acceptBatches).toBe(1);
    expect(h.store.unprocessedEvents()).toHaveLength(3); // answered before any decision
    expect(h.store.rowCount('decisions')).toBe(0);
    t.flush(); // turn 2: the decisions
    expect(h.store.unprocessedEvents()).toEqual([]);
    expect(h.store.rowCount('decisions')).toBe(3);
    expect(intake.stats.processBatches).toBe(1);
  });

  it('recognises a retry in the same batch, and a message that cannot be stored fails alone', async () => {
    const h = harness();
    const t = manualTurns();
    const intake = new Intake(h.engine, h.store, { defer: t.defer });
    const a = intake.accept({ transport: 'test', id: 'x', from: '+32470112233', text: 'coke te koop' });
    const b = intake.accept({ transport: 'test', id: 'x', from: '+32470112233', text: 'coke te koop' });
    const bad = intake.accept({ transport: 'test', id: 'y', from: '+32470112234', text: null as unknown as string });
    t.flush();
    expect((await a).status).toBe('accepted');
    expect((await b).status).toBe('duplicate');
    await expect(bad).rejects.toThrow();
    expect(h.store.rowCount('events')).toBe(1); // nothing decided yet: the one event is the message
  });

  it('idle() resolves once everything accepted is decided', async () => {
    const h = harness();
    const intake = new Intake(h.engine, h.store);
    await intake.accept({ transport: 'test', from: '+32470112233', text: 'coke te koop' });
    expect(h.store.unprocessedEvents()).toHaveLength(1);
    await intake.idle();
    expect(h.store.unprocessedEvents()).toEqual([]);
  });
});
