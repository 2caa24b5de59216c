import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEALER_ACTS } from '../acts.js';
import type { Lang } from '../lang.js';
import type { ObservedEvent } from '../observation.js';
import { Rng } from '../../lib/random.js';
import { TACTICS } from '../tactics.js';
import { parseEvent, type TranscriptEvent } from '../transcript.js';
import {
  FEATURES_VERSION,
  FEATURE_NAMES,
  FEATURE_SIZE,
  createEncoder,
  encodeConversation,
  featureIndex,
  fitNormalisation,
  normalisationProblem,
  normaliseInto,
  toObservedEvent,
} from './index.js';

const FIXTURE = new URL('./test-fixtures/conversation.jsonl', import.meta.url);

function readTranscript(file: string | URL): TranscriptEvent[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const r = parseEvent(JSON.parse(l));
      if (!r.ok) throw new Error(`${String(file)}:${i + 1}: ${r.error}`);
      return r.value;
    });
}

/** Stand-in for the NLU's language detector; replay and live must share whichever is used. */
const detectLang = (text: string) => (/\b(you|my|tomorrow|hey)\b/i.test(text) ? 'en' : 'nl');

/** The fixture conversation as the simulator/runtime produce it: a clock in ms, event by event. */
function liveFixture(): Array<ObservedEvent & { decision: boolean }> {
  const t0 = Date.UTC(2026, 9, 3, 21, 14);
  const at = (min: number) => t0 + min * 60_000;
  const inMsg = (min: number, text: string, act: ObservedEvent['act'], lang: Lang = 'nl') => ({ tMs: at(min), direction: 'in' as const, kind: 'sms' as const, chars: text.length, act, lang, decision: false });
  const outMsg = (min: number, text: string, tactic?: ObservedEvent['tactic']) => ({ tMs: at(min), direction: 'out' as const, kind: 'sms' as const, text, ...(tactic ? { tactic } : {}), decision: true });
  return [
    inMsg(0, 'Yo 🔥 verse wiet binnen, 10e/g, stuur bericht', 'promo'),
    outMsg(6, 'yo is da nog te krijgen?', 'show_interest'),
    inMsg(9, 'ja tuurlijk hoeveel wilde', 'ask_order'),
    outMsg(17, 'hoeveel voor 5 gram?', 'ask_price'),
    inMsg(19, '5g = 45, 10g = 80', 'price'),
    outMsg(26, "amai da's wel duur", 'haggle'),
    inMsg(27, 'is de prijs, neem of laat', 'annoyed'),
    { tMs: at(41), direction: 'out', kind: 'wait', chars: 0, tactic: 'go_silent', decision: true },
    inMsg(276, 'hallo??', 'other'),
    outMsg(291, 'sorry, mijne gsm was plat', 'apologize_return'),
    inMsg(292, 'wie zijt gij eigenlijk? flik?', 'suspicion'),
    outMsg(296, 'ge kunt me vertrouwen', 'reassure'),
    { tMs: at(301), direction: 'in', kind: 'call', duration_s: 0, decision: false },
    inMsg(302, 'bel me', 'call'),
    outMsg(306, 'haha ok straks'),
    outMsg(310, 'kunnen we afspreken aan het station om 8u?', 'propose_meeting'),
    inMsg(312, 'ok station 8u', 'meet_confirm'),
    outMsg(320, 'oké, aan het station om 8u, ik zal er zijn', 'confirm_meeting'),
    inMsg(1371, 'waar zijt ge', 'where_are_you'),
    { tMs: at(1373), direction: 'in', kind: 'call', duration_s: 45, decision: false },
    outMsg(1378, 'sorry, ik ben efkes te laat, de tram reed ni', 'running_late'),
    inMsg(1396, 'fuck off you waste my time', 'annoyed', 'en'),
    outMsg(1400, 'sorry man, tomorrow at 9?', 'reschedule'),
  ];
}

