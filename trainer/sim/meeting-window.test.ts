// The meeting window as a phase of its own (docs/simulator.md, "One decision", phase 4): the dealer
// who goes to an agreed meeting texts "where are you?" and waits for our answer; a stall he
// believes keeps him there, silence or talk of something else sends him away angrier than an
// excuse does; moving a meeting that is still ahead tires him; a double text is answered less.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/random.js';
import { ACT_INDEX } from '../../core/acts.js';
import { NUM_TACTICS, TACTIC_INDEX as T } from '../../core/tactics.js';
import { DEALER } from './dealer-coefficients.js';
import { DealerSim, EV_MEETING } from './dealer.js';
import { defaultPersonaMix, type Persona } from './persona.js';
import { rolloutTactic } from './policies/oracle.js';

const MEETING = DEALER.meeting;
const base = defaultPersonaMix().personas[0]!.persona;
/** a dealer who always answers, always goes, never gives up or burns on his own */
const keen: Persona = { ...base, replyProb: 1, meetProb: 1, burnAt: 99, giveUpAt: 99, suspicion0: 0, testStrangers: 0, callProb: 0, burnAfterNoShow: 0, patience: 100 };

/** Plays the oracle's rollout tactics until a meeting is agreed; null if the conversation ended first. */
function agreed(seed: number, p: Persona = keen): DealerSim | null {
  const sim = new DealerSim(new Rng(seed));
  sim.reset(p);
  const mask = new Uint8Array(NUM_TACTICS);
  for (let i = 0; i < 40 && !sim.done; i++) {
    if (sim.agreed) return sim;
    sim.step(rolloutTactic(sim, sim.mask(mask)));
  }
  return sim.agreed && !sim.done ? sim : null;
}

/** ... and then our next message, after which he stands at the place waiting. */
function waitingAt(seed: number, p: Persona = keen): DealerSim | null {
  const sim = agreed(seed, p);
  if (!sim) return null;
  sim.step(T.small_talk);
  return sim.waiting && !sim.done ? sim : null;
}

function copy(sim: DealerSim, seed: number): DealerSim {
  const c = new DealerSim(new Rng(seed));
  c.copyFrom(sim);
  return c;
}

const acts = (s: DealerSim) => Array.from(s.evAct.subarray(0, s.evCount));

describe('the meeting window', () => {
  it('masks running_late while the meeting is ahead and opens it, with a stalling ask_location, once he is there', () => {
    let checked = 0;
    const mask = new Uint8Array(NUM_TACTICS);
    for (let seed = 1; seed <= 40 && checked < 10; seed++) {
      const sim = agreed(seed);
      if (!sim) continue;
      sim.mask(mask);
      expect(sim.pre.meetingWindow).toBe('ahead');
      expect(mask[T.running_late]).toBe(0);
      sim.step(T.small_talk);
      if (!sim.waiting) continue;
      // he texts where are you, and the meeting event (he went) stands at that instant
      expect(acts(sim)[0]).toBe(ACT_INDEX.where_are_you);
      expect(sim.evKind[1]).toBe(EV_MEETING);
      expect(sim.evT[1]).toBe(sim.evT[0]);
      expect(sim.evT[0]).toBeGreaterThanOrEqual(sim.meetAt);
      sim.mask(mask);
      expect(sim.pre.meetingWindow).toBe('open');
      expect(mask[T.running_late]).toBe(1);
      expect(mask[T.ask_location]).toBe(1);
      expect(mask[T.reschedule]).toBe(1);
      checked++;
    }
    expect(checked).toBe(10);
  });

  it('keeps him there after a running_late with p stayLate, then less each time, and never beyond maxWaits texts', () => {
    let first = 0;
    let second = 0;
    let n = 0;
    let n2 = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const sim = waitingAt(seed);
      if (!sim) continue;
      n++;
      sim.step(T.running_late);
      // (he may also drop us on the spot: the model's drop hazard, before the window's turn)
      if (sim.done) {
        n--;
        continue;
      }
      if (!sim.waiting) continue;
      first++;
      expect(acts(sim)).toEqual([ACT_INDEX.where_are_you]);
      expect(sim.evT[0]).toBeGreaterThanOrEqual(sim.sentMs + MEETING.waitMinutes * 60_000);
      sim.step(T.running_late);
      if (sim.done) continue;
      n2++;
      if (sim.waiting) second++;
      // however often we stall, he goes after maxWaits texts
      for (let i = 0; i < 10 && sim.waiting && !sim.done; i++) sim.step(T.running_late);
      if (!sim.done) expect(sim.waiting).toBe(false);
      expect(sim.windowWaits).toBeLessThanOrEqual(MEETING.maxWaits);
    }
    expect(n).toBeGreaterThan(200);
    // binomial: 4 standard errors
    const p1 = first / n;
    expect(Math.abs(p1 - MEETING.stayLate)).toBeLessThan(4 * Math.sqrt((MEETING.stayLate * (1 - MEETING.stayLate)) / n));
    const want2 = MEETING.stayLate * MEETING.stayDecay;
    expect(Math.abs(second / n2 - want2)).toBeLessThan(4 * Math.sqrt((want2 * (1 - want2)) / n2));
  });

  it('sends him away on anything else, angrier after silence than after an excuse, and counts one no-show', () => {
    let checked = 0;
    for (let seed = 1; seed <= 200 && checked < 20; seed++) {
      const sim = waitingAt(seed);
      if (!sim) continue;
      const silent = copy(sim, seed);
      const excused = copy(sim, seed);
      const other = copy(sim, seed);
      silent.step(T.go_silent);
      excused.step(T.reschedule);
      other.step(T.ask_quality);
      if (silent.done || excused.done || other.done) continue;
      for (const s of [silent, excused, other]) {
        expect(s.waiting).toBe(false);
        expect(s.noShows).toBe(1);
      }
      expect([silent.stageName, other.stageName]).toEqual(['after', 'after']);
      // the excuse's answer may be a new time of his (back to arranging)
      expect(['after', 'arrange']).toContain(excused.stageName);
      // stood up in silence: no 6-hour wait, he leaves minutes after his last text
      for (let i = 0; i < silent.evCount; i++) expect(silent.evT[i]).toBeLessThan(silent.sentMs + 3 * (MEETING.waitMinutes + MEETING.waitSpanMinutes) * 60_000 + MEETING.complainSpanMinutes * 60_000 + 60_000);
      expect(silent.suspicion).toBeGreaterThan(excused.suspicion - DEALER.excuse.suspicionPerExcuse * excused.excuses * keen.suspicionGain - 1e-9);
      expect(silent.annoyance).toBeGreaterThan(excused.annoyance);
      checked++;
    }
    expect(checked).toBe(20);
  });
});

