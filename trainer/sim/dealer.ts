// The dealer model: one simulated dealer in one conversation, driven by a persona. Hidden state
// (deal stage, suspicion, annoyance, patience, workload via the hour) moves with every tactic we
// play; the dealer answers with dealer acts, calls and meetings (which we never attend), and ends
// the conversation by giving up, blocking, or burning us. Equations: docs/simulator.md; every
// coefficient: dealer-coefficients.ts (TACTIC_EFFECTS per tactic, DEALER for the rest).
//
// Built for speed: plain numeric fields, one preallocated event buffer per simulator, no strings
// or Dates in a step. `copyFrom` makes the state cheaply clonable for look-ahead planners.
import { ACT_INDEX, DEALER_ACTS } from '../../core/acts.js';
import { initialPreconditionState, tacticMask, updatePreconditionState, type PreconditionState } from '../../core/preconditions.js';
import type { Rng } from '../../lib/random.js';
import { DEFAULT_REWARD, eventMinutes, messageMinutes, type RewardConfig } from '../../core/reward.js';
import { NUM_TACTICS, TACTICS, TACTIC_INDEX } from '../../core/tactics.js';
import type { EventKind } from '../../core/transcript.js';
import { DEALER, STAGES, TACTIC_EFFECTS, tacticEffectsInOrder, type Stage } from './dealer-coefficients.js';
import { dealerText, langIndex, type DealerText } from './dealer-text.js';
import type { Persona } from './persona.js';
import { defaultCatalogue } from '../../catalogue/catalogue.js';
import { sampleDelayMs } from '../../catalogue/delay.js';
import type { DelayProfile } from '../../catalogue/catalogue.js';
import { DEFAULT_SCHEDULE, followUpAllowed, followUpDelayMs, replyDueMs } from '../../core/schedule.js';
import { quietHoursDueWall } from '../../dialogue/state/quiet-hours.js';

export { STAGES, type Stage };
const OPEN = 0;
const MENU = 1;
const PRICE = 2;
const ARRANGE = 3;
const MEET = 4;
const AFTER = 5;

export const ENDINGS = ['none', 'gave_up', 'blocked', 'burned'] as const;
export type Ending = (typeof ENDINGS)[number];
const END_NONE = 0;
const END_GAVE_UP = 1;
const END_BLOCKED = 2;
const END_BURNED = 3;

/** Event kinds in the buffer (dealer → us only; our own messages are the tactics). */
export const EV_SMS = 0;
export const EV_CALL = 1;
export const EV_MEETING = 2;
export const EV_KIND_NAMES: readonly EventKind[] = ['sms', 'call', 'meeting'];

const A = ACT_INDEX;
const T = TACTIC_INDEX;
const MIN = 60_000;
const HOUR = 3_600_000;
const MAX_EVENTS = 24;

/** TACTIC_EFFECTS by tactic index; checked complete at load (a missing tactic throws, naming it). */
const EFFECTS = tacticEffectsInOrder();
/** fit[stage][tactic] of TACTIC_EFFECTS, flat, for the step's lookup */
const FIT = Int8Array.from({ length: STAGES.length * NUM_TACTICS }, (_, k) => EFFECTS[k % NUM_TACTICS]!.fit[STAGES[Math.floor(k / NUM_TACTICS)]!]);
const ANSWER = {
  show_interest: TACTIC_EFFECTS.show_interest.answer,
  haggle: TACTIC_EFFECTS.haggle.answer,
  propose_meeting: TACTIC_EFFECTS.propose_meeting.answer,
  misunderstand: TACTIC_EFFECTS.misunderstand.answer,
  small_talk: TACTIC_EFFECTS.small_talk.answer,
  ask_call: TACTIC_EFFECTS.ask_call.answer,
  go_silent: TACTIC_EFFECTS.go_silent.answer,
  apologize_return: TACTIC_EFFECTS.apologize_return.answer,
};
// the sections of DEALER, bound once (the step reads them in its hot loop)
const { start: START, silence: SILENCE, repetition: REPETITION, overuse: OVERUSE, doubleText: DOUBLE_TEXT, fit: FIT_EFFECTS, test: TEST, proposal: PROPOSAL, reschedule: RESCHEDULE, excuse: EXCUSE, burn: BURN, drop: DROP, reply: REPLY, extras: EXTRAS, night: NIGHT, call: CALL, meeting: MEETING } = DEALER;
// our delays are the runtime's: each tactic's catalogue profile (a go_silent's is the silence),
// timed by core/schedule.ts as the runtime times them
const DELAYS: DelayProfile[] = TACTICS.map((t) => defaultCatalogue().tactics[t].delay);

