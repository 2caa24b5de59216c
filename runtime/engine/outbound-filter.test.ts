import { describe, expect, it } from 'vitest';
import { outboundViolation } from './outbound-filter.js';

describe('outbound filter', () => {
  it.each([
    ['bel me op 0470 12 34 56', 'phone number'],
    ['+32 470 12.34.56', 'phone number'],
    ['BE68 5390 0754 7034', 'IBAN'],
    ['mail me op jan@example.org', 'e-mail'],
    ['ik woon in de Kerkstraat 12', 'street address'],
    ['kom naar 2000 Antwerpen', 'postcode'],
    ['ik stuur het via payconiq', 'payment'],
    ['ik ben van de politie', 'police'],
    ['ik maak je dood', 'threat'],
    ['vuile kankerlijer', 'slur'],
    ['', 'empty'],
  ])('refuses %j (%s)', (text, why) => {
    expect(outboundViolation(text)).toMatch(new RegExp(why, 'i'));
  });

  it.each(['ok, 50 euro is goed', 'aan het station om 21u?', 'sorry, was mijn gsm kwijt', 'ben je van de politie?', '2 gram voor 40'])(
    'lets %j through',
    (text) => {
      expect(outboundViolation(text)).toBeNull();
    },
  );
});
