import { describe, expect, it } from 'vitest';
import { pick } from './test-fixtures/slots.js';
import type { TimeSlot } from './types.js';

const times = (text: string, lang?: 'nl' | 'en') => pick(text, ['times'], lang).times ?? [];
const C = (hour: number, minute = 0, ambiguous = false): TimeSlot => (ambiguous ? { kind: 'clock', hour, minute, ambiguous: true } : { kind: 'clock', hour, minute });
const R = (minutes: number): TimeSlot => ({ kind: 'relative', minutes });
const D = (day: Extract<TimeSlot, { kind: 'day' }>['day']): TimeSlot => ({ kind: 'day', day });
const k = (x: unknown) => JSON.stringify(x);
const sorted = (xs: TimeSlot[]) => [...xs].sort((a, b) => (k(a) < k(b) ? -1 : 1));

const cases: [string, TimeSlot[]][] = [
  // clock times, Dutch forms
  ['om 21u30 aan de Meir', [C(21, 30)]],
  ['22h15 ni later', [C(22, 15)]],
  ['tegen 9 vanavond', [C(21), D('tonight')]],
  ['rond 3 deze namiddag', [C(15), D('today')]],
  ['morgenmiddag om 2', [D('tomorrow'), C(14)]],
  ["12u 's middags", [C(12)]],
  ["'s avonds om 10", [C(22)]],
  ['vrijdagavond om 8', [D('friday'), C(20)]],
  ['dinsdag om 7', [D('tuesday'), C(7, 0, true)]],
  ['half 8 vanavond', [C(19, 30), D('tonight')]],
  ['kwart over 9', [C(9, 15, true)]],
  ['vijf voor half 11', [C(10, 25, true)]],
  ["twintig over acht 's avonds", [C(20, 20)]],
  ['rond 10en', [C(10, 0, true)]],
  ['om acht uur', [C(8, 0, true)]],
  ["tot 2u 's nachts", [C(2)]],
  ['morgenvroeg om 6', [D('tomorrow'), C(6)]],
  // English forms
  ['at 2100', [C(21)]],
  // military time with a word after it that makes it one
  ['2100 at the latest', [C(21)]],
  ['2230 sharp', [C(22, 30)]],
  ['0100 tonight', [C(1), D('tonight')]],
  ['for 2000 u get it', []],
  ['half 8 tonight', [C(20, 30), D('tonight')]],
  ['ten past 10 tonight', [C(22, 10), D('tonight')]],
  ['3am', [C(3)]],
  ['at 1am', [C(1)]],
  ['7ish', [C(7, 0, true)]],
  ['around 4 this arvo', [C(16), D('today')]],
  ['tomorrow night at 9', [D('tomorrow'), C(21)]],
  ['by 6 in the morning', [C(6)]],
  ['from 7pm till 1am', [C(19), C(1)]],
  ['between 8 and 9 tonight', [C(20), C(21), D('tonight')]],
  ['midnight', [C(0)]],
  // minutes from now
  ['in 15', [R(15)]],
  ['binnen het kwartier', [R(15)]],
  ['binnen 10 minuten', [R(10)]],
  ['over 5 minuutjes', [R(5)]],
  ['nog 10 min', [R(10)]],
  ['eta 20', [R(20)]],
  ['eta 1 hour', [R(60)]],
  ['in an hour', [R(60)]],
  ['over een uurtje', [R(60)]],
  ['binnen anderhalf uur', [R(90)]],
  ['over 2 uur', [R(120)]],
  ['half hour bro', [R(30)]],
  ['een halfuur', [R(30)]],
  ['gimme 10 mins', [R(10)]],
  ['be there in 5', [R(5)]],
  ['5 mins away', [R(5)]],
  ['twintig minuten', [R(20)]],
  // days
  ['vandaag nog', [D('today')]],
  ['deze avond', [D('tonight')]],
  ['vannacht', [D('tonight')]],
  ['ce soir', [D('tonight')]],
  ['tmrw night', [D('tomorrow')]],
  ['zaterdag', [D('saturday')]],
  ['on sat', [D('saturday')]],
  ['sun?', [D('sunday')]],
  // short day names in a list of days or with a part of the day
  ['sat or sun', [D('saturday'), D('sunday')]],
  ['fri/sat', [D('friday'), D('saturday')]],
  ['sun arvo', [D('sunday')]],
  ['this weekend', [D('weekend')]],
  ['zaterdag of zondag, weekend dus', [D('saturday'), D('sunday'), D('weekend')]],
  ['saturday night', [D('saturday')]],
  ["'s morgens", []],
  ['till sunday', [D('sunday')]],
  // nothing: greetings, vague, past, negated, current time
  ['goedenavond', []],
  ['good evening all', []],
  ['goeiemiddag', []],
  ['goeiemorgen', []],
  ['24/7 bereikbaar', []],
  ['nu', []],
  ['now', []],
  ['straks', []],
  ['later', []],
  ['asap', []],
  ['deze week', []],
  ['next week', []],
  ['overmorgen', []],
  ['na de middag', []],
  ['got stopped by 12', []],
  ['u said 9', []],
  ['its 9:40 already', []],
  ['waited 30 mins for nothing', []],
  ['been here since 10 mins', []],
  ['ik heb een uur gewacht', []],
  ['kzit hier al 20 min', []],
  ['vorige week', []],
  ['gisteren om 8', []],
  ['last friday', []],
  ['the guy from the party sat', []],
  ['morgen ni', []],
  ['not today', []],
  ['vandaag niet', []],
  ['24 uur in een dag', []],
  ['0470 12 34 56', []],
];

describe('times', () => {
  it.each(cases)('%s', (text, want) => {
    expect(sorted(times(text))).toEqual(sorted(want));
  });

  it('reads "half 10" the Dutch way in Dutch and the English way in English', () => {
    expect(times('half 10', 'nl')).toEqual([C(9, 30, true)]);
    expect(times('half 10', 'en')).toEqual([C(10, 30, true)]);
  });

  it('resolves 12-hour times by the nearest context word', () => {
    expect(sorted(times('vanavond om 11'))).toEqual(sorted([D('tonight'), C(23)]));
    expect(sorted(times('vannacht om 12'))).toEqual(sorted([D('tonight'), C(0)]));
    expect(times('om 9 in de ochtend')).toEqual([C(9)]);
  });
});