/** Simulator knobs shared by all personas (the persona carries what differs between dealers). */
export interface DealerConfig {
  maxDecisions: number;
  maxDays: number;
  /** render text for every message (text level) instead of lengths only (act level) */
  text: boolean;
  reward: RewardConfig;
  /** hold our messages out of the quiet hours as the runtime does (dialogue/state/quiet-hours.ts);
   * false reproduces the figures from before the simulator had them (2026-12-04) */
  quietHours: boolean;
}

export const DEFAULT_DEALER_CONFIG: Readonly<DealerConfig> = Object.freeze({
  maxDecisions: 60,
  maxDays: 14,
  text: false,
  reward: DEFAULT_REWARD,
  quietHours: true,
});

// tacticMask depends on the seven flags of the precondition state and on whether the meeting
// window is ahead or open (asserted in the tests), so its 384 possible masks are computed once,
// by core/preconditions.ts itself
const WINDOWS = ['none', 'ahead', 'open'] as const;
const MASKS: Uint8Array[] = Array.from({ length: 384 }, (_, k) =>
  tacticMask({ meetingProposed: !!(k & 1), meetingConfirmed: !!(k & 2), priceSeen: !!(k & 4), silent: !!(k & 8), meetingAgreed: !!(k & 16), meetingMissed: !!(k & 32), priceKnown: !!(k & 64), meetingWindow: WINDOWS[k >> 7], decisions: 0 }),
);

/** how the dealer left the meeting window (leave) */
const LEFT_EXCUSED = 0;
const LEFT_LATE = 1;
const LEFT_UNANSWERED = 2;

// simulated conversations start on a fixed calendar (the clock is injected through the seed).
// The clock is a wall clock: an instant whose UTC fields are the local time where the dealer and
// the bot are (hourOf, the quiet hours), with no zone and no summer time. The runtime reads its
// real instants in its time zone (DEFAULT_TIME_ZONE); 03:00 here is 03:00 on the dealer's phone.
const EPOCH_MS = Date.UTC(2026, 9, 1);

export class DealerSim {
  persona!: Persona;
  lang = 0;
  /** conversation seed: the dealer's constant price and spot in rendered text */
  conv = 0;
  rng: Rng;
  readonly cfg: DealerConfig;
  readonly text: DealerText;

  // hidden state
  tMs = 0;
  startMs = 0;
  stage = OPEN;
  suspicion = 0;
  annoyance = 0;
  patience = 0;
  lastTactic = -1;
  repeatRun = 0;
  readonly uses = new Uint8Array(NUM_TACTICS);
  excuses = 0;
  unanswered = 0;
  /** the last thing said was his (our next message answers his turn) */
  hisTurn = true;
  /** we stopped following up (DEFAULT_SCHEDULE.maxUnanswered) and he did not write again */
  capped = false;
  pendingTest = false;
  /** he just proposed a time or place and waits for our yes or counter-offer (PROPOSAL) */
  pendingProposal = false;
  tested = false;
  lastAct = -1;
  /** the last substantive act, which `misunderstand` makes the dealer repeat */
  lastContent = -1;
  dealerProposed = false;
  agreed = false;
  meetAt = 0;
  /** he stands at the place and waits for our answer (the meeting window, MEETING.stayLate…) */
  waiting = false;
  /** his "where are you?" texts in this window, and our stalls (running_late, ask_location) */
  windowWaits = 0;
  windowStalls = 0;
  /** we said running_late in this window (he finds out: MEETING.lateFactor) */
  windowLate = false;
  /** agreed meetings we called off before they happened (RESCHEDULE) */
  moves = 0;
  noShows = 0;
  calls = 0;
  messages = 0;
  decisions = 0;
  ending = END_NONE;
  truncated = false;
  minutes = 0;
  /** when our last message went out (the clock before the dealer's answer) */
  sentMs = 0;
  /** his last event (any kind, as the runtime's dialogue state has it): the quiet hours let a
   * message through while he is writing */
  lastInMs = 0;
  readonly pre: PreconditionState = initialPreconditionState();

  // events of the last step (struct of arrays)
  evCount = 0;
  readonly evKind = new Uint8Array(MAX_EVENTS);
  readonly evAct = new Uint8Array(MAX_EVENTS);
  readonly evT = new Float64Array(MAX_EVENTS);
  /** code points (the reward's count) */
  readonly evChars = new Int32Array(MAX_EVENTS);
  /** UTF-16 units (`text.length`, what an encoder is told as `chars`, as in transcript replay) */
  readonly evLen16 = new Int32Array(MAX_EVENTS);
  readonly evDuration = new Float64Array(MAX_EVENTS);
  readonly evSeed = new Uint32Array(MAX_EVENTS);
  readonly evText: string[] = new Array<string>(MAX_EVENTS).fill('');
  /** dealer-minutes of the last step */
  reward = 0;
  /** the step's increments of suspicion and annoyance, before the persona's gains (summed in phase order) */
  private dS = 0;
  private dA = 0;

