// The dealer model repeats itself exactly for a seed. The pinned figures below were recorded
// from the simulator as it was before its coefficients moved into dealer-coefficients.ts and
// step() was split into named phases. That refactor was meant to move code, not to change one
// floating-point operation, so the same seeds must still give these numbers to the last bit;
// pinning exact values is legitimate for exactly that reason. A deliberate change of the
// dealer's behaviour (a coefficient, a phase) changes them: record the new values then, in the
// same commit as the change, and say so.
//
// Recorded again on 2026-12-03 for a deliberate change of behaviour: a dealer stood up once rarely
// goes again (meeting perNoShow and propose_meeting perNoShow 0.75/0.7 → 0.35) and may burn the
// number right away (persona burnAfterNoShow, default 0.35), and every call is a missed call
// (call.connected 0.8 → 0) while no gateway can take one. Heuristic, seed 7: 27.02 → 21.01.
// And again, the same day, when the simulator took the runtime's timing (core/schedule.ts): our
// delays are the catalogue's per-tactic profiles (a go_silent lasts a median 4 h, not 6 h), a
// reply waits for his turn to settle, and after three unanswered messages in a row we stop
// following up and the conversation ends. Heuristic, seed 7: 21.01 → 20.63.
// And on 2026-12-04 for preconditions v2 (core/preconditions.ts: a meeting he accepts is agreed,
// no ask_location once one is on the table, …; the heuristic moves an agreed meeting instead of
// proposing it again) and a dealer who proposed a time reads a reply about something else as not
// listening (DEALER.proposal), and a message read as his price makes the price known (ask_price
// masked, as the runtime masks it). Heuristic, seed 7: 20.63 → 20.48; random 13.16 → 11.96.
// And on 2026-12-05 for the meeting window as a phase (he texts "where are you?" and waits for our
// answer: a believed stall keeps him, anything else sends him off; running_late masked while the
// meeting is ahead, as in the runtime), moves of a meeting still ahead that tire him
// (DEALER.reschedule; reschedule no longer progress in the meet stage), and double texts answered
// at the persona's doubleTextReply (0.75). Heuristic, seed 7: 20.48 → 18.66; random 11.96 → 10.58;
// 10.60 once the window is read from the events (preconditions v3: it stays open after he left,
// until our silence or a new time, so a random policy may still stall with ask_location).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/random.js';
import { NUM_TACTICS } from '../../core/tactics.js';
import { TACTICS } from '../../core/tactics.js';
import { DEALER, STAGES, TACTIC_EFFECTS, tacticEffectsInOrder, type TacticCoefficients } from './dealer-coefficients.js';
import { DealerSim } from './dealer.js';
import { defaultPersonaMix, heldoutPersonaMix } from './persona.js';
import { baselinePolicy } from './policies/index.js';
import { simulatePolicy } from './simulate.js';
import { sampleDelayMs } from '../../catalogue/delay.js';
import { defaultCatalogue } from '../../catalogue/catalogue.js';
import { TACTIC_INDEX } from '../../core/tactics.js';
import { quietDue } from '../../runtime/engine/dialogue.js';

/**
 * sha256 over the whole hidden state and event buffer after every step of a dealer played with
 * uniformly random allowed tactics: any change to any coefficient or to the order of draws shows.
 */
function traceHash(steps: number, seed: number, text: boolean, quietHours = true): { hash: string; conversations: number } {
  const mix = defaultPersonaMix();
  const personas = mix.personas.map((p) => p.persona);
  const weights = mix.personas.map((p) => p.weight);
  const rng = new Rng(seed);
  const choose = new Rng(seed + 1000);
  const sim = new DealerSim(rng, { text, quietHours });
  const mask = new Uint8Array(NUM_TACTICS);
  const h = createHash('sha256');
  const f = new Float64Array(15);
  let conversations = 1;
  sim.reset(personas[rng.categorical(weights)]!);
  for (let i = 0; i < steps; i++) {
    if (sim.done) {
      sim.reset(personas[rng.categorical(weights)]!);
      conversations++;
    }
    sim.mask(mask);
    const allowed: number[] = [];
    for (let a = 0; a < NUM_TACTICS; a++) if (mask[a]) allowed.push(a);
    sim.step(allowed[choose.int(allowed.length)]!);
    f.set([sim.tMs, sim.suspicion, sim.annoyance, sim.patience, sim.stage, sim.ending, sim.truncated ? 1 : 0, sim.reward, sim.minutes, sim.excuses, sim.unanswered, sim.meetAt, sim.waiting ? 1 : 0, sim.windowWaits, sim.moves]);
    h.update(new Uint8Array(f.buffer));
    for (let e = 0; e < sim.evCount; e++) {
      h.update(`${sim.evKind[e]},${sim.evAct[e]},${sim.evT[e]},${sim.evChars[e]},${sim.evLen16[e]},${sim.evDuration[e]},${sim.evSeed[e]},${sim.evText[e]};`);
    }
  }
  return { hash: h.digest('hex'), conversations };
}

