// State features v1: one incremental encoder from a conversation prefix to a Float32 vector,
// shared by transcript replay, the simulator and the runtime (ObservationEncoder contract of
// core/observation.ts). push() is O(1) per event: only running counts and "last seen" values
// are kept; write() assembles the vector from them. Dimension meanings: docs/features.md.
import { ACT_INDEX, DEALER_ACTS } from '../acts.js';
import type { ObservationEncoder, ObservedEvent } from '../observation.js';
import { initialPreconditionState, updatePreconditionState, type PreconditionState } from '../preconditions.js';
import { NUM_TACTICS, TACTIC_INDEX } from '../tactics.js';
import { FEATURE_NAMES, FEATURE_SIZE } from './feature-names.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NUM_ACTS = DEALER_ACTS.length;
const TWO_PI = 2 * Math.PI;

// log1p of small integers (counts, lengths) from a table: write() runs before every decision and
// Math.log1p dominated it. Values are exactly Math.log1p's, so replay and live cannot differ.
const LUT_SIZE = 4096;
const LOG1P_INT = Float64Array.from({ length: LUT_SIZE }, (_, i) => Math.log1p(i));
const lg = (n: number): number => (n < LUT_SIZE ? LOG1P_INT[n]! : Math.log1p(n));

// offsets of the blocks, derived from the name list so the two cannot disagree
const O_LAST_ACT = FEATURE_NAMES.indexOf(`last_act_${DEALER_ACTS[0]}`);
const O_PREV_ACT = O_LAST_ACT + NUM_ACTS;
const O_TACTIC_COUNT = O_PREV_ACT + NUM_ACTS;
const O_LAST_TACTIC = O_TACTIC_COUNT + NUM_TACTICS;
const O_AFTER_TACTICS = O_LAST_TACTIC + NUM_TACTICS;

export class FeatureEncoderV1 implements ObservationEncoder {
  readonly size = FEATURE_SIZE;
  readonly names = FEATURE_NAMES;

  private events = 0;
  private firstMs = 0;
  private nowMs = 0;
  private inMsgs = 0;
  private outMsgs = 0;
  private decisions = 0;
  private waits = 0;
  private unanswered = 0;
  private lastEventIn = 0;
  private lastInMs = -1;
  private lastOutMs = -1;
  private lastAct = -1;
  private prevAct = -1;
  private readonly tacticCounts = new Float64Array(NUM_TACTICS);
  /** log1p of tacticCounts, kept up to date on push so write() only copies */
  private readonly tacticLogs = new Float32Array(NUM_TACTICS);
  private distinctTactics = 0;
  private lastTactic = -1;
  private lastTacticRepeats = 0;
  private pre: PreconditionState = initialPreconditionState();
  private meetings = 0;
  private suspicion = 0;
  private annoyed = 0;
  private inSinceSuspicion = 0;
  private lastInChars = 0;
  private sumInChars = 0;
  private lastInLatencyMin = 0;
  private sumInLatencyMin = 0;
  private inLatencies = 0;
  private lastOutLatencyMin = 0;
  private lastLang = 0; // 0 unknown, 1 nl, 2 en
  private nlMsgs = 0;
  private langMsgs = 0;
  private callsIn = 0;
  private callsOut = 0;
  private missedCalls = 0;
  private callSeconds = 0;

  reset(): void {
    this.events = this.firstMs = this.nowMs = 0;
    this.inMsgs = this.outMsgs = this.decisions = this.waits = this.unanswered = this.lastEventIn = 0;
    this.lastInMs = this.lastOutMs = -1;
    this.lastAct = this.prevAct = -1;
    this.tacticCounts.fill(0);
    this.tacticLogs.fill(0);
    this.distinctTactics = 0;
    this.lastTactic = -1;
    this.lastTacticRepeats = 0;
    this.pre = initialPreconditionState();
    this.meetings = this.suspicion = this.annoyed = this.inSinceSuspicion = 0;
    this.lastInChars = this.sumInChars = 0;
    this.lastInLatencyMin = this.sumInLatencyMin = this.inLatencies = this.lastOutLatencyMin = 0;
    this.lastLang = this.nlMsgs = this.langMsgs = 0;
    this.callsIn = this.callsOut = this.missedCalls = this.callSeconds = 0;
  }

