import { describe, expect, it } from 'vitest';
import { readMessage } from './read.js';
import type { QuestionType } from './types.js';

const questions = (text: string) => [...readMessage(text).questions].sort();
const cases: [string, QuestionType[]][] = [
  ['wie bende gij?', ['who_are_you']],
  ['met wie spreek ik', ['who_are_you']],
  ["who's this?", ['who_are_you']],
  ['wie is dit', ['who_are_you']],
  ['are u Sam?', ['who_are_you']],
  ['wie heeft u mijn nummer gegeven?', ['how_got_number']],
  ['hoe hebt ge mij gevonden?', ['how_got_number']],
  ['where u get my number from', ['how_got_number']],
  ['hoeveel moet ge hebben?', ['how_much']],
  ['how much u need', ['how_much']],
  ['wat is uw budget', ['how_much']],
  ['hoeveel gram wilt ge?', ['how_much']],
  ['nen tientje of nen twintiger?', ['how_much']],
  ['wat zoekt ge?', ['what_want']],
  ['what u looking for', ['what_want']],
  ['u want some pills too?', ['what_want']],
  ['wit of groen?', ['what_want']],
  ['u want a 10 bag?', ['what_want']],
  ['u awake? i can come back if u still want', ['other', 'what_want']],
  ['ik kan nog langskomen als ge nog wilt', ['what_want']],
  ['waar zit ge?', ['where_are_you']],
  ['where r u', ['where_are_you']],
  ['waar blijft ge nu?', ['where_are_you']],
  ['ge zit ergens in de buurt?', ['where_are_you']],
  ['wanneer kunt ge?', ['when']],
  ['what time u free', ['when']],
  ['how long u gonna be', ['when']],
  ['rond 9en?', ['when']],
  ['monday ok?', ['when']],
  ['morgen om 8, goed?', ['when']],
  ['zijt gij de politie?', ['are_you_police']],
  ['r u police', ['are_you_police']],
  ['de flikken hebben u gestuurd zeker?', ['are_you_police']],
  ['law enforcement?', ['are_you_police']],
  ['ben jij een robot?', ['are_you_bot']],
  ['is this a real person', ['are_you_bot']],
  ['r u a computer?', ['are_you_bot']],
  ['mag ik u efkes bellen?', ['can_call']],
  ['can u call me', ['can_call']],
  ['efkes telefoneren, goed?', ['can_call']],
  ['zijt ge onderweg?', ['ready']],
  ['u on the way?', ['ready']],
  ['u still coming?', ['ready']],
  ['komt ge nog?', ['ready']],
  ['cash of payconiq?', ['pay_how']],
  ['hoe gaat ge betalen?', ['pay_how']],
  ['u paying cash?', ['pay_how']],
  ['hebt ge een lief?', ['other']],
  ['u from around here?', ['other']],
  ['alles goed?', ['other']],
  ['Berchem station?', ['other']],
  ['who is this and who gave u my number', ['how_got_number', 'who_are_you']],
  ['wat en hoeveel?', ['how_much', 'what_want']],
  // contracted wh-words about our number
  ["where'd u get this number from", ['how_got_number']],
  ["how'd u get my number", ['how_got_number']],
  // our location or address asked for, also as a request
  ['whats ur location', ['where_are_you']],
  ['stuur uw locatie', ['where_are_you']],
  ['drop ur addy', ['where_are_you']],
  ['dont send ur address to anyone', []],
  // "am I talking to …" and "praat ik met …" frame a bot question without a mark; so does a tag
  ['am i talking to a real person rn', ['are_you_bot']],
  ['praat ik hier met een computer ofwa', ['are_you_bot']],
  ['spreek ik met een bot', ['are_you_bot']],
  ['ge zijt een computer of wa', ['are_you_bot']],
  ['mijn computer is kapot', []],
  // a voice call proposed as talking on the phone
  ['can we talk on the phone', ['can_call']],
  ['kunnen we via de telefoon praten?', ['can_call']],
  ['wanna hop on a call?', ['can_call']],
  ['i dont talk on the phone', []],
  // a time proposal as the asked clause after a statement
  ['cant do tonight, monday ok?', ['when']],
  ['vandaag lukt ni, morgen om 8?', ['when']],
  ['vandaag lukt ni, waarom?', ['other']],
  // an embedded wh-clause in a sentence without a mark is no question
  ['u know who u are', []],
  ['just tell the driver who sent u', []],
  ['no matter how long u been buying', []],
  ['ik weet niet wanneer hij komt', []],
  ['let me know how much u need', ['how_much']],
  ['raar da ge da vraagt, wie zijt ge', ['who_are_you']],
  ['who sent u', ['how_got_number']],
  // no questions: pings, echoes, instructions, statements
  ['?', []],
  ['??', []],
  ['hallo?', []],
  ['yo?', []],
  ['hey??', []],
  ['50??', []],
  ['bel mij', []],
  ['bring cash', []],
  ["stuur geen foto's", []],
  ['ik ken u ni', []],
  ['de flikken staan hier', []],
  ['mijn chauffeur belt u als hij er is', []],
  ['k kom eraan', []],
  ['mijn nummer is veranderd', []],
];

describe('questions', () => {
  it.each(cases)('%s', (text, want) => {
    expect(questions(text)).toEqual([...want].sort());
  });

  it('lists each type once', () => {
    expect(readMessage('waar zijt ge? waar zijt ge nu??').questions).toEqual(['where_are_you']);
  });
});
