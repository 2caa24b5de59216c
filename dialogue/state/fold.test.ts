import { describe, expect, it } from 'vitest';
import { buildDialogueState, foldEvent, initialDialogueState, type StateEvent } from './fold.js';
import { localTime } from './local-time.js';
import { DIALOGUE_STATE_VERSION } from './types.js';

const T0 = Date.parse('2026-12-04T20:41:00+01:00');
const MIN = 60_000;
const dealer = (min: number, text: string, act?: StateEvent['act']): StateEvent => ({ tMs: T0 + min * MIN, direction: 'in', kind: 'sms', text, ...(act ? { act } : {}) });
const us = (min: number, text: string, tactic?: StateEvent['tactic']): StateEvent => ({ tMs: T0 + min * MIN, direction: 'out', kind: 'sms', text, ...(tactic ? { tactic } : {}) });
const PLACES = ['aan de Meir', 'at the Meir', 'aan het Centraal Station'];

describe('dialogue state: offer', () => {
  it('keeps the products and prices the dealer gave, the latest per product and quantity', () => {
    const s = buildDialogueState([dealer(0, 'weed 10, hash 10, coke 60, md 40/g. what do u need'), us(2, 'nice'), dealer(5, 'coke 55 for u')], T0 + 6 * MIN);
    expect(s.offer.products).toEqual(['weed', 'hash', 'coke', 'mdma']);
    expect(s.offer.prices.find((p) => p.product === 'coke')!.amount).toBe(55);
    expect(s.offer.prices).toHaveLength(4);
  });

  it('counts an absurd amount instead of keeping it as the price', () => {
    const s = buildDialogueState([dealer(0, 'coke te koop'), dealer(1, 'voor u 1000000 euro')], T0 + MIN);
    expect(s.offer.prices).toEqual([]);
    expect(s.offer.implausible).toBe(1);
  });
});

describe('dialogue state: what we want, our story', () => {
  it('reads the amount, product, name and source of the number from our own messages', () => {
    const s = buildDialogueState([dealer(0, 'wit 60'), us(1, 'ik ben Jens, ik heb uw nummer van ne maat'), us(3, 'ik zoek 2 gram wiet'), us(5, 'sorry, mijne gsm was plat', 'apologize_return')], T0 + 6 * MIN);
    expect(s.wanted).toEqual({ product: 'weed', qty: 2, unit: 'g' });
    expect(s.story.name).toBe('Jens');
    expect(s.story.numberSource).toBe('ne maat');
    expect(s.story.lastExcuse).toContain('gsm was plat');
    expect(s.story.excuses).toBe(1);
  });
});

describe('dialogue state: questions', () => {
  it('keeps the dealer questions until we send a message (a wait answers nothing)', () => {
    let s = buildDialogueState([dealer(0, 'promo wit 60'), dealer(1, 'wie zijt ge eigenlijk? hoe komt ge aan mijn nummer')], T0 + MIN);
    expect(s.pending).toEqual(['who_are_you', 'how_got_number']);
    s = foldEvent(s, { tMs: T0 + 2 * MIN, direction: 'out', kind: 'wait', text: '', tactic: 'go_silent' });
    expect(s.pending).toEqual(['who_are_you', 'how_got_number']);
    s = foldEvent(s, us(3, 'ik ben Jens'));
    expect(s.pending).toEqual([]);
  });

  it('reads an amount of a product put as a question ("5g hasj? 50") as asking how much we take', () => {
    const s = buildDialogueState([dealer(0, 'hasj 10/g wiet 10/g'), us(2, 'ik wil 2 gram wiet'), dealer(4, '5g hasj? 50')], T0 + 5 * MIN);
    expect(s.pending).toEqual(['how_much']);
    // a time put as a question is no amount
    expect(buildDialogueState([dealer(0, 'hasj 10/g'), dealer(1, '5 min?')], T0 + 2 * MIN).pending).not.toContain('how_much');
  });

  it('reads "which one bro" after two places as asking where we meet, but not about products', () => {
    expect(buildDialogueState([dealer(0, 'weed 10/g'), us(1, 'ok'), dealer(2, 'which one bro')], T0 + 3 * MIN).pending).toEqual(['where_are_you']);
    expect(buildDialogueState([dealer(0, 'weed 10/g'), us(1, 'ok'), dealer(2, 'which one, weed or hash')], T0 + 3 * MIN).pending).not.toContain('where_are_you');
  });

  it('reads a bare confirmation request and a trap about what we said before', () => {
    const a = buildDialogueState([dealer(0, 'promo'), dealer(1, 'afspreken vanavond 22u aan de Sint-Annatunnel… ok?')], T0 + MIN);
    expect(a.pending).toContain('other');
    const b = buildDialogueState([dealer(0, 'promo'), dealer(1, 'gisteren zei ge dat ge Jens waart??')], T0 + MIN);
    expect(b.pending).toEqual(['who_are_you']);
  });
});