  push(e: ObservedEvent): void {
    if (this.events === 0) this.firstMs = e.tMs;
    this.events++;
    this.nowMs = e.tMs;
    updatePreconditionState(this.pre, e);
    const isMsg = e.kind === 'sms' || e.kind === 'mms';
    const chars = e.chars ?? e.text?.length ?? 0;

    if (e.kind === 'meeting') this.meetings++;
    if (e.kind === 'call') {
      if (e.direction === 'in') this.callsIn++;
      else this.callsOut++;
      const d = e.duration_s ?? 0;
      if (d > 0) this.callSeconds += d;
      else this.missedCalls++;
    }

    if (e.direction === 'in') {
      this.lastEventIn = 1;
      if (!isMsg) return;
      this.inMsgs++;
      this.unanswered++;
      // the dealer's latency: only when answering us (our message came after their last one)
      if (this.lastOutMs >= 0 && this.lastOutMs >= this.lastInMs) {
        this.lastInLatencyMin = (e.tMs - this.lastOutMs) / MIN;
        this.sumInLatencyMin += this.lastInLatencyMin;
        this.inLatencies++;
      }
      this.lastInMs = e.tMs;
      this.lastInChars = chars;
      this.sumInChars += chars;
      this.prevAct = this.lastAct;
      this.lastAct = e.act === undefined ? -1 : ACT_INDEX[e.act];
      if (e.act === 'suspicion') {
        this.suspicion++;
        this.inSinceSuspicion = 0;
      } else {
        if (e.act === 'annoyed') this.annoyed++;
        if (this.suspicion > 0) this.inSinceSuspicion++;
      }
      if (e.lang !== undefined) {
        this.lastLang = e.lang === 'nl' ? 1 : 2;
        this.langMsgs++;
        if (e.lang === 'nl') this.nlMsgs++;
      }
      return;
    }

    this.lastEventIn = 0;
    if (isMsg || e.kind === 'wait') {
      this.decisions++;
      if (e.kind === 'wait') this.waits++;
      // a `wait` is go_silent by definition (DESIGN.md), also when the log omits the tactic
      const tactic = e.tactic ?? (e.kind === 'wait' ? 'go_silent' : undefined);
      if (tactic !== undefined) {
        const t = TACTIC_INDEX[tactic];
        if (this.tacticCounts[t] === 0) this.distinctTactics++;
        this.tacticLogs[t] = lg(++this.tacticCounts[t]!);
        this.lastTacticRepeats = t === this.lastTactic ? this.lastTacticRepeats + 1 : 0;
        this.lastTactic = t;
      }
    }
    if (isMsg) {
      this.outMsgs++;
      this.unanswered = 0;
      if (this.lastInMs >= 0 && this.lastInMs > this.lastOutMs) this.lastOutLatencyMin = (e.tMs - this.lastInMs) / MIN;
      this.lastOutMs = e.tMs;
    }
  }

  write(out: Float32Array, offset = 0): void {
    const o = offset;
    const L = Math.log1p;
    const now = this.nowMs;
    out[o + 0] = lg(this.inMsgs);
    out[o + 1] = lg(this.outMsgs);
    out[o + 2] = lg(this.decisions);
    out[o + 3] = lg(this.waits);
    out[o + 4] = lg(this.unanswered);
    out[o + 5] = this.lastEventIn;
    out[o + 6] = this.events ? L((now - this.firstMs) / HOUR) : 0;
    out[o + 7] = this.lastInMs >= 0 ? L((now - this.lastInMs) / MIN) : 0;
    out[o + 8] = this.lastOutMs >= 0 ? L((now - this.lastOutMs) / MIN) : 0;
    if (this.events) {
      const phase = (TWO_PI * (((now % DAY) + DAY) % DAY)) / DAY;
      out[o + 9] = Math.sin(phase);
      out[o + 10] = Math.cos(phase);
    } else {
      out[o + 9] = 0;
      out[o + 10] = 0;
    }
    out.fill(0, o + O_LAST_ACT, o + O_TACTIC_COUNT);
    if (this.lastAct >= 0) out[o + O_LAST_ACT + this.lastAct] = 1;
    if (this.prevAct >= 0) out[o + O_PREV_ACT + this.prevAct] = 1;
    out.set(this.tacticLogs, o + O_TACTIC_COUNT);
    out.fill(0, o + O_LAST_TACTIC, o + O_AFTER_TACTICS);
    if (this.lastTactic >= 0) out[o + O_LAST_TACTIC + this.lastTactic] = 1;
    let i = o + O_AFTER_TACTICS;
    out[i++] = lg(this.lastTacticRepeats);
    out[i++] = this.distinctTactics / NUM_TACTICS;
    out[i++] = this.pre.meetingProposed ? 1 : 0;
    out[i++] = this.pre.meetingConfirmed ? 1 : 0;
    out[i++] = this.pre.priceSeen ? 1 : 0;
    out[i++] = this.pre.silent ? 1 : 0;
    out[i++] = lg(this.meetings);
    out[i++] = lg(this.suspicion);
    out[i++] = lg(this.annoyed);
    out[i++] = this.inMsgs ? (this.suspicion + this.annoyed) / this.inMsgs : 0;
    out[i++] = lg(this.inSinceSuspicion);
    out[i++] = lg(this.lastInChars);
    out[i++] = this.inMsgs ? L(this.sumInChars / this.inMsgs) : 0;
    out[i++] = L(this.lastInLatencyMin);
    out[i++] = this.inLatencies ? L(this.sumInLatencyMin / this.inLatencies) : 0;
    out[i++] = L(this.lastOutLatencyMin);
    out[i++] = this.lastLang === 1 ? 1 : 0;
    out[i++] = this.lastLang === 2 ? 1 : 0;
    out[i++] = this.langMsgs ? this.nlMsgs / this.langMsgs : 0;
    out[i++] = lg(this.callsIn);
    out[i++] = lg(this.callsOut);
    out[i++] = lg(this.missedCalls);
    out[i++] = L(this.callSeconds / 60);
  }
}

/** A fresh features-v1 encoder. */
export function createEncoder(): FeatureEncoderV1 {
  return new FeatureEncoderV1();
}