// With `quietHours: false` the simulator is the one before the quiet hours (the jitter is drawn
// only when a message is held, so a run that never meets the night is the same stream to the last
// bit); these pins were recorded again for preconditions v2 and DEALER.proposal (header).
const OLD = { quietHours: false };

describe('the dealer model, pinned for fixed seeds (without the quiet hours)', () => {
  it('`simulate --policy heuristic --episodes 2000 --seed 7`: the mean dealer-minutes and the summary', () => {
    const s = simulatePolicy(baselinePolicy('heuristic'), { mix: defaultPersonaMix(), episodes: 2000, seed: 7, config: OLD });
    expect(s.dealer_minutes.mean).toBe(18.655183333333326);
    expect(s.dealer_minutes.ci95).toEqual([17.98334642194479, 19.32702024472186]);
    expect([s.dealer_messages, s.calls, s.no_shows, s.burn_rate, s.span_hours, s.decisions]).toEqual([12.499, 0.543, 0.501, 0.399, 32.24082897597228, 12.43]);
    expect(s.by_persona.greedy_street!.dealer_minutes.mean).toBe(29.27161161161161);
  });

  it('the random policy (every tactic in every stage) and the held-out mix', () => {
    const r = simulatePolicy(baselinePolicy('random'), { mix: defaultPersonaMix(), episodes: 2000, seed: 7, config: OLD });
    const h = simulatePolicy(baselinePolicy('heuristic'), { mix: heldoutPersonaMix(), episodes: 1000, seed: 2, config: OLD });
    expect([r.dealer_minutes.mean, r.burn_rate, r.no_shows, r.calls]).toEqual([10.59757666666666, 0.1895, 0.1235, 0.618]);
    expect([h.dealer_minutes.mean, h.burn_rate]).toEqual([18.39978000000001, 0.453]);
  });

  it('every state variable and event after each of 20,000 random steps, act level and text level', () => {
    expect(traceHash(20_000, 11, false, false)).toEqual({ hash: '434853dcc96653855c7c39a7b02df5bbaebfc99ec5f794337cd102f438964119', conversations: 1806 });
    expect(traceHash(3_000, 12, true, false)).toEqual({ hash: '319050b6d18236afe3d51d414f2ac70757ddd60d11886577073c31b190c941ce', conversations: 280 });
  });
});

describe('the dealer model, pinned for fixed seeds (with the quiet hours)', () => {
  it('the same runs as above, with our night messages held to the morning', () => {
    const s = simulatePolicy(baselinePolicy('heuristic'), { mix: defaultPersonaMix(), episodes: 2000, seed: 7 });
    expect(s.dealer_minutes.mean).toBe(18.652793333333342);
    expect([s.dealer_messages, s.calls, s.no_shows, s.burn_rate, s.span_hours, s.decisions]).toEqual([12.501, 0.55, 0.5005, 0.4015, 35.66979705861114, 12.43]);
    const r = simulatePolicy(baselinePolicy('random'), { mix: defaultPersonaMix(), episodes: 2000, seed: 7 });
    const h = simulatePolicy(baselinePolicy('heuristic'), { mix: heldoutPersonaMix(), episodes: 1000, seed: 2 });
    expect([r.dealer_minutes.mean, r.burn_rate, r.no_shows, r.calls]).toEqual([10.676433333333314, 0.197, 0.125, 0.6065]);
    expect([h.dealer_minutes.mean, h.burn_rate]).toEqual([17.920846666666712, 0.445]);
  });
});