  private readonly maskEv = { direction: 'in' as 'in' | 'out', kind: 'sms' as EventKind, act: undefined as string | undefined, tactic: undefined as string | undefined };
  private readonly callEv = { direction: 'in' as const, kind: 'call' as const, duration_s: 0 };
  private readonly meetEv = { direction: 'in' as const, kind: 'meeting' as const };

  constructor(rng: Rng, cfg: Partial<DealerConfig> = {}, text: DealerText = dealerText()) {
    this.rng = rng;
    this.cfg = { ...DEFAULT_DEALER_CONFIG, ...cfg };
    this.text = text;
  }

  get done(): boolean {
    return this.ending !== END_NONE || this.truncated;
  }
  get endingName(): Ending {
    return ENDINGS[this.ending]!;
  }
  get stageName(): Stage {
    return STAGES[this.stage]!;
  }
  get burned(): boolean {
    return this.ending === END_BURNED;
  }

  /** Starts a conversation with `persona`: the dealer's promo is in the event buffer. */
  reset(persona: Persona): void {
    const r = this.rng;
    this.persona = persona;
    this.lang = langIndex(persona.lang);
    this.conv = r.nextU32();
    // promos go out in the daytime on some day of the month
    this.startMs = this.tMs = EPOCH_MS + r.int(START.days) * 24 * HOUR + (START.firstHour + r.next() * START.hours) * HOUR;
    this.stage = OPEN;
    this.suspicion = persona.suspicion0;
    this.annoyance = 0;
    this.patience = persona.patience;
    this.lastTactic = -1;
    this.repeatRun = 0;
    this.uses.fill(0);
    this.excuses = 0;
    this.unanswered = 0;
    this.hisTurn = true;
    this.capped = false;
    this.pendingTest = false;
    this.pendingProposal = false;
    this.tested = false;
    this.lastAct = -1;
    this.lastContent = A.product;
    this.dealerProposed = false;
    this.agreed = false;
    this.meetAt = 0;
    this.waiting = false;
    this.windowWaits = this.windowStalls = 0;
    this.windowLate = false;
    this.moves = 0;
    this.noShows = 0;
    this.calls = 0;
    this.messages = 0;
    this.decisions = 0;
    this.ending = END_NONE;
    this.truncated = false;
    this.minutes = 0;
    const p = this.pre;
    p.meetingProposed = p.meetingConfirmed = p.meetingAgreed = p.meetingMissed = p.priceSeen = p.priceKnown = p.silent = false;
    p.meetingWindow = 'none';
    p.decisions = 0;
    this.evCount = 0;
    this.reward = 0;
    this.emitSms(A.promo, this.tMs);
  }

  /** Copies another simulator's whole state (not its rng): for look-ahead without allocation. */
  copyFrom(o: DealerSim): void {
    this.persona = o.persona;
    this.lang = o.lang;
    this.conv = o.conv;
    this.tMs = o.tMs;
    this.startMs = o.startMs;
    this.stage = o.stage;
    this.suspicion = o.suspicion;
    this.annoyance = o.annoyance;
    this.patience = o.patience;
    this.lastTactic = o.lastTactic;
    this.repeatRun = o.repeatRun;
    this.uses.set(o.uses);
    this.excuses = o.excuses;
    this.unanswered = o.unanswered;
    this.hisTurn = o.hisTurn;
    this.capped = o.capped;
    this.pendingTest = o.pendingTest;
    this.pendingProposal = o.pendingProposal;
    this.tested = o.tested;
    this.lastAct = o.lastAct;
    this.lastContent = o.lastContent;
    this.dealerProposed = o.dealerProposed;
    this.agreed = o.agreed;
    this.meetAt = o.meetAt;
    this.waiting = o.waiting;
    this.windowWaits = o.windowWaits;
    this.windowStalls = o.windowStalls;
    this.windowLate = o.windowLate;
    this.moves = o.moves;
    this.noShows = o.noShows;
    this.calls = o.calls;
    this.messages = o.messages;
    this.decisions = o.decisions;
    this.ending = o.ending;
    this.truncated = o.truncated;
    this.minutes = o.minutes;
    this.sentMs = o.sentMs;
    this.lastInMs = o.lastInMs;
    Object.assign(this.pre, o.pre);
    this.evCount = 0;
    this.reward = 0;
  }

  /** 1 = allowed, in TACTICS order: core/preconditions.ts's tacticMask, looked up (see MASKS). */
  mask(out: Uint8Array): Uint8Array {
    const p = this.pre;
    const w = p.meetingWindow === 'ahead' ? 128 : p.meetingWindow === 'open' ? 256 : 0;
    out.set(MASKS[(p.meetingProposed ? 1 : 0) | (p.meetingConfirmed ? 2 : 0) | (p.priceSeen ? 4 : 0) | (p.silent ? 8 : 0) | (p.meetingAgreed ? 16 : 0) | (p.meetingMissed ? 32 : 0) | (p.priceKnown ? 64 : 0) | w]!);
    return out;
  }

