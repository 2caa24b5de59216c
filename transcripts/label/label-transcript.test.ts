import { describe, expect, it } from 'vitest';
import { loadClassifier } from '../../nlu/classifier.js';
import type { TranscriptEvent } from '../../core/transcript.js';
import { labelEvents } from './label-transcript.js';
import { TacticMatcher } from './tactic-matcher.js';

const base = { conversation: 'c_1', counterpart: 'p_0123456789abcdef', kind: 'sms' } as const;
const at = (min: number) => new Date(Date.UTC(2026, 9, 3, 21, min)).toISOString();
const inn = (min: number, text: string, extra: Partial<TranscriptEvent> = {}): TranscriptEvent => ({ ...base, ts: at(min), direction: 'in', text, ...extra });
const out = (min: number, text: string, extra: Partial<TranscriptEvent> = {}): TranscriptEvent => ({ ...base, ts: at(min), direction: 'out', text, ...extra });

// a hand-typed conversation, as a volunteer had it before the bot
const CONVERSATION: TranscriptEvent[] = [
  inn(0, '🔥 nieuwe voorraad 🔥 levering heel antwerpen, stuur MENU'),
  out(3, 'yo is da nog te krijgen'),
  inn(4, 'ja man 10e per gram'),
  out(6, 'das wel duur he'),
  inn(7, 'wa wilde gij hebben'),
  out(9, 'kunnen we afspreken aan de kerk om 9u?'),
  inn(10, 'ok'),
  out(12, 'lukt vandaag ni meer, morgen om 8?'),
  inn(20, 'STOP'),
];

const opts = { classifier: loadClassifier(), matcher: new TacticMatcher(), minActConfidence: 0, minTacticConfidence: 0 };

describe('labelEvents', () => {
  it('fills acts from the classifier and tactics from the nearest template, with confidences', () => {
    const { events, counts } = labelEvents(CONVERSATION, opts);
    const nlu = loadClassifier();
    for (const [i, e] of events.entries()) {
      if (e.direction === 'in') {
        const c = nlu.classify(CONVERSATION[i]!.text);
        expect(e).toMatchObject({ act: c.act, act_confidence: c.confidence });
      }
    }
    expect(events.map((e) => e.act ?? e.tactic)).toEqual(['promo', 'show_interest', 'price', 'haggle', 'ask_order', 'propose_meeting', events[6]!.act, 'reschedule', 'opt_out']);
    expect(events[8]!.act_confidence).toBe(1); // a safety rule decided it
    for (const e of events.filter((e) => e.direction === 'out')) expect(e.tactic_confidence).toBeGreaterThan(0.4);
    expect(counts).toMatchObject({ in_labelled: 5, out_labelled: 4, left_empty: 0, already_labelled: 0 });
    expect(CONVERSATION[0]!.act).toBeUndefined(); // the input is not modified
  });

  it('never overwrites an existing act or tactic, nor its confidence', () => {
    const given = [
      inn(0, 'STOP', { act: 'other' }),
      inn(1, 'wa kost 1 gram', { act: 'price', act_confidence: 0.12 }),
      out(2, 'hoeveel kost dat', { tactic: 'small_talk', policy: 'human' }),
    ];
    const { events, counts } = labelEvents(given, opts);
    expect(events).toEqual(given);
    expect(counts).toMatchObject({ in_labelled: 0, out_labelled: 0, already_labelled: 3 });
  });

  it('labels only replies a person wrote, and only SMS', () => {
    const given = [
      out(0, 'hoeveel kost dat', { policy: 'heuristic' }),
      out(1, 'hoeveel kost dat', { policy: 'human' }),
      out(2, '', { kind: 'wait' }),
      out(3, 'hoeveel kost dat', { kind: 'mms' }),
      inn(4, '', { kind: 'call', duration_s: 30 }),
    ];
    const { events, counts } = labelEvents(given, opts);
    expect(events.map((e) => e.tactic)).toEqual([undefined, 'ask_price', undefined, undefined, undefined]);
    expect(events[4]!.act).toBeUndefined();
    expect(counts).toMatchObject({ out_labelled: 1, in_labelled: 0, left_empty: 0 });
  });

  it('leaves a label empty below its threshold, and messages without text, and counts them', () => {
    const given = [inn(0, 'hmm'), inn(1, '', { kind: 'mms' }), out(2, 'ok'), out(3, 'das wel duur he'), inn(4, 'STOP')];
    const { events, counts } = labelEvents(given, { ...opts, minActConfidence: 0.99, minTacticConfidence: 0.35 });
    expect(events.map((e) => e.act ?? e.tactic)).toEqual([undefined, undefined, undefined, 'haggle', 'opt_out']);
    expect(events[2]).toEqual(given[2]);
    expect(counts).toEqual({
      in_labelled: 1,
      out_labelled: 1,
      left_empty: 3,
      left_empty_detail: { in_low_confidence: 1, out_low_confidence: 1, no_text: 1 },
      already_labelled: 0,
    });
  });
});