describe('dialogue state: what he gave that the reply must take up', () => {
  it('keeps his price, time and place since our last message; the promo gives none, our message clears them', () => {
    const promo = buildDialogueState([dealer(0, 'wit 60 de g, levering van 14u tot 02u')], T0 + MIN);
    expect(promo.heard).toEqual([]);
    let s = buildDialogueState([dealer(0, 'wit 60 de g'), us(2, 'nice'), dealer(4, 'ok 2g is 110'), dealer(5, 'om 22u aan de Sint-Annatunnel')], T0 + 6 * MIN);
    expect(s.heard).toEqual(['price', 'time', 'place']);
    s = foldEvent(s, us(7, 'ok'));
    expect(s.heard).toEqual([]);
    // "ik wacht nog 5 min" at the place is no new time
    const waiting = buildDialogueState([dealer(0, 'wit 60'), us(1, 'ok'), dealer(2, 'ik sta er'), us(3, 'bijna'), dealer(4, 'ik wacht nog 5 min')], T0 + 5 * MIN);
    expect(waiting.heard).toEqual([]);
  });

  it('an "ok" about his price does not fix the meeting he proposes in the next sentence', () => {
    const s = buildDialogueState([dealer(0, 'wit 60, groen 10'), us(2, 'ik zoek 2 gram wiet'), dealer(4, 'ok 2g groen is 20. ik kan om 22u aan de Sint-Annatunnel zijn')], T0 + 5 * MIN);
    expect(s.meeting).toMatchObject({ proposed: true, proposedBy: 'dealer', agreed: false });
    const fixed = buildDialogueState([dealer(0, 'wit 60, groen 10'), us(2, 'ik zoek 2 gram wiet'), dealer(4, 'ok 22u aan de Sint-Annatunnel')], T0 + 5 * MIN);
    expect(fixed.meeting.agreed).toBe(true);
    // the classifier reads the "ok" as meet_confirm: still his proposal, not an agreement
    const asConfirm = buildDialogueState([dealer(0, 'wit 60, groen 10'), us(2, 'ik zoek 2 gram wiet'), dealer(4, 'ok 2g groen is 20. ik kan om 22u aan het Sint-Jansplein zijn', 'meet_confirm')], T0 + 5 * MIN);
    expect(asConfirm.meeting).toMatchObject({ proposed: true, agreed: false });
    // his "ok" to the meeting on the table is one
    const toOurs = buildDialogueState([dealer(0, 'wit 60'), us(2, 'om 22u aan de Meir?', 'propose_meeting'), dealer(4, 'ok', 'meet_confirm')], T0 + 5 * MIN);
    expect(toOurs.meeting.agreed).toBe(true);
  });

  it('"i stood there 25 min" after a no-show is how long he waited, not a meeting in 25 minutes', () => {
    const s = buildDialogueState([dealer(0, 'weed 10/g'), us(2, 'om 21u aan de Meir?', 'propose_meeting'), dealer(4, 'ok'), us(5, 'top'), dealer(200, 'what happened yesterday?? i stood there 25 min like a clown')], T0 + 201 * MIN);
    expect(s.heard).toEqual([]);
    expect(s.meeting.timeMs).not.toBe(T0 + 225 * MIN);
  });

  it('reads a message of his after ours whatever its act: "Park Spoor Noord 5pm" read as a promo is still his meeting', () => {
    const s = buildDialogueState([dealer(0, 'weed 10 coke 60', 'promo'), us(2, 'nice'), dealer(4, 'new ppl only pickup, no delivery. Park Spoor Noord 11pm', 'promo')], T0 + 5 * MIN);
    expect(s.heard).toEqual(['time', 'place']);
    expect(s.meeting.dealerPlace).toBe('Park Spoor Noord');
    expect(s.meeting.proposedBy).toBe('dealer');
  });
});