  /**
   * Plays tactic index `t`; the dealer's answer is in the event buffer, its minutes in `reward`.
   * Phases, in this order (the order of the random draws and of the float additions is part of
   * the model: dealer.test.ts pins the output): our delay; the tactic's increments ΔS and ΔA;
   * endings; the meeting window while he waits there, or an agreed meeting he now goes to (or
   * not); whether he answers; what he answers.
   * `sentAtMs` (this clock): when our message really went out, for a dealer talking to the live
   * bot (scripts/loadtest/live-dealer.ts), whose own schedule and quiet hours decided it; NaN:
   * the simulator times it (the draws are the same either way).
   */
  step(t: number, sentAtMs = NaN): void {
    if (this.done) throw new Error('DealerSim.step after the conversation ended');
    this.evCount = 0;
    this.reward = 0;
    this.decisions++;
    this.noteOut(t);
    const silenceMs = this.ourDelay(t, sentAtMs);

    this.dS = 0;
    this.dA = 0;
    const uses = this.countUse(t);
    if (t !== T.go_silent) this.repetitionIncrements(t, uses);
    this.stageFitIncrements(t);
    this.testIncrement(t);
    this.proposalIncrement(t);
    this.rescheduleIncrement(t);
    this.excuseIncrement(t);
    this.tacticIncrements(t);
    if (t === T.go_silent) this.silenceEffects(silenceMs);
    const p = this.persona;
    this.suspicion = clamp01(this.suspicion + this.dS * p.suspicionGain);
    this.annoyance = clamp01(this.annoyance + this.dA * p.annoyanceGain);

    if (this.endsNow(t)) return this.finish();
    // he stands at the place: our message is what he does next
    if (this.waiting || (this.agreed && t !== T.reschedule)) {
      // a meeting that was agreed happens now (unless we just called it off)
      if (this.waiting) this.windowTurn(t);
      else this.goToMeeting(t);
      // his texts there answer us; nothing from him is an unanswered message like any other
      if (this.evCount > 0) this.unanswered = 0;
      else if (!this.done) this.noAnswer(t);
      return this.finish();
    }
    if (this.answers(t)) this.answer(t, this.replyTime());
    this.finish();
  }

  /**
   * Our own delay, as the runtime times it (core/schedule.ts): a message goes out its tactic's
   * typing delay after his last message (the decision waits for his turn to settle), or after the
   * decision when it is a follow-up; a wait is decided now and lasts the go_silent profile.
   * Returns the silence (ms).
   */
  private ourDelay(t: number, sentAtMs: number): number {
    const r = this.rng;
    if (t === T.go_silent) {
      const silenceMs = sampleDelayMs(DELAYS[t]!, r);
      this.sentMs = this.tMs;
      this.tMs += silenceMs;
      return silenceMs;
    }
    const delay = sampleDelayMs(DELAYS[t]!, r);
    const decideMs = this.hisTurn ? this.tMs + DEFAULT_SCHEDULE.settleMs : this.tMs;
    const dueMs = replyDueMs(decideMs, delay, this.hisTurn ? this.tMs : null);
    // a reply the live bot sent while his burst was still coming in answers the whole turn
    this.tMs = Number.isNaN(sentAtMs) ? this.quiet(dueMs) : Math.max(sentAtMs, this.lastInMs);
    this.sentMs = this.tMs;
    return 0;
  }

  /**
   * When a message of ours (or a follow-up decision) due at `dueMs` may go out: the runtime's
   * quiet hours on the wall clock; the jitter is drawn only when it is held.
   */
  private quiet(dueMs: number): number {
    return this.cfg.quietHours ? quietHoursDueWall(dueMs, this.lastInMs, this.rng) : dueMs;
  }

  /** Counts the play: the current repetition run and the tactic's uses in this conversation. */
  private countUse(t: number): number {
    this.repeatRun = t === this.lastTactic ? this.repeatRun + 1 : 0;
    this.lastTactic = t;
    return ++this.uses[t]!;
  }

  /** Repetition (less of what he likes), overuse, and writing again while unanswered. */
  private repetitionIncrements(t: number, uses: number): void {
    if (this.repeatRun > 0) {
      const run = Math.min(this.repeatRun, REPETITION.maxRun) * (1 - REPETITION.likingRelief * liking(this.persona, t));
      this.dS += REPETITION.suspicion * run;
      this.dA += REPETITION.annoyance * run;
    }
    if (uses > OVERUSE.freeUses) this.dS += OVERUSE.suspicionPerUse * (uses - OVERUSE.freeUses);
    if (this.unanswered > 0) this.dA += DOUBLE_TEXT.annoyancePerUnanswered * this.unanswered;
  }

