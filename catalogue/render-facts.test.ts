import { describe, expect, it } from 'vitest';
import { Rng } from '../lib/random.js';
import { defaultCatalogue, sentenceKey } from './catalogue.js';
import { createRenderer } from './render.js';
import type { ReplyFacts } from './reply-facts.js';
import { planReply } from './reply-plan.js';

const NOW = Date.parse('2026-12-04T20:41:00+01:00');
const PLACES = [{ nl: 'aan de Meir', en: 'at the Meir' }, { nl: 'aan de Groenplaats', en: 'at Groenplaats' }];

function facts(o: Partial<Omit<ReplyFacts, 'meeting'>> & { meeting?: Partial<ReplyFacts['meeting']> } = {}): ReplyFacts {
  const { meeting, ...rest } = o;
  return {
    nowMs: NOW,
    nowLocal: { minutes: 20 * 60 + 41, day: 0 },
    meetingLocal: null,
    offer: { products: [], prices: [] },
    wanted: { product: null, qty: null, unit: null },
    pending: [],
    lastProducts: [],
    noShows: 0,
    noShowUnexcused: false,
    story: { name: null, numberSource: null, lastExcuse: null, excuses: 0 },
    ...rest,
    meeting: { dealerPlace: null, ourPlace: null, placeBy: null, listPlace: null, timeMs: null, proposed: false, agreed: false, dealerThere: false, phase: 'none', ...meeting },
  };
}
const renderer = (seed: number | string) => createRenderer({ rng: new Rng(seed), places: [PLACES[0]!], meetingPlaces: PLACES });
/** "om 21u45" / "at 9:45pm" → minutes since midnight */
function named(text: string): number | null {
  const nl = /om (\d{1,2})u(\d{2})?/.exec(text);
  if (nl) return Number(nl[1]) * 60 + Number(nl[2] ?? 0);
  const en = /at (\d{1,2})(?::(\d{2}))?(am|pm)/.exec(text);
  if (en) return ((Number(en[1]) % 12) + (en[3] === 'pm' ? 12 : 0)) * 60 + Number(en[2] ?? 0);
  return null;
}