describe('dialogue state: meeting', () => {
  it('resolves the dealer time against his message, keeps his place apart from ours, and moves through the window', () => {
    const ev = [dealer(0, 'wit 60'), dealer(2, 'afspreken vanavond 22u aan de Sint-Annatunnel… ok?'), us(4, 'oké, ik zal er zijn', 'confirm_meeting')];
    const before = buildDialogueState(ev, T0 + 5 * MIN);
    expect(localTime(before.meeting.timeMs!)).toMatchObject({ hour: 22, minute: 0, day: 4 });
    expect(before.meeting).toMatchObject({ dealerPlace: 'Sint-Annatunnel', ourPlace: null, agreed: true, phase: 'ahead' });
    expect(buildDialogueState(ev, T0 + 70 * MIN).meeting.phase).toBe('open');
    const after = buildDialogueState(ev, T0 + 3 * 60 * MIN);
    expect(after.meeting.phase).toBe('past');
    expect(after.noShows).toBe(1);
    expect(after.noShowUnexcused).toBe(true);
  });

  it('reads an ambiguous hour as the nearer one ahead ("om 9u" at 20:41 is 21:00)', () => {
    const s = buildDialogueState([dealer(0, 'promo'), dealer(1, 'om 9u aan de kerk?')], T0 + MIN);
    expect(localTime(s.meeting.timeMs!).hour).toBe(21);
  });

  it('reads "by 12:30" late in the evening as half past midnight, not tomorrow noon', () => {
    const s = buildDialogueState([dealer(0, 'promo'), dealer(115, 'i can be in Borgerhout by 12:30')], T0 + 116 * MIN);
    const t = localTime(s.meeting.timeMs!);
    expect([t.hour, t.minute]).toEqual([0, 30]);
    expect(s.meeting.timeMs! - (T0 + 115 * MIN)).toBeLessThan(2 * 3_600_000);
  });

  it('knows the operator place we named, and that the dealer is there', () => {
    const s = buildDialogueState([dealer(0, 'promo wit'), us(1, 'kunnen we afspreken aan de Meir om 21u30?', 'propose_meeting'), dealer(3, 'ok afgesproken'), dealer(50, 'ik sta er, waar zijt ge')], T0 + 51 * MIN, { places: PLACES });
    expect(s.meeting).toMatchObject({ ourPlace: 'aan de Meir', placeBy: 'us', agreed: true, dealerThere: true, phase: 'open' });
    expect(s.pending).toEqual(['where_are_you']);
  });

  it('counts a no-show once, whether the window passed first or the dealer complains twice', () => {
    const ev = [dealer(0, 'promo'), dealer(1, 'ok 21u aan de Meir, afgesproken'), dealer(30, 'ik ben er'), dealer(60, 'ik heb hier 25 min gestaan'), us(61, 'sorry, mijne gsm was plat'), dealer(600, 'gisteren gewacht, ge zijt nie gekomen')];
    const s = buildDialogueState(ev, T0 + 601 * MIN);
    expect(s.noShows).toBe(1);
    expect(s.noShowUnexcused).toBe(true);
    // the second complaint is about the no-show we already excused: the same story is owed (v2)
    expect(s.noShowsExcused).toBe(1);
    // the excuse we owed is our story even without a "sorry" in it
    const plain = [...ev.slice(0, 4), us(61, 'ik voel me slecht, de tram reed ni'), dealer(600, 'wat was dat gisteren')];
    expect(buildDialogueState(plain, T0 + 601 * MIN).story.lastExcuse).toBe('ik voel me slecht, de tram reed ni');
    expect(buildDialogueState(ev.slice(0, 4), T0 + 60 * MIN).noShowsExcused).toBe(0);
  });

  it('takes no meeting from a promo (opening hours, delivery area)', () => {
    const s = buildDialogueState([dealer(0, '🔥 wit 60 / groen 10 / levering heel Antwerpen van 14u tot 02u', 'promo')], T0);
    expect(s.meeting.proposed).toBe(false);
  });
});