  /** How the tactic fits the deal's stage: out of place, neutral (costs patience) or progress (gives it back). */
  private stageFitIncrements(t: number): void {
    const fit = FIT[this.stage * NUM_TACTICS + t]!;
    if (fit < 0) {
      this.dS += FIT_EFFECTS.misfitSuspicion;
      this.dA += FIT_EFFECTS.misfitAnnoyance;
    } else if (fit > 0) {
      this.dA += FIT_EFFECTS.progressAnnoyance;
      this.patience = Math.min(this.persona.patience, this.patience + FIT_EFFECTS.progressPatience);
    } else this.patience -= FIT_EFFECTS.neutralPatienceCost;
  }

  /** The dealer asked who we are: only a reassurance answers that. */
  private testIncrement(t: number): void {
    if (!this.pendingTest) return;
    if (t === T.reassure) this.dS += TEST.reassured;
    else if (t !== T.go_silent) this.dS += TEST.ignored;
    this.pendingTest = false;
  }

  /**
   * He proposed a time or place: a yes, a counter-proposal or a call answers it; talking about
   * something else reads as not listening (preconditions v2 mask the moves that cannot answer).
   */
  private proposalIncrement(t: number): void {
    if (!this.pendingProposal) return;
    this.pendingProposal = false;
    if (t === T.go_silent || t === T.confirm_meeting || t === T.propose_meeting || t === T.reschedule || t === T.ask_call) return;
    this.dS += PROPOSAL.ignoredSuspicion;
    this.dA += PROPOSAL.ignoredAnnoyance;
  }

  /** Calling off an agreed meeting before it happened: every move annoys more than the last. */
  private rescheduleIncrement(t: number): void {
    if (t !== T.reschedule || !this.agreed) return;
    this.moves++;
    this.dA += RESCHEDULE.annoyancePerMove * this.moves;
  }

  /** Every new story is less plausible than the one before. */
  private excuseIncrement(t: number): void {
    if (!EFFECTS[t]!.excuse) return;
    this.excuses++;
    this.dS += EXCUSE.suspicionPerExcuse * this.excuses;
  }

  /** The tactic's own ΔS and ΔA (TACTIC_EFFECTS), with its persona-dependent part. */
  private tacticIncrements(t: number): void {
    const e = EFFECTS[t]!;
    const calm = e.whenUnsuspicious;
    const dS = calm && this.suspicion < calm.below ? calm.suspicion : e.suspicion;
    const u = e.unwelcome;
    if (u) {
      const short = Math.max(0, 1 - this.persona[u.trait] / u.full);
      this.dS += u.suspicion * short + dS;
      this.dA += u.annoyance * short + e.annoyance;
    } else {
      this.dS += dS;
      this.dA += e.annoyance;
    }
  }

  /** go_silent: annoyance fades over the silence, patience runs down. */
  private silenceEffects(silenceMs: number): void {
    this.annoyance *= Math.exp(-silenceMs / (SILENCE.annoyanceDecayHours * HOUR));
    this.patience -= SILENCE.patienceCost;
  }

  /** Burn (he calls us out), give up or block, or a lead that looks off is dropped. True when the conversation ended. */
  private endsNow(t: number): boolean {
    const p = this.persona;
    const r = this.rng;
    if (this.suspicion + BURN.noise * r.normal() >= p.burnAt) {
      this.emitSms(A.suspicion, this.replyTime());
      this.ending = END_BURNED;
      return true;
    }
    const hazard = DROP.base + DROP.perSuspicion * this.suspicion + (this.patience <= 0 ? DROP.outOfPatience : 0) + (t === T.go_silent ? SILENCE.dropHazard : 0);
    if (this.annoyance >= p.giveUpAt || r.next() < hazard) {
      if (r.next() < DROP.goodbye) {
        this.emitSms(A.goodbye, this.replyTime());
        this.ending = END_GAVE_UP;
      } else this.ending = END_BLOCKED;
      return true;
    }
    return false;
  }

  /**
   * Does the dealer answer at all? If not, we decide again after the schedule's follow-up delay,
   * unless too many of our messages in a row are unanswered: then we wait for him, and in the
   * simulator he does not come back (the conversation ends, truncated).
   */
  private answers(t: number): boolean {
    const p = this.persona;
    const r = this.rng;
    const replyP = this.replyChance() * (t === T.go_silent ? SILENCE.replyPerGreed * p.greed : this.unanswered > 0 ? p.doubleTextReply : 1);
    if (r.next() >= replyP) {
      this.noAnswer(t);
      return false;
    }
    this.unanswered = 0;
    return true;
  }

  /** His chance of answering a reply of ours, before what kind of message it is (DEALER.reply). */
  private replyChance(): number {
    return this.persona.replyProb * (1 - REPLY.annoyanceCut * this.annoyance);
  }