describe('renderer with the dialogue state', () => {
  it('answers "wie zijt ge / hoe komt ge aan mijn nummer" from one story, and the same story when asked again', () => {
    const r = renderer(1);
    const first = r.render('ask_menu', 'nl', facts({ pending: ['who_are_you', 'how_got_number'] }));
    expect(first.answered).toEqual(['number', 'who']);
    expect(first.text).toContain(r.persona.name);
    expect(first.text).toContain(r.persona.source.nl);
    expect(first.text).not.toMatch(/wa hebt ge|aanbieding|soorten/); // the menu question is left out after answers
    const again = r.render('reassure', 'nl', facts({ pending: ['who_are_you', 'how_got_number'], story: { name: r.persona.name, numberSource: r.persona.source.nl, lastExcuse: null, excuses: 0 } }));
    expect(again.answered).toEqual(['number_again', 'who_again']);
    expect(again.text).toContain(r.persona.name);
    expect(again.text).toContain(r.persona.source.nl);
  });

  it('keeps the name the dealer was already told, even when the persona would say another', () => {
    const r = renderer(2);
    const other = r.persona.name === 'Jens' ? 'Kevin' : 'Jens';
    const reply = r.render('small_talk', 'en', facts({ pending: ['who_are_you'], story: { name: other, numberSource: null, lastExcuse: null, excuses: 0 } }));
    expect(reply.text).toContain(other);
  });

  it('asks for what he offers, in our words, and an amount in his units', () => {
    for (let seed = 0; seed < 20; seed++) {
      const r = renderer(seed);
      const t = r.render('ask_menu', 'nl', facts({ pending: ['what_want'], offer: { products: ['mdma'], prices: [{ product: 'mdma', amount: 25, qty: 5, unit: 'pill', tMs: NOW }] } })).text!;
      expect(t).toMatch(/pillen/);
      expect(t).not.toMatch(/wiet|hasj|ganja|gram/);
    }
  });

  it('names times ahead of the clock, tomorrow when it is late, the agreed one while it is ahead', () => {
    for (let seed = 0; seed < 30; seed++) {
      const t = renderer(seed).render('propose_meeting', 'nl', facts()).text!;
      const m = named(t);
      if (m !== null && !/morgen/.test(t)) expect(m).toBeGreaterThan(20 * 60 + 41);
      expect(t).not.toMatch(/om 7u\b/);
    }
    const late = facts({ nowMs: NOW + 160 * 60_000, nowLocal: { minutes: 23 * 60 + 21, day: 0 } });
    for (let seed = 0; seed < 10; seed++) {
      const t = renderer(seed).render('propose_meeting', 'en', late).text!;
      if (named(t) !== null) expect(t).toMatch(/tomorrow/);
    }
    const agreed = facts({ meetingLocal: { minutes: 22 * 60, day: 0 }, meeting: { timeMs: NOW + 79 * 60_000, agreed: true, proposed: true, phase: 'ahead' } });
    const texts = Array.from({ length: 12 }, (_, s) => renderer(s).render('confirm_meeting', 'nl', agreed).text!).filter((t) => named(t) !== null);
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) expect(named(t)).toBe(22 * 60);
  });

  it('never repeats the place the dealer named, and keeps an operator place he agreed to, in the reply language', () => {
    const his = facts({ meeting: { dealerPlace: 'Sint-Annatunnel', placeBy: 'dealer', agreed: true, proposed: true, phase: 'ahead' } });
    for (let seed = 0; seed < 20; seed++) {
      const t = renderer(seed).render('confirm_meeting', 'nl', his).text!;
      expect(t).not.toMatch(/Sint-Anna|tunnel|Meir|Groenplaats/);
    }
    const ours = facts({ meeting: { dealerPlace: 'Groenplaats', listPlace: 'aan de Groenplaats', placeBy: 'dealer', agreed: true, proposed: true, phase: 'ahead' } });
    for (let seed = 0; seed < 20; seed++) {
      const t = renderer(seed).render('propose_meeting', 'en', ours).text!;
      if (/Meir|Groenplaats/.test(t)) expect(t).toContain('at Groenplaats');
      expect(t).not.toMatch(/aan de/);
    }
  });

  it('after a no-show comes back with an excuse, not the one given last time, and without laughing', () => {
    const cat = defaultCatalogue();
    for (let seed = 0; seed < 20; seed++) {
      const r = renderer(seed);
      const last = r.persona.excuses[0]!.nl;
      const reply = r.render('propose_meeting', 'nl', facts({ noShows: 1, noShowUnexcused: true, story: { name: null, numberSource: null, lastExcuse: `sorry, ${last}`, excuses: 1 } }));
      expect(reply.answered[0]).toBe('no_show');
      const used = r.persona.excuses.filter((e) => reply.text!.includes(e.nl));
      expect(used.length).toBe(1);
      expect(used[0]!.nl).not.toBe(last);
      expect(reply.text).not.toMatch(/haha|😂|😅|lol/);
      expect(cat.persona.excuses.some((e) => reply.text!.includes(e.nl))).toBe(true);
    }
  });

  it('while he waits at the spot: late or lost, not a new subject', () => {
    const waiting = facts({ pending: ['where_are_you'], meeting: { agreed: true, proposed: true, dealerThere: true, phase: 'open', timeMs: NOW } });
    const plan = planReply('ask_menu', waiting);
    expect(plan).toMatchObject({ answers: ['where_late'], keepBody: false });
    for (let seed = 0; seed < 10; seed++) {
      const t = renderer(seed).render('ask_menu', 'nl', waiting).text!;
      expect(t).toMatch(/bijna|onderweg|eraan|verkeerd|efkes|kant|verloren|ik kom/i);
      expect(t).not.toMatch(/wa hebt ge|aanbieding/);
    }
  });

  it('answers his question, then says what the policy chose (the body is what the log says was said)', () => {
    const asked = facts({ pending: ['who_are_you'] });
    for (const t of ['reassure', 'ask_location', 'small_talk', 'show_interest', 'ask_menu'] as const) expect(planReply(t, asked), t).toMatchObject({ answers: ['who'], keepBody: true });
    // "wa bedoelde?" cannot follow a real answer
    expect(planReply('misunderstand', asked)).toMatchObject({ answers: ['who'], keepBody: false });
    for (let seed = 0; seed < 10; seed++) {
      const reply = renderer(seed).render('reassure', 'nl', asked);
      expect(reply.answered).toEqual(['who']);
      // `template` is the body's template index; null when the reply is the answers alone
      expect(reply.template, reply.text!).not.toBeNull();
    }
  });

  it('takes up the price, time and place he just gave before moving on, unless the tactic is about them', () => {
    const price = { product: 'weed', amount: 20, qty: 2, unit: 'g', tMs: NOW - 60_000 };
    const at22 = NOW + 79 * 60_000;
    const heard = facts({
      heard: ['price', 'time', 'place'], offer: { products: ['weed'], prices: [{ ...price, qty: 1, amount: 10, tMs: NOW - 600_000 }, price, { ...price, qty: 5, amount: 45 }] },
      wanted: { product: 'weed', qty: 2, unit: 'g' }, meetingLocal: { minutes: 22 * 60, day: 0 },
      meeting: { dealerPlace: 'aan de kerk', placeBy: 'dealer', timeMs: at22, proposed: true, phase: 'ahead' },
    });
    expect(planReply('ask_quality', heard)).toMatchObject({ answers: ['price_heard', 'time_heard'], keepBody: true });
    // haggle and the meeting tactics take them up themselves
    expect(planReply('haggle', heard).answers).toEqual(['time_heard']);
    expect(planReply('confirm_meeting', heard).answers).toEqual(['price_heard']);
    // misunderstand asks about them, and its body stays
    expect(planReply('misunderstand', heard)).toMatchObject({ answers: ['price_echo', 'time_echo'], keepBody: true });
    // once he fixed the meeting: "oké, om 22u dan"
    expect(planReply('small_talk', facts({ ...heard, meeting: { ...heard.meeting, agreed: true } })).answers).toEqual(['price_heard', 'time_agreed']);
    for (let seed = 0; seed < 10; seed++) {
      const t = renderer(seed).render('ask_quality', 'nl', heard).text!;
      // his price for the amount we want, of his latest message; his time; then the body
      expect(t, t).toContain('2g voor 20');
      expect(t, t).toContain('om 22u');
      expect(t, t).not.toContain('kerk');
      const en = renderer(seed).render('show_interest', 'en', { ...heard, wanted: { product: 'weed', qty: null, unit: null } }).text!;
      // without an amount of ours: the deal for the most he offered
      expect(en, en).toContain('5g for 45');
    }
    // he moves the spot while he waits there: the place is taken up after the late line
    const moved = facts({ heard: ['place'], meeting: { agreed: true, proposed: true, dealerThere: true, dealerPlace: 'Astrid square', placeBy: 'dealer', phase: 'open', timeMs: NOW } });
    expect(planReply('reassure', moved).answers).toEqual(['there', 'meeting_heard']);
    // confirming his own place: no place of ours in the body
    expect(planReply('confirm_meeting', heard).avoidSlots).toContain('place');
    // nothing heard: nothing added
    expect(planReply('ask_quality', facts()).answers).toEqual([]);
    // "22u of nie?": the line about his time answers it; no "goed ja" in front of "misschien"
    expect(planReply('ask_quality', facts({ ...heard, heard: ['time'], pending: ['other'] })).answers).toEqual(['time_heard']);
  });

  it('a body does not open with the words an answer line just said', () => {
    // where_meet "I can be {place}" and propose_meeting "I can be {place} {time}" were sent together
    const asked = facts({ pending: ['where_are_you'] });
    for (let seed = 0; seed < 60; seed++) {
      const en = renderer(seed).render('propose_meeting', 'en', asked).text!;
      expect(en.match(/\bi can be\b/gi)?.length ?? 0, en).toBeLessThanOrEqual(1);
      const nl = renderer(seed).render('propose_meeting', 'nl', asked).text!;
      expect(nl.match(/\bik kan\b/gi)?.length ?? 0, nl).toBeLessThanOrEqual(1);
    }
  });

  it('"ge komt?" hours before the meeting is a yes, not "ik vertrek seffens"; two reschedules late at night name one tomorrow time', () => {
    const later = facts({ pending: ['ready'], meeting: { agreed: true, proposed: true, timeMs: NOW + 5 * 3_600_000, phase: 'ahead' }, meetingLocal: { minutes: 25 * 60 + 41, day: 1 } });
    expect(planReply('reassure', later).answers).toEqual(['confirm']);
    expect(planReply('reassure', { ...later, meeting: { ...later.meeting, timeMs: NOW + 20 * 60_000 } }).answers).toEqual(['ready']);
    const lateNight = (minutes: number) => facts({ nowMs: NOW + (minutes - (20 * 60 + 41)) * 60_000, nowLocal: { minutes, day: 0 }, meeting: { agreed: true, proposed: true, timeMs: null, phase: 'none' } });
    for (let seed = 0; seed < 5; seed++) {
      const r = renderer(seed);
      const a = r.render('reschedule', 'nl', lateNight(22 * 60 + 38)).text!;
      const b = r.render('reschedule', 'nl', lateNight(22 * 60 + 52)).text!;
      const tomorrow = (t: string) => /morgen om (\d+u\d*)/.exec(t)?.[1];
      expect(tomorrow(a), a).toBeDefined();
      expect(tomorrow(b), `${a} / ${b}`).toBe(tomorrow(a));
    }
    // moving the meeting he accepted for tomorrow 17:00 names another hour, not 17:00 again
    const accepted = facts({ nowLocal: { minutes: 22 * 60 + 35, day: 0 }, nowMs: NOW + 114 * 60_000, meetingLocal: { minutes: 17 * 60, day: 1 }, meeting: { agreed: true, proposed: true, timeMs: NOW + 20 * 3_600_000, phase: 'ahead' } });
    for (let seed = 0; seed < 5; seed++) {
      const t = renderer(seed).render('reschedule', 'nl', accepted).text!;
      expect(t, t).not.toMatch(/om 17u(?!\d)/);
    }
  });

  it('while he waits at the spot, a reschedule is the answer: no "almost there" before "tomorrow then?"', () => {
    const waiting = facts({ pending: ['where_are_you'], meeting: { agreed: true, proposed: true, dealerThere: true, phase: 'open', timeMs: NOW } });
    expect(planReply('reschedule', waiting)).toMatchObject({ answers: ['cant_come'], keepBody: true });
    for (let seed = 0; seed < 10; seed++) {
      const t = renderer(seed).render('reschedule', 'en', waiting).text!;
      expect(t, t).not.toMatch(/almost|nearly|on my way|coming|5 more|can't see you/i);
      expect(t, t).toMatch(/can't make it|won't make it|can't come|not gonna make it|can't get away/i);
    }
    // his other question is still answered first
    const asked = facts({ pending: ['where_are_you', 'who_are_you'], meeting: { agreed: true, proposed: true, dealerThere: true, phase: 'open', timeMs: NOW } });
    expect(planReply('reschedule', asked).answers).toEqual(['who', 'cant_come']);
  });

  it('tells the same excuse again when he complains again about a no-show it already excused', () => {
    for (let seed = 0; seed < 20; seed++) {
      const r = renderer(seed);
      const given = r.persona.excuses[1]!;
      const story = { name: null, numberSource: null, lastExcuse: `sorry, ${given.nl}`, excuses: 1 };
      const again = r.render('reassure', 'nl', facts({ noShows: 1, noShowUnexcused: true, noShowsExcused: 1, story }));
      expect(again.answered[0]).toBe('no_show');
      expect(again.text, again.text!).toContain(given.nl);
      // a new no-show gets a new excuse
      const fresh = renderer(seed).render('reassure', 'nl', facts({ noShows: 2, noShowUnexcused: true, noShowsExcused: 1, story }));
      expect(fresh.text, fresh.text!).not.toContain(given.nl);
    }
  });

  it('calls itself only by a name it can have given: not a typo the story reader took for one', () => {
    for (let seed = 0; seed < 10; seed++) {
      const r = renderer(seed);
      const asked = facts({ pending: ['who_are_you'], story: { name: 'Wlel', numberSource: null, lastExcuse: null, excuses: 0 } });
      const t = r.render('reassure', 'en', asked).text!;
      expect(t, t).not.toContain('Wlel');
      expect(t, t).toContain(r.persona.name);
      const kept = r.render('reassure', 'en', facts({ pending: ['who_are_you'], story: { name: 'Jonas', numberSource: null, lastExcuse: null, excuses: 0 } })).text!;
      expect(kept, kept).toContain('Jonas');
    }
  });

  it('gives no excuse for a meeting that was never agreed', () => {
    const cat = defaultCatalogue();
    const open = facts({ meeting: { agreed: false, proposed: true, dealerThere: false, phase: 'none', timeMs: null } });
    expect(planReply('reschedule', open).avoidSlots).toContain('excuse');
    for (let seed = 0; seed < 20; seed++) {
      const t = renderer(seed).render('reschedule', 'nl', open).text!;
      expect(cat.persona.excuses.some((e) => t.includes(e.nl)), t).toBe(false);
    }
    const agreed = facts({ meeting: { agreed: true, proposed: true, dealerThere: false, phase: 'ahead', timeMs: NOW + 3_600_000 } });
    expect(planReply('reschedule', agreed).avoidSlots).not.toContain('excuse');
  });

  it('while he waits at the spot, a stalling question still fits after the late line', () => {
    const waiting = facts({ pending: ['where_are_you'], meeting: { agreed: true, proposed: true, dealerThere: true, phase: 'open', timeMs: NOW } });
    expect(planReply('ask_location', waiting)).toMatchObject({ answers: ['where_late'], keepBody: true });
    expect(planReply('small_talk', waiting)).toMatchObject({ answers: ['where_late'], keepBody: false });
  });

  it('haggles over his own price', () => {
    const priced = facts({ offer: { products: ['coke'], prices: [{ product: 'coke', amount: 60, qty: null, unit: null, tMs: NOW }] } });
    const texts = Array.from({ length: 20 }, (_, s) => renderer(s).render('haggle', 'nl', priced).text!);
    expect(texts.some((t) => t.includes('60'))).toBe(true);
  });

  it('haggles over his latest price even when it names no product ("gepast cash aub, 50 voor 5g")', () => {
    const f = facts({
      wanted: { product: 'weed', qty: 5, unit: 'g' },
      offer: { products: ['weed'], prices: [{ product: 'weed', amount: 12, qty: 1, unit: 'g', tMs: NOW - 600_000 }, { product: null, amount: 50, qty: 5, unit: 'g', tMs: NOW }] },
    });
    const texts = Array.from({ length: 30 }, (_, s) => renderer(s).render('haggle', 'nl', f).text!);
    expect(texts.some((t) => /\b50\b/.test(t))).toBe(true);
    expect(texts.some((t) => /\b12\b/.test(t))).toBe(false);
  });

  it('sends no text twice in a long conversation of the same situation', () => {
    const r = renderer('long');
    const keys = new Set<string>();
    for (let i = 0; i < 80; i++) {
      const reply = r.render(i % 2 ? 'ask_quality' : 'haggle', i % 3 ? 'nl' : 'en', facts({ pending: ['who_are_you'], offer: { products: ['weed'], prices: [{ product: 'weed', amount: 10, qty: 1, unit: 'g', tMs: NOW }] } }));
      const k = sentenceKey(reply.text!);
      expect(keys.has(k)).toBe(false);
      keys.add(k);
    }
  });
});