describe('state features v1', () => {
  it('has one unique name per dimension', () => {
    expect(FEATURE_NAMES.length).toBe(FEATURE_SIZE);
    expect(createEncoder().size).toBe(FEATURE_NAMES.length);
    expect(createEncoder().names).toBe(FEATURE_NAMES);
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_SIZE);
    expect(FEATURES_VERSION).toBe(1);
    expect(() => featureIndex('nope')).toThrow(/unknown feature/);
  });

  it('documents every dimension in docs/features.md', () => {
    const doc = readFileSync(new URL('../../docs/features.md', import.meta.url), 'utf8');
    const families = [/^(last_act|prev_act)_.*/, /^tactic_count_.*_log$/, /^last_tactic_(?!repeats_log$).*/];
    const family = ['`last_act_<act>`', '`prev_act_<act>`', '`tactic_count_<tactic>_log`', '`last_tactic_<tactic>`'];
    for (const name of FEATURE_NAMES) {
      if (families.some((re) => re.test(name))) continue;
      expect(doc, name).toContain('`' + name + '`');
    }
    for (const f of family) expect(doc).toContain(f);
    expect(doc).toContain(`${FEATURE_SIZE} dimensions`);
  });

  it('writes every dimension and nothing outside its slot', () => {
    const enc = createEncoder();
    for (const e of liveFixture()) enc.push(e);
    const out = new Float32Array(FEATURE_SIZE + 10).fill(Number.NaN);
    enc.write(out, 5);
    for (let j = 0; j < 5; j++) expect(out[j]).toBeNaN();
    for (let j = 5; j < 5 + FEATURE_SIZE; j++) expect(Number.isFinite(out[j]), FEATURE_NAMES[j - 5]).toBe(true);
    for (let j = 5 + FEATURE_SIZE; j < out.length; j++) expect(out[j]).toBeNaN();
  });

  it('gives identical vectors for a transcript file replay and the same conversation built event by event', () => {
    const replayed = encodeConversation(readTranscript(FIXTURE), { detectLang });
    const live = liveFixture();
    const enc = createEncoder();
    const rows: Float32Array[] = [];
    for (const e of live) {
      if (e.decision) {
        const v = new Float32Array(FEATURE_SIZE);
        enc.write(v);
        rows.push(v);
      }
      const { decision: _, ...event } = e;
      enc.push(event);
    }
    expect(replayed.rows).toBe(rows.length);
    expect(replayed.rows).toBe(11);
    for (let r = 0; r < rows.length; r++) expect(Array.from(replayed.data.subarray(r * FEATURE_SIZE, (r + 1) * FEATURE_SIZE)), `decision ${r}`).toEqual(Array.from(rows[r]!));
    // and the vectors do move: each decision sees a different state
    expect(new Set(rows.map((v) => v.join(','))).size).toBe(rows.length);
  });

  it('computes the documented values', () => {
    const enc = createEncoder();
    for (const e of liveFixture()) enc.push(e);
    const v = new Float32Array(FEATURE_SIZE);
    enc.write(v);
    const f = (name: string) => v[featureIndex(name)]!;
    const L = Math.log1p;
    expect(f('in_msgs_log')).toBeCloseTo(L(10), 5);
    expect(f('out_msgs_log')).toBeCloseTo(L(10), 5);
    expect(f('decisions_log')).toBeCloseTo(L(11), 5);
    expect(f('waits_log')).toBeCloseTo(L(1), 5);
    expect(f('unanswered_in_log')).toBe(0);
    expect(f('last_event_in')).toBe(0);
    expect(f('elapsed_hours_log')).toBeCloseTo(L(1400 / 60), 5);
    expect(f('since_last_in_min_log')).toBeCloseTo(L(4), 5);
    expect(f('since_last_out_min_log')).toBe(0);
    const hour = 20 + 34 / 60; // 21:14 + 1400 min = 20:34 UTC next day
    expect(f('hour_sin')).toBeCloseTo(Math.sin((2 * Math.PI * hour) / 24), 5);
    expect(f('hour_cos')).toBeCloseTo(Math.cos((2 * Math.PI * hour) / 24), 5);
    expect(DEALER_ACTS.filter((a) => f(`last_act_${a}`) === 1)).toEqual(['annoyed']);
    expect(DEALER_ACTS.filter((a) => f(`prev_act_${a}`) === 1)).toEqual(['where_are_you']);
    expect(f('tactic_count_haggle_log')).toBeCloseTo(L(1), 5);
    expect(f('tactic_count_go_silent_log')).toBeCloseTo(L(1), 5);
    expect(f('tactic_count_ask_call_log')).toBe(0);
    expect(TACTICS.filter((t) => f(`last_tactic_${t}`) === 1)).toEqual(['reschedule']);
    expect(f('last_tactic_repeats_log')).toBe(0);
    expect(f('distinct_tactics_frac')).toBeCloseTo(10 / 16, 5);
    expect([f('meeting_proposed'), f('meeting_confirmed'), f('price_seen'), f('silent')]).toEqual([1, 0, 1, 0]);
    expect(f('suspicion_log')).toBeCloseTo(L(1), 5);
    expect(f('annoyed_log')).toBeCloseTo(L(2), 5);
    expect(f('suspicion_share')).toBeCloseTo(3 / 10, 5);
    expect(f('in_since_suspicion_log')).toBeCloseTo(L(4), 5);
    expect(f('last_in_chars_log')).toBeCloseTo(L('fuck off you waste my time'.length), 5);
    expect(f('last_in_latency_min_log')).toBeCloseTo(L(18), 5);
    expect(f('last_out_latency_min_log')).toBeCloseTo(L(4), 5);
    expect([f('lang_nl'), f('lang_en')]).toEqual([0, 1]);
    expect(f('nl_share')).toBeCloseTo(9 / 10, 5);
    expect(f('calls_in_log')).toBeCloseTo(L(2), 5);
    expect(f('missed_calls_log')).toBeCloseTo(L(1), 5);
    expect(f('call_minutes_log')).toBeCloseTo(L(0.75), 5);
  });

  it('reset() forgets the conversation', () => {
    const a = createEncoder();
    for (const e of liveFixture()) a.push(e);
    a.reset();
    const b = createEncoder();
    const events = liveFixture().slice(0, 7);
    for (const e of events) {
      a.push(e);
      b.push(e);
    }
    const va = new Float32Array(FEATURE_SIZE);
    const vb = new Float32Array(FEATURE_SIZE);
    a.write(va);
    b.write(vb);
    expect(Array.from(va)).toEqual(Array.from(vb));
    const empty = createEncoder();
    empty.write(va);
    expect(va.every((x) => x === 0)).toBe(true);
  });

  it('round-trips random conversations through a JSONL transcript file', () => {
    const rng = new Rng(99);
    const dir = mkdtempSync(join(tmpdir(), 'dealerbot-features-'));
    for (let c = 0; c < 5; c++) {
      let t = Date.UTC(2026, 0, 1) + rng.int(86_400_000);
      const live: ObservedEvent[] = [];
      const rows: TranscriptEvent[] = [];
      for (let i = 0; i < 120; i++) {
        t += Math.round(rng.logNormal(11, 1.5));
        const direction = rng.bool() ? 'in' : 'out';
        const kind = rng.pick(direction === 'in' ? (['sms', 'sms', 'sms', 'mms', 'call', 'meeting'] as const) : (['sms', 'sms', 'wait', 'call'] as const));
        const lang = rng.bool(0.7) ? 'nl' : 'en';
        const text = kind === 'sms' || kind === 'mms' ? `${lang === 'en' ? 'hey' : 'hallo'} ${'x'.repeat(rng.int(80))}` : '';
        const ev: TranscriptEvent = { conversation: `c${c}`, counterpart: 'p_00000000000000aa', ts: new Date(t).toISOString(), direction, kind, text };
        const obs: ObservedEvent = { tMs: t, direction, kind, text };
        if (kind === 'call') ev.duration_s = obs.duration_s = rng.bool(0.4) ? 0 : rng.int(300);
        if (direction === 'in' && text) {
          if (rng.bool(0.9)) ev.act = obs.act = rng.pick(DEALER_ACTS);
          obs.lang = lang;
        }
        if (direction === 'out' && kind !== 'call' && rng.bool(0.9)) ev.tactic = obs.tactic = kind === 'wait' ? 'go_silent' : rng.pick(TACTICS);
        rows.push(ev);
        live.push(obs);
      }
      const file = join(dir, `c${c}.jsonl`);
      writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const replayed = encodeConversation(readTranscript(file), { detectLang });
      const enc = createEncoder();
      const v = new Float32Array(FEATURE_SIZE);
      let r = 0;
      live.forEach((e, i) => {
        if (replayed.eventIndex.includes(i)) {
          enc.write(v);
          expect(Array.from(replayed.data.subarray(r * FEATURE_SIZE, ++r * FEATURE_SIZE))).toEqual(Array.from(v));
        }
        enc.push(e);
      });
      expect(r).toBe(replayed.rows);
      expect(r).toBeGreaterThan(20);
    }
  });

  it('replays only one conversation at a time and treats a bare wait as go_silent', () => {
    const events = readTranscript(FIXTURE);
    expect(() => encodeConversation([...events, { ...events[0]!, conversation: 'other' }])).toThrow(/event 23 belongs to conversation "other"/);
    expect(() => encodeConversation([events[1]!, events[0]!])).toThrow(/event 1 \(2026-10-03T21:14:00.000Z\) is earlier than the event before it/);
    const bare = events.slice(0, 8).map((e) => (e.kind === 'wait' ? { ...e, tactic: undefined } : e));
    const a = encodeConversation([...bare, events[8]!, events[9]!]);
    const b = encodeConversation(events.slice(0, 10));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(toObservedEvent(events[12]!)).toEqual({ tMs: Date.parse(events[12]!.ts), direction: 'in', kind: 'call', text: '', chars: 0, duration_s: 0 });
  });

  it('takes the language a message was read in from the transcript, and detects only when it is absent', () => {
    const sms = { ...readTranscript(FIXTURE).find((e) => e.direction === 'in' && e.kind === 'sms')!, text: 'hey you' };
    expect(toObservedEvent(sms, { detectLang }).lang).toBe('en');
    expect(toObservedEvent({ ...sms, lang: 'nl' }, { detectLang }).lang).toBe('nl');
    expect(toObservedEvent({ ...sms, lang: 'nl' }).lang).toBe('nl');
    expect(toObservedEvent(sms).lang).toBeUndefined();
  });
});

