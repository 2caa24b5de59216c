import { describe, expect, it } from 'vitest';
import { readMessage } from './read.js';

const name = (text: string) => readMessage(text).name;
const cases: [string, string | null][] = [
  ['ik ben Jamal, van de wiet', 'Jamal'],
  ['kzen Omar', 'Omar'],
  ['kzen de Bart van gisteren', 'Bart'],
  ['het is Bram hier, nieuwe gsm', 'Bram'],
  ["it's Jay btw", 'Jay'],
  ['this is Marcus', 'Marcus'],
  ['yo this dre', 'dre'],
  ['Tariq here, need anything?', 'Tariq'],
  ["c'est Mehdi", 'Mehdi'],
  ["you're talking to Ricky", 'Ricky'],
  ['zeg maar Bobby', 'Bobby'],
  ['ge kunt mij Samir noemen', 'Samir'],
  ['save this as Sneaky', 'Sneaky'],
  ['save my number as Lil T', 'Lil T'],
  ['vraag naar Dave', 'Dave'],
  ['ask for Tony at the door', 'Tony'],
  ['tell him Rico sent u', 'Rico'],
  ['wiet binnen, groetjes, Karim', 'Karim'],
  ['nieuwe nummer\n— Milo', 'Milo'],
  ['Peace, Marcus', 'Marcus'],
  ['greetz Youssef', 'Youssef'],
  // not his name
  ['mijn chauffeur heet Ali', null],
  ['mijn broer Hamza komt', null],
  ['driver is Sam', null],
  ['ben jij Kevin?', null],
  ['ik ben er', null],
  ['its me', null],
  ['ik ben onderweg', null],
  ['ik ben aan de Meir', null],
  ['its 40 each', null],
  ['het is 60 de gram', null],
  ['its fire', null],
  ['this weekend only', null],
  ['who is this', null],
];

describe('name', () => {
  it.each(cases)('%s', (text, want) => {
    expect(name(text)).toBe(want);
  });

  it('"hey its charlie" is a name and not coke', () => {
    const r = readMessage('hey its charlie');
    expect(r.name).toBe('charlie');
    expect(r.products).toEqual([]);
  });
});