  /** No answer to `t`: we decide again after the schedule's follow-up delay, or stop following up. */
  private noAnswer(t: number): void {
    if (t !== T.go_silent) this.unanswered++;
    if (!followUpAllowed(this.unanswered)) {
      this.capped = true;
      return;
    }
    // the runtime holds the follow-up timer (and a go_silent's next decision) out of the night
    this.tMs = this.quiet(this.tMs + followUpDelayMs(this.rng));
  }

  /** His answer at t0: a "who are you?" test when in doubt, a call instead of a text, or the answer to the tactic. */
  private answer(t: number, t0: number): void {
    const p = this.persona;
    const r = this.rng;
    if (!this.tested && this.suspicion > TEST.atShareOfBurn * p.burnAt && r.next() < p.testStrangers) {
      this.tested = true;
      this.pendingTest = true;
      this.emitSms(A.suspicion, t0);
      return;
    }
    if (t !== T.ask_call && r.next() < p.callProb / CALL.spontaneousDivisor) {
      this.emitCall(t0);
      return;
    }
    this.answerTactic(t, t0);
  }

  /** The dealer's answer to tactic t (when he answers and nothing overrides it); TACTIC_EFFECTS[τ].answer. */
  private answerTactic(t: number, t0: number): void {
    const p = this.persona;
    const r = this.rng;
    let act = A.other;
    switch (t) {
      case T.show_interest:
        if (this.stage === OPEN) this.stage = MENU;
        act = this.stage <= MENU ? (r.next() < ANSWER.show_interest.askOrder ? A.ask_order : A.product) : A.ask_order;
        break;
      case T.ask_menu:
        if (this.stage <= MENU) this.stage = MENU;
        act = A.product;
        if (r.next() < p.greed) {
          this.emitSms(act, t0);
          t0 = this.nextMsgTime(t0);
          act = A.price;
          if (this.stage < PRICE) this.stage = PRICE;
        }
        break;
      case T.ask_price:
        if (this.stage < PRICE) this.stage = PRICE;
        act = A.price;
        break;
      case T.haggle: {
        const h = ANSWER.haggle;
        act = r.next() < h.price + h.pricePerGreed * p.greed ? A.price : A.annoyed;
        if (act === A.price && r.next() < h.proposePerGreed * p.greed) {
          this.emitSms(act, t0);
          t0 = this.nextMsgTime(t0);
          act = A.meet_propose;
        }
        break;
      }
      case T.ask_quality:
        act = A.product;
        break;
      case T.ask_location:
        act = this.stage >= PRICE || p.delivers ? A.meet_propose : A.ask_order;
        break;
      case T.propose_meeting: {
        const m = ANSWER.propose_meeting;
        const willing =
          p.meetProb * (1 - this.suspicion) * Math.pow(m.perNoShow, this.noShows) * Math.pow(RESCHEDULE.perMove, this.moves) * (this.stage >= PRICE ? 1 : m.beforePrice);
        if (this.stage !== OPEN && r.next() < willing) {
          this.agree(t0);
          act = A.meet_confirm;
        } else act = this.stage < PRICE ? A.ask_order : A.price;
        break;
      }
      case T.confirm_meeting:
        if (this.dealerProposed && !this.agreed) {
          this.agree(t0);
          act = A.meet_confirm;
        } else act = A.other;
        break;
      case T.running_late:
        act = A.annoyed;
        break;
      case T.reschedule:
        if (this.agreed) {
          this.agreed = false;
          this.stage = ARRANGE;
        }
        act = r.next() < p.meetProb * (1 - this.suspicion) * Math.pow(RESCHEDULE.perMove, this.moves) ? A.meet_propose : A.annoyed;
        break;
      case T.misunderstand:
        act = r.next() < ANSWER.misunderstand.repeat ? this.lastContent : A.annoyed;
        break;
      case T.small_talk:
        act = r.next() < Math.min(1, p.chattiness / ANSWER.small_talk.chatFull) ? A.other : A.ask_order;
        break;
      case T.ask_call:
        if (r.next() < p.callProb * (1 - this.suspicion)) {
          if (r.next() < ANSWER.ask_call.announce) {
            this.emitSms(A.call, t0);
            t0 = this.nextMsgTime(t0);
          }
          this.emitCall(t0);
          return;
        }
        act = r.next() < ANSWER.ask_call.annoyed ? A.annoyed : A.other;
        break;
      case T.reassure:
        act = this.stage <= MENU ? A.ask_order : A.other;
        break;
      case T.go_silent:
        // a greedy dealer chases the sale: "??" or his promo again
        act = r.next() < ANSWER.go_silent.other ? A.other : A.promo;
        break;
      case T.apologize_return:
        act = this.stage >= PRICE && this.stage !== AFTER && r.next() < ANSWER.apologize_return.propose ? A.meet_propose : A.ask_order;
        if (this.stage === AFTER) this.stage = ARRANGE;
        break;
    }
    if (act === A.meet_propose) {
      this.dealerProposed = true;
      this.pendingProposal = true;
      if (this.stage < ARRANGE || this.stage === AFTER) this.stage = ARRANGE;
    }
    this.emitSms(act, t0);
    this.emitExtras(act, t0);
  }

