import { describe, expect, it } from 'vitest';
import { checkSafety, flagFor, safetyViews } from './safety.js';

// Written for these tests, not copied from the data set: they pin the cases the issue names and
// the spellings people really type (case, accents, repeated letters, leet, glued or spaced words).
const OPT_OUT = [
  'STOP', 'stop', 'Stop.', 'stop!!!', 'S T O P', 's.t.o.p', 'st0p', '5T0P', 'STÓP', 'stoppp', 'Stop aub', 'pls stop',
  'please stop texting me', 'verkeerd nummer', 'Verkeerd nummer!', 'verkeerd nr', 'verkeerde nummer hoor',
  'VERKEERD NUMMER', 'verkeeerd nummmer', 'verkeerdnummer', 'wrong number', 'Wrong number!!', 'wrong no.',
  'WRONG NUMBER', 'wrongnumber', 'wie is dit? ik ken u niet, laat me gerust', 'unsubscribe', 'UNSUBSCRIBE',
  "stop met sms'en", 'Stop met smsen!', 'laat me gerust', 'laat mij met rust aub', 'leave me alone',
  "don't text me", 'remove my number', 'who is this? i dont know you', 'stop sms’en aub',
];
const THREAT = [
  'ik weet waar je woont', 'Ik weet waar ge woont!!', 'ik weet waar gij woont 🔪', 'IK WEET WAAR JE WOONT',
  'k weet waar ge woont', 'ik weeet waar jij woont', 'I know where you live', 'i know where u live',
  'i kn0w where u live', 'ge gaat ervan lusten', 'Gij gaat ervan lusten!', 'ik maak u af', 'ik steek u neer',
  "i'll kill you", 'i will find you', 'ur dead', 'ge zijt een dood man',
  // veiled threats
  'keep playing and see what happens', 'ge gaat wel zien wat er gebeurt', 'something will happen to you',
  'doe zo verder en ge gaat zien', 'er gaat iets met u gebeuren',
];
const MINOR = [
  'ik ben 15', 'ik ben 15 jaar', 'Ik ben vijftien', 'ik ben 14!!', 'ben 13 jaar', 'ik zit in het 3de middelbaar',
  '3e middelbaar', 'my mum checks my phone', 'my mom checks my phone', 'im 14', "i'm 14", 'I am 16', '15 yo',
  'ik ben nog minderjarig', 'mijn mama checkt mijn gsm', 'i have school tomorrow, after school ok?',
];
const NOTHING = [
  'ik ben er over 15 min', 'ik ben 15 min te laat', 'ik ben 10 minuten weg', '15 euro de gram',
  'meet at the bus stop', 'hoeveel wilde?', 'gram is 10e', '🔥 nieuwe voorraad 🔥', 'ok tot straks',
];

describe('safety rules', () => {
  it.each(OPT_OUT)('opt-out %j → stop', (text) => {
    const r = checkSafety(text);
    expect(r.rules).toContain('opt_out');
    expect(r.flag).not.toBeNull();
  });

  it.each(THREAT)('threat %j → escalate', (text) => {
    const r = checkSafety(text);
    expect(r.rules).toContain('threat');
    expect(r.flag).toBe('escalate');
  });

  it.each(MINOR)('minor %j → escalate', (text) => {
    const r = checkSafety(text);
    expect(r.rules).toContain('minor');
    expect(r.flag).toBe('escalate');
  });

  it.each(NOTHING)('ordinary %j → no flag', (text) => {
    expect(checkSafety(text)).toEqual({ flag: null, rules: [] });
  });

  it('escalate outranks stop', () => {
    expect(flagFor(['opt_out', 'minor'])).toBe('escalate');
    expect(flagFor(['opt_out'])).toBe('stop');
    expect(flagFor([])).toBeNull();
    expect(checkSafety('ik ben 15, stop met sms’en').flag).toBe('escalate');
  });

  it('normalises case, accents, repeats, leet and spaced letters', () => {
    expect(safetyViews('STÓÓÓP!! s t o p st0p')).toEqual({ words: 'stop stop stop', plain: 'stop stop st0p' });
    expect(safetyViews('Ik ben 15')).toEqual({ words: 'ik ben 15', plain: 'ik ben 15' });
  });
});