describe('feature normalisation', () => {
  const encoded = () => encodeConversation(readTranscript(FIXTURE), { detectLang });
  const rowsOf = (enc: ReturnType<typeof encoded>) => Array.from({ length: enc.rows }, (_, r) => enc.data.subarray(r * FEATURE_SIZE, (r + 1) * FEATURE_SIZE));

  it('fits mean/std per dimension and standardises the fitted data', () => {
    const enc = encoded();
    const n = fitNormalisation(rowsOf(enc), FEATURE_SIZE);
    expect(n.mean).toHaveLength(FEATURE_SIZE);
    const j = featureIndex('in_msgs_log');
    const col = Array.from({ length: enc.rows }, (_, r) => enc.data[r * FEATURE_SIZE + j]!);
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    expect(n.mean[j]).toBeCloseTo(mean, 6);
    const z = Array.from({ length: enc.rows }, (_, r) => {
      const out = new Float32Array(FEATURE_SIZE);
      normaliseInto(enc.data, n, out, r * FEATURE_SIZE);
      return out[j]!;
    });
    expect(z.reduce((a, b) => a + b, 0) / z.length).toBeCloseTo(0, 5);
    expect(Math.sqrt(z.reduce((a, b) => a + b * b, 0) / z.length)).toBeCloseTo(1, 4);
    // a constant dimension (no threats here) is centred, not blown up
    expect(n.std[featureIndex('last_act_threat')]).toBe(1);
    expect(normalisationProblem(n, FEATURE_SIZE)).toBeNull();
  });

  it('keeps the arithmetic bundles were fitted with: float64 sums in row order, population std, std 1 at variance <= 1e-12', () => {
    // exact equality with the formula written out: a float32 accumulation or a sample (n − 1)
    // std gives other numbers; the bundles' stored normalisation depends on these bits
    const rows = [
      [0.1, 5, 1e-7, 3],
      [0.2, 5, 3e-7, 1],
      [0.7, 5, 2e-7, 2],
    ].map((r) => Float32Array.from(r));
    const n = fitNormalisation(rows, 4);
    const col = (k: number) => rows.map((r) => r[k]!);
    const want = (k: number) => {
      let s = 0;
      let q = 0;
      for (const x of col(k)) {
        s += x;
        q += x * x;
      }
      const m = s / 3;
      const v = q / 3 - m ** 2;
      return [m, v > 1e-12 ? Math.sqrt(v) : 1];
    };
    for (let k = 0; k < 4; k++) expect([n.mean[k], n.std[k]]).toEqual(want(k));
    expect(n.std[1]).toBe(1); // constant
    expect(n.std[2]).toBe(1); // variance 6.7e-15: treated as constant
    expect(n.std[3]).toBe(Math.sqrt(14 / 3 - 4));
    expect(() => fitNormalisation([], 4)).toThrow(/no rows/);
    expect(() => fitNormalisation([new Float32Array(3)], 4)).toThrow(/a row of 3 values, expected 4/);
  });

  it('names what makes a stored normalisation unusable', () => {
    expect(normalisationProblem({ mean: [0, 0], std: [1, 1] }, 2)).toBeNull();
    expect(normalisationProblem({ mean: [0], std: [1, 1] }, 2)).toMatch(/1 means and 2 stds for 2 features/);
    expect(normalisationProblem({ mean: [0, Number.NaN], std: [1, 1] }, 2)).toMatch(/mean #1/);
    expect(normalisationProblem({ mean: [0, 0], std: [1, 0] }, 2)).toMatch(/std #1 is 0/);
    expect(normalisationProblem({ std: [1, 1] }, 2)).toMatch(/needs a mean and a std/);
  });
});