  /** Chatty dealers send more than one message: the expected number of extras is `chattiness`. */
  private emitExtras(act: number, t0: number): void {
    const r = this.rng;
    let extra = this.persona.chattiness;
    while (r.next() < extra) {
      extra -= 1;
      t0 = this.nextMsgTime(t0);
      this.emitSms(r.next() < EXTRAS.sameAct ? act : A.other, t0);
    }
  }

  private agree(t0: number): void {
    this.agreed = true;
    this.stage = MEET;
    // ≥ 20 minutes: at our next decision the window is still ahead, as the events say
    // (core/preconditions.ts v3) and the runtime's dialogue state has it (WINDOW_BEFORE_MS)
    this.meetAt = t0 + (MEETING.leadMinutes + MEETING.leadSpanMinutes * this.rng.next()) * MIN;
  }

  /**
   * Our message after the agreement: the dealer goes to the agreed place (or not). When he goes he
   * texts "where are you?" and waits for our answer (windowTurn); while we stay silent for hours he
   * waits in vain and leaves.
   */
  private goToMeeting(t: number): void {
    const p = this.persona;
    const r = this.rng;
    this.agreed = false;
    this.dealerProposed = false;
    const attend = p.meetProb * (1 - MEETING.attendSuspicion * this.suspicion) * Math.pow(MEETING.perNoShow, this.noShows);
    if (this.tMs < this.meetAt) this.tMs = this.meetAt;
    if (r.next() >= attend) {
      // he did not go either; he may say so
      this.stage = ARRANGE;
      if (r.next() < MEETING.saysSo) this.emitSms(A.other, this.replyTime());
      return;
    }
    // he is there at the agreed time (or, if our message came later, right after it)
    const t0 = Math.max(this.meetAt, this.sentMs) + (MEETING.arriveMinutes + MEETING.arriveSpanMinutes * r.next()) * MIN;
    this.emitSms(A.where_are_you, t0);
    this.emitMeeting(t0);
    this.noShows++;
    this.waiting = true;
    this.windowWaits = 1;
    this.windowStalls = 0;
    this.windowLate = t === T.running_late;
    if (t === T.go_silent) this.leave(LEFT_UNANSWERED, t0);
  }

  /** One of our messages while he waits at the place: a stall he believes keeps him there, anything else and he goes. */
  private windowTurn(t: number): void {
    const r = this.rng;
    // from when our message went out (a silence's start: he does not wait through it)
    const at = this.sentMs;
    if (t === T.running_late || t === T.ask_location) {
      const stay = (t === T.running_late ? MEETING.stayLate : MEETING.stayStall) * Math.pow(MEETING.stayDecay, this.windowStalls);
      this.windowStalls++;
      if (t === T.running_late) this.windowLate = true;
      if (this.windowWaits < MEETING.maxWaits && r.next() < stay) {
        this.windowWaits++;
        this.emitSms(A.where_are_you, at + (MEETING.waitMinutes + MEETING.waitSpanMinutes * r.next()) * MIN);
        return;
      }
      // a stall he no longer believes: he goes, as on anything else below
    } else if (t === T.reschedule) {
      // "sorry, lukt niet meer": he goes, stood up but told; his answer to the new time is his complaint
      this.leave(LEFT_EXCUSED, at);
      if (!this.done && r.next() < this.replyChance()) this.answerTactic(t, this.replyTime());
      return;
    }
    this.leave(this.windowLate ? LEFT_LATE : LEFT_UNANSWERED, at);
  }

  /** He gives up waiting at `fromMs`: stood up. */
  private leave(how: number, fromMs: number): void {
    const p = this.persona;
    const r = this.rng;
    this.waiting = false;
    this.stage = AFTER;
    let t0 = fromMs + (MEETING.waitMinutes + MEETING.waitSpanMinutes * r.next()) * MIN;
    if (how === LEFT_UNANSWERED && r.next() < p.chattiness * MEETING.chattyWait) {
      this.emitSms(A.where_are_you, t0);
      t0 += (MEETING.waitMinutes + MEETING.waitSpanMinutes * r.next()) * MIN;
    }
    const sf = how === LEFT_LATE ? MEETING.lateFactor : how === LEFT_UNANSWERED ? MEETING.silentFactor : 1;
    this.suspicion = clamp01(this.suspicion + MEETING.suspicion * p.suspicionGain * sf);
    this.annoyance = clamp01(this.annoyance + MEETING.annoyance * p.annoyanceGain * (how === LEFT_UNANSWERED ? MEETING.silentFactor : 1));
    if (how !== LEFT_EXCUSED && r.next() < MEETING.complains) this.emitSms(A.annoyed, t0 + (MEETING.complainMinutes + MEETING.complainSpanMinutes * r.next()) * MIN);
    // stood up: he may be done with this number for good, whatever we say next
    if (r.next() < p.burnAfterNoShow) this.ending = END_BURNED;
  }