describe('a proposal of his, answered or not', () => {
  // plays random allowed tactics until he proposes a meeting, then plays `t` from two copies of
  // that moment, one with the proposal still pending and one without (same rng state)
  function afterProposal(t: number, seed: number): { pending: DealerSim; forgotten: DealerSim } | null {
    const rng = new Rng(seed);
    const sim = new DealerSim(rng, {});
    const mix = defaultPersonaMix();
    sim.reset(mix.personas[seed % mix.personas.length]!.persona);
    const mask = new Uint8Array(NUM_TACTICS);
    for (let i = 0; i < 60 && !sim.done; i++) {
      if (sim.pendingProposal) {
        sim.mask(mask);
        if (!mask[t]) return null;
        const state = rng.getState();
        const pending = new DealerSim(new Rng(1), {});
        pending.copyFrom(sim);
        const forgotten = new DealerSim(new Rng(1), {});
        forgotten.copyFrom(sim);
        forgotten.pendingProposal = false;
        pending.rng.setState(state);
        forgotten.rng.setState(state);
        pending.step(t);
        forgotten.step(t);
        return { pending, forgotten };
      }
      sim.mask(mask);
      const allowed = [...mask.keys()].filter((k) => mask[k]);
      sim.step(allowed[rng.int(allowed.length)]!);
    }
    return null;
  }

  it('talking about something else after his proposal costs suspicion and annoyance; a yes does not', () => {
    const other = TACTICS.indexOf('ask_quality');
    const yes = TACTICS.indexOf('confirm_meeting');
    let checked = 0;
    for (let seed = 1; seed < 400 && checked < 5; seed++) {
      const o = afterProposal(other, seed);
      if (!o || o.pending.done || o.forgotten.done) continue;
      const gain = o.pending.persona.suspicionGain;
      expect(o.pending.suspicion).toBeCloseTo(Math.min(1, o.forgotten.suspicion + DEALER.proposal.ignoredSuspicion * gain), 9);
      expect(o.pending.annoyance).toBeGreaterThan(o.forgotten.annoyance);
      expect(o.pending.pendingProposal || o.forgotten.pendingProposal).toBe(false);
      checked++;
    }
    expect(checked).toBe(5);
    let confirmed = 0;
    for (let seed = 1; seed < 400 && confirmed < 5; seed++) {
      const o = afterProposal(yes, seed);
      if (!o) continue;
      expect(o.pending.suspicion).toBe(o.forgotten.suspicion);
      expect(o.pending.annoyance).toBe(o.forgotten.annoyance);
      confirmed++;
    }
    expect(confirmed).toBe(5);
  });
});

