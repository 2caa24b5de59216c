import { describe, expect, it } from 'vitest';
import { mayShowMeeting, missingMeetings, ONE_TRIP_MS } from './attended.js';
import type { StateEvent } from './fold.js';

// 20:41 Brussels; "om 22u" is 22:00 the same evening (79 minutes later)
const T0 = Date.parse('2026-12-04T20:41:00+01:00');
const MIN = 60_000;
const AT_22 = Date.parse('2026-12-04T22:00:00+01:00');
const m = (ms: number) => (ms - T0) / MIN;
const dealer = (min: number, text: string, act?: StateEvent['act']): StateEvent => ({ tMs: T0 + min * MIN, direction: 'in', kind: 'sms', text, ...(act ? { act } : {}) });
const us = (min: number, text: string, tactic?: StateEvent['tactic']): StateEvent => ({ tMs: T0 + min * MIN, direction: 'out', kind: 'sms', text, ...(tactic ? { tactic } : {}) });
const meeting = (min: number): StateEvent => ({ tMs: T0 + min * MIN, direction: 'in', kind: 'meeting', text: '' });

/** promo, his proposal of 22u, our confirmation: a meeting on the table */
const agreed = (): StateEvent[] => [
  dealer(0, 'wit 60 de gram, levering'),
  us(2, 'ok ik wil 2 gram'),
  dealer(4, 'afspreken vanavond 22u aan de Meir?', 'meet_propose'),
  us(6, 'oké, ik zal er zijn', 'confirm_meeting'),
];

describe('meetings the dealer went to (rule v1)', () => {
  it('"ik sta er" three times is one meeting, at the first of them', () => {
    const ev = [...agreed(), dealer(m(AT_22) + 2, 'ik sta er'), dealer(m(AT_22) + 8, 'ik sta er al 5 min'), dealer(m(AT_22) + 15, 'ik sta er nog altijd')];
    const got = missingMeetings(ev);
    expect(got).toEqual([{ tMs: AT_22 + 2 * MIN, index: 4, why: 'there' }]);
  });

  it('a complaint after "ik sta er" is the same meeting; a complaint alone after the window is one', () => {
    const withThere = [...agreed(), dealer(m(AT_22), 'ben er'), dealer(m(AT_22) + 120, 'waarom zijt ge ni gekomen? 25 min gestaan')];
    expect(missingMeetings(withThere).map((x) => x.why)).toEqual(['there']);
    const alone = [...agreed(), dealer(m(AT_22) + 120, 'waarom zijt ge ni gekomen? ik heb daar gestaan')];
    expect(missingMeetings(alone)).toEqual([{ tMs: AT_22 + 120 * MIN, index: 4, why: 'complaint' }]);
  });

  it('where_are_you counts from the agreed time to the end of the window, not before it or after', () => {
    const ask = (min: number) => missingMeetings([...agreed(), dealer(m(AT_22) + min, 'yo waar blijft ge', 'where_are_you')]);
    expect(ask(5).map((x) => x.why)).toEqual(['where_are_you']);
    expect(ask(44)).toHaveLength(1);
    expect(ask(-10)).toEqual([]);
    expect(ask(50)).toEqual([]);
  });

  it('no meeting without one on the table, in a conversation we never wrote in, or for "onderweg"', () => {
    expect(missingMeetings([dealer(0, 'wit 60'), us(2, 'hey'), dealer(30, 'ik sta aan het station'), dealer(35, 'waar blijft ge', 'where_are_you')])).toEqual([]);
    expect(missingMeetings([dealer(0, 'wit 60'), dealer(4, 'afspreken vanavond 22u aan de Meir?'), dealer(m(AT_22) + 2, 'ik sta er')])).toEqual([]);
    expect(missingMeetings([...agreed(), dealer(m(AT_22) - 5, 'ik ben onderweg, bijna daar')])).toEqual([]);
  });

  it('"ik ben er" an hour early still counts for the agreed meeting', () => {
    expect(missingMeetings([...agreed(), dealer(m(AT_22) - 60, 'ik ben er al')]).map((x) => x.why)).toEqual(['there']);
  });

  it('a meeting already in the log is not added again: the rule applied to its own output adds nothing', () => {
    const ev = [...agreed(), dealer(m(AT_22) + 2, 'ik sta er'), dealer(m(AT_22) + 70, 'ge zijt ni gekomen')];
    const got = missingMeetings(ev);
    expect(got).toHaveLength(1);
    // the meeting event at the same instant as the message that showed it (sorted before it or after)
    expect(missingMeetings([...ev, meeting(m(got[0]!.tMs))])).toEqual([]);
    expect(missingMeetings([meeting(m(got[0]!.tMs)), ...ev])).toEqual([]);
  });

  it('a second meeting (another day, proposed again) counts again; a reschedule while he waits does not', () => {
    const day2 = AT_22 + 86_400_000;
    const ev = [
      ...agreed(),
      dealer(m(AT_22) + 1, 'ik sta er'),
      us(m(AT_22) + 200, 'sorry, morgen om 22u zelfde plek?', 'reschedule'),
      dealer(m(AT_22) + 210, 'ok laatste kans', 'meet_confirm'),
      dealer(m(day2) + 3, 'ik sta er weer'),
    ];
    expect(missingMeetings(ev).map((x) => x.tMs)).toEqual([AT_22 + MIN, day2 + 3 * MIN]);
    const waiting = [...agreed(), dealer(m(AT_22) + 1, 'ik sta er'), us(m(AT_22) + 5, 'sorry 10 min later, om 22u15?', 'reschedule'), dealer(m(AT_22) + 7, 'ok ik wacht hier')];
    expect(missingMeetings(waiting)).toHaveLength(1);
    expect(ONE_TRIP_MS).toBe(60 * MIN);
  });

  it('the cheap pre-check lets through only what could show a meeting', () => {
    expect(mayShowMeeting(dealer(0, 'ik sta er'))).toBe(true);
    expect(mayShowMeeting(dealer(0, 'waar', 'where_are_you'))).toBe(true);
    expect(mayShowMeeting(dealer(0, 'ge zijt ni gekomen'))).toBe(true);
    expect(mayShowMeeting(dealer(0, 'wit 60'))).toBe(false);
    expect(mayShowMeeting(us(0, 'ik sta er'))).toBe(false);
  });
});
