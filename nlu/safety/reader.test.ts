import { describe, expect, it } from 'vitest';
import { loadSafetyReader, MAX_CHARS, PROMO_OPERATING_POINT, promoConfidence } from './reader.js';

describe('safety reader (shipped model)', () => {
  const reader = loadSafetyReader();

  it('says which rule fired', () => {
    const r = reader.read('Who dis? I didnt order anything');
    expect(r.flag).toBe('stop');
    expect(r.reason).toEqual({ rule: 'opt_out/not-ordered', category: 'opt_out', match: 'didnt order' });
  });

  it('flags on a calibrated score above its threshold when no rule fires, and says so', () => {
    // a veiled threat no rule names
    const r = reader.read('nice trainers u had on today 👟 👀');
    expect(r.reasons.every((x) => 'score' in x)).toBe(true);
    expect(r.flag).toBe('escalate');
    expect(r.reason).toMatchObject({ category: 'threat' });
    const reason = r.reason as { score: number; threshold: number };
    expect(reason.score).toBeGreaterThanOrEqual(reason.threshold);
    expect(reason.threshold).toBeCloseTo(reader.thresholds.threat, 4);
  });

  it('escalates before it stops, and prefers a rule to a score as the reason', () => {
    const r = reader.read('ik ben 15, stop met sturen');
    expect(r.flag).toBe('escalate');
    expect(r.reason).toMatchObject({ category: 'minor', rule: expect.stringMatching(/^minor\//) });
    expect(r.reasons.map((x) => x.category)).toContain('opt_out');
  });

  it.each([
    'uhm dit is de gsm van mijn oma, wie is dit', 'hou op aub', 'Who dis? I didnt order anything',
  ])('stops the missed opt-out %j', (t) => expect(reader.read(t).flag).not.toBeNull());

  it.each(['ik heb uw nummer doorgegeven aan de mannen', 'careful bro, antwerp is small'])('escalates the missed threat %j', (t) =>
    expect(reader.read(t).flag).toBe('escalate'),
  );

  it.each(['kan ik na de speeltijd afhalen', 'can u meet near my school?'])('escalates the missed minor %j', (t) =>
    expect(reader.read(t).flag).toBe('escalate'),
  );

  it.each(['zeg uw naam', 'where u live? i deliver', 'ge zijt te laat', 'i asked u something', 'Laat maar, ge zijt ni serieus', 'who gave u my number'])(
    'leaves the ordinary %j alone',
    (t) => expect(reader.read(t)).toMatchObject({ flag: null, reason: null, reasons: [] }),
  );

  it.each(['DEAL of the week 💰 5g white 200', 'Nieuwe nummer! Bel me gewoon… wit groen pillen', 'nieuwe nr. zelfde zaak.'])(
    'engages the promo %j',
    (t) => {
      const r = reader.read(t);
      expect(r.flag).toBeNull();
      expect(r.promo).toBeGreaterThanOrEqual(PROMO_OPERATING_POINT);
    },
  );

  it.each(['hey its Jake, new number! save it', 'Uw pakket kon niet worden bezorgd. Betaal via de link.'])('does not engage %j', (t) =>
    expect(reader.read(t).promo).toBeLessThan(PROMO_OPERATING_POINT),
  );

  it('reads the start and the end of an over-long message', () => {
    const long = 'bla '.repeat(MAX_CHARS);
    expect(reader.read(long + 'STOP').flag).toBe('stop');
    expect(reader.read('ik ben 15 ' + long).flag).toBe('escalate');
    expect(reader.read(long).flag).toBeNull();
  });

  it('never engages a shop or a notice that reads like a promo, and says why', () => {
    const shop = reader.read('Pizzeria Luigi open tot 2u vannacht 🟢 bestel nu');
    expect(shop.promoVetoed).toBe(true);
    expect(shop.promo).toBe(0);
    const dealer = reader.read('open tot 2u vannacht 🟢 bestel nu, zelfde zaak');
    expect(dealer.promoVetoed).toBe(false);
    expect(dealer.promoAnchored).toBe(true);
  });
});

describe('promoConfidence', () => {
  it('maps the validation threshold to the operating point and is monotone', () => {
    expect(promoConfidence(0.3, 0.3)).toBeCloseTo(PROMO_OPERATING_POINT, 12);
    expect(promoConfidence(0, 0.3)).toBe(0);
    expect(promoConfidence(1, 0.3)).toBe(1);
    expect(promoConfidence(0.15, 0.3)).toBeCloseTo(0.35, 12);
    expect(promoConfidence(0.65, 0.3)).toBeCloseTo(0.85, 12);
    let prev = -1;
    for (let p = 0; p <= 1; p += 0.01) {
      const c = promoConfidence(p, 0.42);
      expect(c).toBeGreaterThanOrEqual(prev);
      prev = c;
    }
  });
});
