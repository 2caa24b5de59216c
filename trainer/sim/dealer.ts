// The dealer model: one simulated dealer in one conversation, driven by a persona. Hidden state
// (deal stage, suspicion, annoyance, patience, workload via the hour) moves with every tactic we
// play; the dealer answers with dealer acts, calls and meetings (which we never attend), and ends
// the conversation by giving up, blocking, or burning us. Equations: docs/simulator.md.
//
// Built for speed: plain numeric fields, one preallocated event buffer per simulator, no strings
// or Dates in a step. `copyFrom` makes the state cheaply clonable for look-ahead planners.
import { ACT_INDEX, DEALER_ACTS } from '../../core/acts.js';
import { initialPreconditionState, tacticMask, updatePreconditionState, type PreconditionState } from '../../core/preconditions.js';
import type { Rng } from '../../lib/random.js';
import { DEFAULT_REWARD, eventMinutes, messageMinutes, type RewardConfig } from '../../core/reward.js';
import { NUM_TACTICS, TACTICS, TACTIC_INDEX } from '../../core/tactics.js';
import type { EventKind } from '../../core/transcript.js';
import { dealerText, langIndex, type DealerText } from './dealer-text.js';
import type { Persona } from './persona.js';

export const STAGES = ['open', 'menu', 'price', 'arrange', 'meet', 'after'] as const;
export type Stage = (typeof STAGES)[number];
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

// fit[stage][tactic]: +1 plausible progress, 0 neutral, -1 out of place for the stage
// prettier-ignore
const FIT = Int8Array.from([
  /* open    */ 1, 1, 0, -1, 0, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0,
  /* menu    */ 0, 1, 1, 0, 1, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0,
  /* price   */ -1, 0, 0, 1, 0, 1, 1, 0, -1, -1, 0, 0, 0, 0, 0, 0,
  /* arrange */ -1, -1, 0, 0, 0, 1, 1, 1, -1, 0, 0, 0, 0, 0, 0, 0,
  /* meet    */ -1, -1, -1, -1, -1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0,
  /* after   */ -1, -1, -1, -1, -1, 0, 0, 0, -1, 1, 0, 0, 0, 1, 0, 1,
]);

/** Simulator knobs shared by all personas (the persona carries what differs between dealers). */
export interface DealerConfig {
  maxDecisions: number;
  maxDays: number;
  /** render text for every message (text level) instead of lengths only (act level) */
  text: boolean;
  reward: RewardConfig;
}

export const DEFAULT_DEALER_CONFIG: Readonly<DealerConfig> = Object.freeze({
  maxDecisions: 60,
  maxDays: 14,
  text: false,
  reward: DEFAULT_REWARD,
});

// tacticMask depends on the four flags of the precondition state only (asserted in the tests),
// so its 16 possible masks are computed once, by core/preconditions.ts itself
const MASKS: Uint8Array[] = Array.from({ length: 16 }, (_, k) =>
  tacticMask({ meetingProposed: !!(k & 1), meetingConfirmed: !!(k & 2), priceSeen: !!(k & 4), silent: !!(k & 8), decisions: 0 }),
);