  private finish(): void {
    this.hisTurn = this.evCount > 0;
    if (this.evCount > 0) this.tMs = Math.max(this.tMs, this.evT[this.evCount - 1]!);
    if (this.ending === END_NONE && (this.capped || this.decisions >= this.cfg.maxDecisions || this.tMs - this.startMs >= this.cfg.maxDays * 24 * HOUR)) {
      this.truncated = true;
    }
  }

  /** Dealer reply time: log-normal minutes, slower when busy, nobody answers at night (NIGHT). */
  private replyTime(): number {
    const p = this.persona;
    const load = this.workload();
    let t = this.tMs + this.rng.logNormal(p.delay.mu + p.busyDelay * load, p.delay.sigma) * MIN;
    const h = hourOf(t);
    if (h >= NIGHT.fromHour && h < NIGHT.toHour) t += (NIGHT.toHour - h) * HOUR + this.rng.next() * NIGHT.jitterMinutes * MIN;
    return t;
  }

  private nextMsgTime(t0: number): number {
    return t0 + this.rng.logNormal(EXTRAS.gapMu, EXTRAS.gapSigma) * MIN;
  }

  /** Workload (0..persona.workload): a cosine over the day peaking at persona.peakHour. */
  workload(): number {
    const p = this.persona;
    return p.workload * 0.5 * (1 + Math.cos(((hourOf(this.tMs) - p.peakHour) / 24) * 2 * Math.PI));
  }

  private noteOut(t: number): void {
    const e = this.maskEv;
    e.direction = 'out';
    e.kind = t === T.go_silent ? 'wait' : 'sms';
    e.act = undefined;
    e.tactic = TACTICS[t];
    updatePreconditionState(this.pre, e);
  }

  private push(kind: number, act: number, t: number): number {
    const i = this.evCount;
    if (i >= MAX_EVENTS) throw new Error('DealerSim: event buffer overflow');
    this.evCount = i + 1;
    this.evKind[i] = kind;
    this.evAct[i] = act;
    this.evT[i] = t;
    this.evChars[i] = 0;
    this.evLen16[i] = 0;
    this.evDuration[i] = 0;
    this.lastAct = act;
    this.lastInMs = t;
    const e = this.maskEv;
    e.direction = 'in';
    e.kind = EV_KIND_NAMES[kind]!;
    e.act = DEALER_ACTS[act];
    e.tactic = undefined;
    updatePreconditionState(this.pre, e);
    return i;
  }

  private emitSms(act: number, t: number): void {
    const i = this.push(EV_SMS, act, t);
    const seed = this.rng.nextU32();
    this.evSeed[i] = seed;
    const p = this.persona;
    let chars: number;
    if (this.cfg.text) {
      const s = this.text.render(this.lang, act, p.style, seed, this.conv);
      this.evText[i] = s;
      chars = 0;
      for (const _ of s) chars++;
      this.evLen16[i] = s.length;
    } else {
      chars = this.text.length(this.lang, act, p.style, seed, this.conv);
      this.evLen16[i] = this.text.lastUtf16;
    }
    this.evChars[i] = chars;
    const m = messageMinutes(chars, this.cfg.reward);
    this.reward += m;
    this.minutes += m;
    this.messages++;
    if (act === A.price || act === A.product || act === A.meet_propose) this.lastContent = act;
  }

  private emitCall(t: number): void {
    const i = this.push(EV_CALL, A.call, t);
    const connected = this.rng.next() < CALL.connected;
    const d = connected ? Math.round(this.rng.logNormal(this.persona.callMu, CALL.durationSigma)) : 0;
    this.evDuration[i] = d;
    this.callEv.duration_s = d;
    const m = eventMinutes(this.callEv, this.cfg.reward);
    this.reward += m;
    this.minutes += m;
    this.calls++;
    this.annoyance = clamp01(this.annoyance + CALL.annoyancePerCall * this.calls * this.persona.annoyanceGain);
  }

  private emitMeeting(t: number): void {
    this.push(EV_MEETING, A.where_are_you, t);
    const m = eventMinutes(this.meetEv, this.cfg.reward);
    this.reward += m;
    this.minutes += m;
  }
}

/** How much a persona enjoys a tactic (0..1, TACTIC_EFFECTS[τ].likedFor): chatty dealers chat, callers call, greedy ones bargain. */
export function liking(p: Persona, t: number): number {
  const l = EFFECTS[t]!.likedFor;
  return l ? Math.min(1, p[l.trait] / l.full) : 0;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function hourOf(tMs: number): number {
  return (tMs / HOUR) % 24;
}