describe('dialogue state: no-shows we called off, and his words about them', () => {
  // T0 is 20:41; he is at the place at 21:30 for a meeting of 21:30
  const agreed = [dealer(0, 'promo'), us(1, 'kunnen we afspreken aan de Meir om 21u30?', 'propose_meeting'), dealer(3, 'ok afgesproken'), dealer(50, 'ik ben er, waar zijt ge')];

  it('a reschedule while he stands there is a no-show, excused by that very message', () => {
    const s = buildDialogueState([...agreed, us(55, 'sorry ik geraak er ni, morgen om 20u?', 'reschedule')], T0 + 56 * MIN, { places: PLACES });
    expect(s.noShows).toBe(1);
    expect(s.noShowUnexcused).toBe(false);
    expect(s.noShowsExcused).toBe(1);
  });

  it('his "2 keer… laat maar" soon after is about that one: an excuse is owed, nothing is counted twice', () => {
    const s = buildDialogueState([...agreed, us(55, 'sorry ik geraak er ni, morgen om 20u?', 'reschedule'), dealer(70, '2 keer. ge zijt ne zever broer. laat maar')], T0 + 71 * MIN, { places: PLACES });
    expect(s.noShows).toBe(1);
    expect(s.noShowUnexcused).toBe(true);
  });

  it('a complaint while the next meeting is still ahead counts nothing new and leaves that meeting as it is', () => {
    const stood = [...agreed, dealer(75, 'ik heb hier 25 min gestaan'), us(600, 'sorry, morgen om 18u?', 'reschedule')];
    const s = buildDialogueState([...stood, dealer(800, 'gisteren 25 min gewacht, wa was da?')], T0 + 801 * MIN, { places: PLACES });
    expect(s.noShows).toBe(1);
    expect(s.noShowUnexcused).toBe(true);
    expect(s.meeting.missed).toBe(false);
    expect(s.meeting.phase).toBe('ahead');
  });
});

describe('dialogue state: a pure fold', () => {
  const ev = [dealer(0, 'weed 10 coke 60'), us(1, 'hoeveel voor 2 gram?', 'ask_price'), dealer(3, 'om 22u aan de Meir'), us(5, 'top', 'confirm_meeting'), dealer(90, 'waar zijt ge')];
  it('gives the same state for the same events and clock, event by event or at once', () => {
    let s = initialDialogueState(ev[0]!.tMs);
    for (const e of ev) s = foldEvent(s, e);
    const whole = buildDialogueState(ev, T0 + 90 * MIN);
    expect(whole).toEqual(buildDialogueState(ev.map((e) => ({ ...e })), T0 + 90 * MIN));
    expect(JSON.parse(JSON.stringify(whole))).toEqual(whole);
    expect(s.offer).toEqual(whole.offer);
    expect(s.meeting).toEqual(whole.meeting);
  });

  it('does not change the state it is given', () => {
    const s = buildDialogueState(ev.slice(0, 2), T0 + 2 * MIN);
    const copy = JSON.parse(JSON.stringify(s));
    foldEvent(s, ev[2]!);
    expect(s).toEqual(copy);
  });
});

describe('dialogue state: bad input', () => {
  const odd = ['', '20 of 25?', '1000000 euro', '🔥🔥🔥💊💊', 'x'.repeat(2000), 'ab1 '.repeat(500), 'Здравствуйте, сколько стоит?', '??', '\n\n\n', '0470 11 22 33 bel me', 'om 25u99', 'binnen 99999 min'];
  it.each(odd.map((t) => [t.slice(0, 30), t]))('%s', (_, text) => {
    const s = buildDialogueState([dealer(0, 'promo coke 60'), dealer(1, text!), us(2, text!), dealer(3, text!)], T0 + 4 * MIN);
    expect(s.v).toBe(DIALOGUE_STATE_VERSION);
    expect(s.offer.prices.every((p) => p.amount > 0 && p.amount < 5001)).toBe(true);
    expect(s.meeting.timeMs === null || Number.isFinite(s.meeting.timeMs)).toBe(true);
  });

  it('survives events without text or with a time that is not a number', () => {
    const s = buildDialogueState([{ tMs: Number.NaN, direction: 'in', kind: 'sms' }, { tMs: T0, direction: 'in', kind: 'call' }, { tMs: T0, direction: 'out', kind: 'sms' }], T0);
    expect(s.lastOutMs).toBe(T0);
  });
});