// simulated conversations start on a fixed calendar (the clock is injected through the seed)
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
  pendingTest = false;
  tested = false;
  lastAct = -1;
  /** the last substantive act, which `misunderstand` makes the dealer repeat */
  lastContent = -1;
  dealerProposed = false;
  agreed = false;
  meetAt = 0;
  noShows = 0;
  calls = 0;
  messages = 0;
  decisions = 0;
  ending = END_NONE;
  truncated = false;
  minutes = 0;
  /** when our last message went out (the clock before the dealer's answer) */
  sentMs = 0;
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
    // promos go out between 10:00 and 22:00 on some day of the month
    this.startMs = this.tMs = EPOCH_MS + r.int(28) * 24 * HOUR + (10 + r.next() * 12) * HOUR;
    this.stage = OPEN;
    this.suspicion = persona.suspicion0;
    this.annoyance = 0;
    this.patience = persona.patience;
    this.lastTactic = -1;
    this.repeatRun = 0;
    this.uses.fill(0);
    this.excuses = 0;
    this.unanswered = 0;
    this.pendingTest = false;
    this.tested = false;
    this.lastAct = -1;
    this.lastContent = A.product;
    this.dealerProposed = false;
    this.agreed = false;
    this.meetAt = 0;
    this.noShows = 0;
    this.calls = 0;
    this.messages = 0;
    this.decisions = 0;
    this.ending = END_NONE;
    this.truncated = false;
    this.minutes = 0;
    const p = this.pre;
    p.meetingProposed = p.meetingConfirmed = p.priceSeen = p.silent = false;
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
    this.pendingTest = o.pendingTest;
    this.tested = o.tested;
    this.lastAct = o.lastAct;
    this.lastContent = o.lastContent;
    this.dealerProposed = o.dealerProposed;
    this.agreed = o.agreed;
    this.meetAt = o.meetAt;
    this.noShows = o.noShows;
    this.calls = o.calls;
    this.messages = o.messages;
    this.decisions = o.decisions;
    this.ending = o.ending;
    this.truncated = o.truncated;
    this.minutes = o.minutes;
    this.sentMs = o.sentMs;
    Object.assign(this.pre, o.pre);
    this.evCount = 0;
    this.reward = 0;
  }

  /** 1 = allowed, in TACTICS order: core/preconditions.ts's tacticMask, looked up (see MASKS). */
  mask(out: Uint8Array): Uint8Array {
    const p = this.pre;
    out.set(MASKS[(p.meetingProposed ? 1 : 0) | (p.meetingConfirmed ? 2 : 0) | (p.priceSeen ? 4 : 0) | (p.silent ? 8 : 0)]!);
    return out;
  }

  /** Plays tactic index `t`; the dealer's answer is in the event buffer, its minutes in `reward`. */
  step(t: number): void {
    if (this.done) throw new Error('DealerSim.step after the conversation ended');
    const p = this.persona;
    const r = this.rng;
    this.evCount = 0;
    this.reward = 0;
    this.decisions++;
    this.noteOut(t);

    // our own reply delay: minutes, or hours for a silence
    // a wait is decided now and lasts hours; a message goes out after our typing delay
    const silenceMs = t === T.go_silent ? r.logNormal(Math.log(6 * 60), 0.4) * MIN : 0;
    if (t === T.go_silent) {
      this.sentMs = this.tMs;
      this.tMs += silenceMs;
    } else {
      this.tMs += r.logNormal(Math.log(3), 0.6) * MIN;
      this.sentMs = this.tMs;
    }

    // --- how the tactic moves suspicion (dS) and annoyance (dA) ---
    this.repeatRun = t === this.lastTactic ? this.repeatRun + 1 : 0;
    this.lastTactic = t;
    const uses = ++this.uses[t]!;
    let dS = 0;
    let dA = 0;
    if (t !== T.go_silent) {
      if (this.repeatRun > 0) {
        // a dealer minds repetition less of what he likes (chat, calls, bargaining)
        const run = Math.min(this.repeatRun, 3) * (1 - 0.7 * liking(p, t));
        dS += 0.035 * run;
        dA += 0.045 * run;
      }
      if (uses > 4) dS += 0.015 * (uses - 4);
      if (this.unanswered > 0) dA += 0.05 * this.unanswered;
    }
    const fit = FIT[this.stage * NUM_TACTICS + t]!;
    if (fit < 0) {
      dS += 0.06;
      dA += 0.08;
    } else if (fit > 0) {
      dA -= 0.04;
      this.patience = Math.min(p.patience, this.patience + 2);
    } else this.patience -= 1;
    if (this.pendingTest) {
      // the dealer asked who we are: only a reassurance answers that
      if (t === T.reassure) dS -= 0.2;
      else if (t !== T.go_silent) dS += 0.12;
      this.pendingTest = false;
    }
    const excuse = t === T.running_late || t === T.reschedule || t === T.apologize_return;
    if (excuse) {
      this.excuses++;
      dS += 0.025 * this.excuses;
    }
    switch (t) {
      case T.haggle:
        dA += 0.14 * (1 - p.greed) - 0.02;
        break;
      case T.misunderstand:
        dA += 0.08;
        dS += 0.03;
        break;
      case T.small_talk:
        dA += 0.1 * Math.max(0, 1 - p.chattiness / 1.2) - 0.02;
        dS += 0.015;
        break;
      case T.ask_call:
        dS += 0.06 * (1 - p.callProb);
        break;
      case T.reassure:
        if (this.suspicion < 0.25) dS += 0.04;
        else dS -= 0.05;
        break;
      case T.go_silent: {
        this.annoyance *= Math.exp(-silenceMs / (12 * HOUR));
        dS -= 0.03;
        this.patience -= 0.3;
        break;
      }
    }
    this.suspicion = clamp01(this.suspicion + dS * p.suspicionGain);
    this.annoyance = clamp01(this.annoyance + dA * p.annoyanceGain);

    // --- endings: burn, give up / block, a lead that looks off is dropped ---
    if (this.suspicion + 0.05 * r.normal() >= p.burnAt) {
      this.emitSms(A.suspicion, this.replyTime());
      this.ending = END_BURNED;
      return this.finish();
    }
    const cold = 0.01 + 0.04 * this.suspicion + (this.patience <= 0 ? 0.3 : 0) + (t === T.go_silent ? 0.05 : 0);
    if (this.annoyance >= p.giveUpAt || r.next() < cold) {
      if (r.next() < 0.6) {
        this.emitSms(A.goodbye, this.replyTime());
        this.ending = END_GAVE_UP;
      } else this.ending = END_BLOCKED;
      return this.finish();
    }

    // --- a meeting that was agreed happens now (unless we just called it off) ---
    if (this.agreed && t !== T.reschedule) {
      this.resolveMeeting(t === T.running_late);
      return this.finish();
    }

    // --- does the dealer answer at all? ---
    const replyP = p.replyProb * (1 - 0.6 * this.annoyance) * (t === T.go_silent ? 0.6 * p.greed : 1);
    if (r.next() >= replyP) {
      if (t !== T.go_silent) this.unanswered++;
      // we notice the silence after a few hours and decide again
      this.tMs += (2 + 4 * r.next()) * HOUR;
      return this.finish();
    }
    this.unanswered = 0;
    const t0 = this.replyTime();

    // "who are you?": dealers test strangers when in doubt
    if (!this.tested && this.suspicion > 0.45 * p.burnAt && r.next() < p.testStrangers) {
      this.tested = true;
      this.pendingTest = true;
      this.emitSms(A.suspicion, t0);
      return this.finish();
    }
    // callers phone instead of typing
    if (t !== T.ask_call && r.next() < p.callProb / 3) {
      this.emitCall(t0);
      return this.finish();
    }
    this.respond(t, t0);
    this.finish();
  }

  /** The dealer's answer to tactic t (when he answers and nothing overrides it). */
  private respond(t: number, t0: number): void {
    const p = this.persona;
    const r = this.rng;
    let act = A.other;
    switch (t) {
      case T.show_interest:
        if (this.stage === OPEN) this.stage = MENU;
        act = this.stage <= MENU ? (r.next() < 0.6 ? A.ask_order : A.product) : A.ask_order;
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
      case T.haggle:
        act = r.next() < 0.3 + 0.7 * p.greed ? A.price : A.annoyed;
        if (act === A.price && r.next() < 0.5 * p.greed) {
          this.emitSms(act, t0);
          t0 = this.nextMsgTime(t0);
          act = A.meet_propose;
        }
        break;
      case T.ask_quality:
        act = A.product;
        break;
      case T.ask_location:
        act = this.stage >= PRICE || p.delivers ? A.meet_propose : A.ask_order;
        break;
      case T.propose_meeting: {
        const willing = p.meetProb * (1 - this.suspicion) * Math.pow(0.7, this.noShows) * (this.stage >= PRICE ? 1 : 0.5);
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
        act = r.next() < p.meetProb * (1 - this.suspicion) ? A.meet_propose : A.annoyed;
        break;
      case T.misunderstand:
        act = r.next() < 0.7 ? this.lastContent : A.annoyed;
        break;
      case T.small_talk:
        act = r.next() < Math.min(1, p.chattiness / 1.5) ? A.other : A.ask_order;
        break;
      case T.ask_call:
        if (r.next() < p.callProb * (1 - this.suspicion)) {
          if (r.next() < 0.4) {
            this.emitSms(A.call, t0);
            t0 = this.nextMsgTime(t0);
          }
          this.emitCall(t0);
          return;
        }
        act = r.next() < 0.5 ? A.annoyed : A.other;
        break;
      case T.reassure:
        act = this.stage <= MENU ? A.ask_order : A.other;
        break;
      case T.go_silent:
        // a greedy dealer chases the sale: "??" or his promo again
        act = r.next() < 0.5 ? A.other : A.promo;
        break;
      case T.apologize_return:
        act = this.stage >= PRICE && this.stage !== AFTER && r.next() < 0.4 ? A.meet_propose : A.ask_order;
        if (this.stage === AFTER) this.stage = ARRANGE;
        break;
    }
    if (act === A.meet_propose) {
      this.dealerProposed = true;
      if (this.stage < ARRANGE || this.stage === AFTER) this.stage = ARRANGE;
    }
    this.emitSms(act, t0);
    // chatty dealers send more than one message
    let extra = p.chattiness;
    while (r.next() < extra) {
      extra -= 1;
      t0 = this.nextMsgTime(t0);
      this.emitSms(r.next() < 0.5 ? act : A.other, t0);
    }
  }

  private agree(t0: number): void {
    this.agreed = true;
    this.stage = MEET;
    this.meetAt = t0 + (20 + 40 * this.rng.next()) * MIN;
  }

  /** The dealer goes to the agreed place (or not); we never come. */
  private resolveMeeting(late: boolean): void {
    const p = this.persona;
    const r = this.rng;
    this.agreed = false;
    this.dealerProposed = false;
    const attend = p.meetProb * (1 - 0.5 * this.suspicion) * Math.pow(0.75, this.noShows);
    if (this.tMs < this.meetAt) this.tMs = this.meetAt;
    if (r.next() >= attend) {
      // he did not go either; he may say so
      this.stage = ARRANGE;
      if (r.next() < 0.5) this.emitSms(A.other, this.replyTime());
      return;
    }
    // he is there at the agreed time (or, if our message came later, right after it)
    let t0 = Math.max(this.meetAt, this.sentMs) + (3 + 10 * r.next()) * MIN;
    let waits = 1 + (late ? 2 : 0) + (r.next() < p.chattiness / 2 ? 1 : 0);
    while (waits-- > 0) {
      this.emitSms(A.where_are_you, t0);
      t0 += (4 + 8 * r.next()) * MIN;
    }
    this.emitMeeting(t0);
    this.noShows++;
    this.stage = AFTER;
    this.suspicion = clamp01(this.suspicion + 0.15 * p.suspicionGain * (late ? 1.3 : 1));
    this.annoyance = clamp01(this.annoyance + 0.2 * p.annoyanceGain);
    if (r.next() < 0.7) this.emitSms(A.annoyed, t0 + (1 + 5 * r.next()) * MIN);
  }

  private finish(): void {
    if (this.evCount > 0) this.tMs = Math.max(this.tMs, this.evT[this.evCount - 1]!);
    if (this.ending === END_NONE && (this.decisions >= this.cfg.maxDecisions || this.tMs - this.startMs >= this.cfg.maxDays * 24 * HOUR)) {
      this.truncated = true;
    }
  }

  /** Dealer reply time: log-normal minutes, slower when busy, nobody answers 3:00-9:00. */
  private replyTime(): number {
    const p = this.persona;
    const load = this.workload();
    let t = this.tMs + this.rng.logNormal(p.delay.mu + p.busyDelay * load, p.delay.sigma) * MIN;
    const h = hourOf(t);
    if (h >= 3 && h < 9) t += (9 - h) * HOUR + this.rng.next() * 60 * MIN;
    return t;
  }

  private nextMsgTime(t0: number): number {
    return t0 + this.rng.logNormal(-0.3, 0.6) * MIN;
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
    const connected = this.rng.next() < 0.8;
    const d = connected ? Math.round(this.rng.logNormal(this.persona.callMu, 0.6)) : 0;
    this.evDuration[i] = d;
    this.callEv.duration_s = d;
    const m = eventMinutes(this.callEv, this.cfg.reward);
    this.reward += m;
    this.minutes += m;
    this.calls++;
    this.annoyance = clamp01(this.annoyance + 0.03 * this.calls * this.persona.annoyanceGain);
  }

  private emitMeeting(t: number): void {
    this.push(EV_MEETING, A.where_are_you, t);
    const m = eventMinutes(this.meetEv, this.cfg.reward);
    this.reward += m;
    this.minutes += m;
  }
}

/** How much a persona enjoys a tactic (0..1): chatty dealers chat, callers call, greedy ones bargain. */
export function liking(p: Persona, t: number): number {
  if (t === T.small_talk) return Math.min(1, p.chattiness / 1.5);
  if (t === T.ask_call) return p.callProb;
  if (t === T.haggle) return p.greed;
  return 0;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function hourOf(tMs: number): number {
  return (tMs / HOUR) % 24;
}

