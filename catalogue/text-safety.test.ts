import { describe, expect, it } from 'vitest';
import { isSafeText, nameLikeWords, scanText } from './text-safety.js';

const categories = (s: string) => scanText(s).map((h) => h.category);

describe('text safety scan', () => {
  it('catches completed purchases: payment, money, bank details', () => {
    for (const s of [
      'ik zal betalen via payconiq',
      'stort het op mijn rekening',
      'mijn IBAN is BE68 5390 0754 7034',
      'I will pay you now',
      'sent the money by bank transfer',
      'heb 50 euro bij',
      'cash is ok?',
      'kan ik overschrijven?',
      'paid €20',
    ]) {
      expect(categories(s), s).toContain('payment');
    }
  });

  it('catches posing as police, in either language, even denied', () => {
    for (const s of ['dit is de politie', 'ik ben agent', 'police, stay where you are', "I'm not a cop", 'flikken overal']) {
      expect(categories(s), s).toContain('police');
    }
  });

  it('catches home addresses and personal contact data', () => {
    for (const s of ['kom naar Kerkstraat 12', 'bij mij thuis', 'come to my place', '12 Baker Street', '2000 Antwerpen', 'my address is secret']) {
      expect(categories(s), s).toContain('address');
    }
    for (const s of ['bel 0470 11 22 33', 'mail me at jens@example.org', 'www.example.org']) {
      expect(categories(s), s).toContain('contact');
    }
  });

  it('lets ordinary replies through', () => {
    for (const s of [
      'hoeveel voor 5 gram?',
      'nog 10 minuutjes, de tram reed ni',
      'can we meet on the Meir at 8?',
      'aan het Centraal Station om kwart na 8',
      'sorry, running a bit late',
      'da\'s wel duur, beetje korting?',
      'rekenen: hoeveel moet ik rekenen voor ne zak?',
    ]) {
      expect(scanText(s), s).toEqual([]);
    }
    expect(isSafeText('5 more minutes, don\'t leave')).toBe(true);
  });

  it('flags capitalised words mid-sentence as possible names', () => {
    expect(nameLikeWords('ken ge Marc van hiernaast?')).toEqual(['Marc']);
    expect(nameLikeWords("Yo I'm here. Where are you? OK")).toEqual([]);
    expect(nameLikeWords('ik ben {name}')).toEqual([]);
  });
});