describe('moving a meeting that is still ahead', () => {
  it('makes a new time less likely with every move, and costs annoyance', () => {
    // share of reschedules answered with a new proposal, by move number
    const proposed = [0, 0, 0];
    const tries = [0, 0, 0];
    for (let seed = 1; seed <= 600; seed++) {
      const sim = agreed(seed, { ...keen, meetProb: 0.9 });
      if (!sim) continue;
      for (let move = 0; move < 3 && sim.agreed && !sim.done; move++) {
        const before = sim.annoyance;
        sim.step(T.reschedule);
        expect(sim.moves).toBe(move + 1);
        expect(sim.annoyance).toBeGreaterThan(before + DEALER.reschedule.annoyancePerMove * (move + 1) * keen.annoyanceGain - DEALER.fit.misfitAnnoyance - 0.2);
        tries[move]!++;
        if (!acts(sim).includes(ACT_INDEX.meet_propose)) break;
        proposed[move]!++;
        sim.step(T.confirm_meeting);
      }
    }
    const share = proposed.map((p, i) => p / tries[i]!);
    expect(tries[2]).toBeGreaterThan(50);
    expect(share[1]!).toBeLessThan(share[0]! * 0.8);
    expect(share[2]!).toBeLessThan(share[1]! * 0.8);
  });
});

describe('double texts', () => {
  it('are answered with the persona’s doubleTextReply relative to a reply', () => {
    let answeredFirst = 0;
    let answeredDouble = 0;
    let n = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const p = { ...keen, replyProb: 0.5, doubleTextReply: 0.2, chattiness: 0 };
      const sim = new DealerSim(new Rng(seed));
      sim.reset(p);
      sim.step(T.ask_menu);
      if (sim.done) continue;
      if (sim.evCount > 0) {
        answeredFirst++;
        continue;
      }
      n++;
      expect(sim.unanswered).toBe(1);
      sim.step(T.show_interest);
      if (sim.evCount > 0) answeredDouble++;
    }
    const pFirst = answeredFirst / (answeredFirst + n);
    expect(Math.abs(pFirst - 0.5)).toBeLessThan(0.05);
    // 0.5 × 0.2 = 0.1, minus the annoyance cut of one double text (tiny)
    expect(answeredDouble / n).toBeGreaterThan(0.06);
    expect(answeredDouble / n).toBeLessThan(0.14);
  });
});