describe('quiet hours in the simulator, as the runtime schedules them', () => {
  const HOUR = 3_600_000;
  const MIN = 60_000;
  // the simulator's clock is the local wall clock written as UTC; in December Brussels is UTC+1,
  // so wall 03:00 is the instant 02:00Z (and the runtime reads it back as 03:00 local)
  const instant = (wallMs: number) => wallMs - HOUR;
  const wall = (d: number, h: number, m = 0) => Date.UTC(2026, 11, d, h, m);
  const persona = defaultPersonaMix().personas[0]!.persona;

  /** Two simulators in the same state at `tMs`, one with the quiet hours and one without. */
  function twins(seed: number, set: (s: DealerSim) => void, p = persona) {
    const make = (quietHours: boolean) => {
      const sim = new DealerSim(new Rng(seed), { quietHours });
      sim.reset(p);
      set(sim);
      sim.startMs = sim.tMs;
      return sim;
    };
    return { on: make(true), off: make(false) };
  }

  /** The jitter draw the simulator makes after our delay (the same stream from the same state). */
  function jitterAfterDelay(sim: DealerSim, t: number): number {
    const r = Rng.fromState(sim.rng.getState());
    sampleDelayMs(defaultCatalogue().tactics[TACTICS[t]!].delay, r);
    return r.next();
  }

  it('holds a follow-up falling at 03:00 to 08:00 + jitter when he is not writing, as the runtime does', () => {
    const t = TACTIC_INDEX.show_interest;
    for (let seed = 1; seed <= 20; seed++) {
      // our follow-up is decided at 03:00; his last message was at midnight
      const { on, off } = twins(seed, (s) => {
        s.hisTurn = false;
        s.lastInMs = wall(8, 0);
        s.tMs = wall(8, 3);
      });
      const draw = jitterAfterDelay(on, t);
      on.step(t);
      off.step(t);
      const runtime = quietDue(instant(off.sentMs), instant(wall(8, 0)), 'Europe/Brussels', () => draw);
      expect(runtime.hold).toBe(true);
      expect(on.sentMs).toBe(runtime.dueMs + HOUR);
      expect(on.sentMs).toBeGreaterThanOrEqual(wall(8, 8));
      expect(on.sentMs).toBeLessThan(wall(8, 8, 50));
      // the dealer then answers (if he does) after our message, not in the night we skipped
      for (let i = 0; i < on.evCount; i++) expect(on.evT[i]).toBeGreaterThan(on.sentMs);
    }
  });

  it('answers at 03:00 when he wrote in the last 30 minutes, as the runtime does', () => {
    const t = TACTIC_INDEX.ask_price;
    let checked = 0;
    for (let seed = 1; seed <= 20; seed++) {
      // his message at 02:58 ends his turn; our reply is due 90 s + the typing delay later
      const { on, off } = twins(seed, (s) => {
        s.hisTurn = true;
        s.lastInMs = s.tMs = wall(8, 2, 58);
      });
      on.step(t);
      off.step(t);
      const runtime = quietDue(instant(off.sentMs), instant(wall(8, 2, 58)), 'Europe/Brussels', () => 0.5);
      expect(on.sentMs).toBe(runtime.dueMs + HOUR);
      if (off.sentMs - wall(8, 2, 58) <= 30 * MIN) {
        checked++;
        expect(runtime.hold).toBe(false);
        expect(on.sentMs).toBe(off.sentMs);
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('holds the follow-up decision after an unanswered message out of the night', () => {
    // a dealer who never answers: our 23:00 message is followed up 2–6 h later, in the night
    const mute = { ...persona, replyProb: 0, burnAt: 99, giveUpAt: 99 };
    let checked = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const { on, off } = twins(seed, (s) => {
        s.hisTurn = false;
        s.lastInMs = wall(8, 21);
        s.tMs = wall(8, 23);
      }, mute);
      on.step(TACTIC_INDEX.show_interest);
      off.step(TACTIC_INDEX.show_interest);
      if (on.done || off.done || on.sentMs !== off.sentMs) continue;
      checked++;
      expect(off.tMs).toBeGreaterThanOrEqual(wall(9, 1));
      expect(off.tMs).toBeLessThan(wall(9, 5, 1));
      // the runtime's follow-up timer: the same due time, held with the next draw
      const rest = Rng.fromState(off.rng.getState());
      const runtime = quietDue(instant(off.tMs), instant(wall(8, 21)), 'Europe/Brussels', () => rest.next());
      expect(runtime.hold).toBe(true);
      expect(on.tMs).toBe(runtime.dueMs + HOUR);
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('the coefficient table', () => {
  it('has one entry per tactic of core/tactics.ts, by name, with a fit for every stage', () => {
    expect(Object.keys(TACTIC_EFFECTS).sort()).toEqual([...TACTICS].sort());
    expect(tacticEffectsInOrder()).toEqual(TACTICS.map((t) => TACTIC_EFFECTS[t]));
    for (const t of TACTICS) expect(Object.keys(TACTIC_EFFECTS[t].fit)).toEqual([...STAGES]);
  });

  it('refuses at load a table that misses a tactic, has one too many, or misses a stage, naming it', () => {
    const { go_silent: _, ...missing } = TACTIC_EFFECTS;
    expect(() => tacticEffectsInOrder(missing)).toThrow('no effects for tactic "go_silent": add it to TACTIC_EFFECTS');
    expect(() => tacticEffectsInOrder({ ...TACTIC_EFFECTS, flirt: TACTIC_EFFECTS.small_talk })).toThrow('TACTIC_EFFECTS has "flirt", not a tactic of core/tactics.ts');
    const { after: __, ...fit } = TACTIC_EFFECTS.haggle.fit;
    expect(() => tacticEffectsInOrder({ ...TACTIC_EFFECTS, haggle: { ...TACTIC_EFFECTS.haggle, fit: fit as never } })).toThrow('tactic "haggle" has no fit for stage after');
    // and TypeScript refuses the same table before it ever loads (tsconfig.test.json checks this file)
    // @ts-expect-error a table without go_silent is not a TacticCoefficients
    const notATable: TacticCoefficients = missing;
    void notATable;
  });

  it('keeps probabilities in [0, 1] and durations positive', () => {
    const probabilities = [
      DEALER.drop.goodbye, DEALER.extras.sameAct, DEALER.call.connected, DEALER.meeting.saysSo, DEALER.meeting.complains,
      ...TACTICS.flatMap((t) => Object.entries(TACTIC_EFFECTS[t].answer).filter(([k]) => !k.endsWith('Full')).map(([, v]) => v as number)),
    ];
    for (const p of probabilities) expect(p >= 0 && p <= 1, String(p)).toBe(true);
    for (const m of [DEALER.silence.annoyanceDecayHours, DEALER.meeting.leadMinutes]) expect(m).toBeGreaterThan(0);
  });
});
