import { describe, expect, it } from 'vitest';
import { defaultCatalogue } from '../../catalogue/catalogue.js';
import { TacticMatcher } from '../../transcripts/label/tactic-matcher.js';
import { dealerText } from '../../trainer/sim/dealer-text.js';
import { defaultPersonaMix } from '../../trainer/sim/persona.js';
import { LiveDealer } from './live-dealer.js';

const matcher = new TacticMatcher();
const text = dealerText();
const persona = defaultPersonaMix().personas.find((p) => p.persona.lang === 'nl')!.persona;

describe('LiveDealer', () => {
  it('opens with a written promotion, now', () => {
    const d = new LiveDealer(persona, 's:1', matcher, text);
    const first = d.start();
    expect(first).toHaveLength(1);
    expect(first[0]!.act).toBe('promo');
    expect(first[0]!.afterMs).toBe(0);
    expect(first[0]!.text.length).toBeGreaterThan(5);
  });

  it('reads a catalogue reply back to its tactic and answers it', () => {
    const d = new LiveDealer(persona, 's:2', matcher, text);
    d.start();
    const template = defaultCatalogue().tactics.ask_price.templates.nl[0]!.replace(/\{[a-z]+\}/g, 'iets');
    const r = d.onReply(template);
    expect(r.read).toBe('ask_price');
    expect(r.played).toBe('ask_price');
    expect(r.confidence).toBeGreaterThan(0.3);
    expect(d.sim.decisions).toBe(1);
    for (const m of r.messages) expect(m.afterMs).toBeGreaterThanOrEqual(0);
  });

  it('plays an allowed tactic when the read one is not allowed yet (confirm before any meeting)', () => {
    const d = new LiveDealer(persona, 's:3', matcher, text);
    d.start();
    const confirm = defaultCatalogue().tactics.confirm_meeting.templates.nl[0]!.replace(/\{[a-z]+\}/g, 'aan het station');
    const r = d.onReply(confirm);
    expect(r.read).toBe('confirm_meeting');
    expect(r.played).not.toBe('confirm_meeting');
    expect(r.played).not.toBe('go_silent');
    expect(d.disallowed).toBe(1);
  });

  it('takes a silence as go_silent and counts the wait already spent', () => {
    const a = new LiveDealer(persona, 's:4', matcher, text);
    const b = new LiveDealer(persona, 's:4', matcher, text);
    a.start();
    b.start();
    const ma = a.onSilence(0);
    const mb = b.onSilence(3_600_000);
    expect(a.silences).toBe(1);
    expect(ma.map((m) => m.text)).toEqual(mb.map((m) => m.text)); // same seed, same dealer
    for (let i = 0; i < ma.length; i++) expect(mb[i]!.afterMs).toBe(Math.max(0, ma[i]!.afterMs - 3_600_000));
  });

  it('on the bot\'s clock, takes each reply at the moment it arrived: one held to 08:10 is read at 08:10, one at 03:00 waits for his morning', () => {
    const HOUR = 3_600_000;
    const DAY = 24 * HOUR;
    const botStart = Date.UTC(2026, 11, 7, 17, 0);
    const reply = defaultCatalogue().tactics.ask_price.templates.nl[0]!.replace(/\{[a-z]+\}/g, 'iets');
    let night = 0;
    for (let seed = 0; seed < 30; seed++) {
      const d = new LiveDealer(persona, `clock:${seed}`, matcher, text);
      const [promo] = d.start(botStart);
      const promoBot = botStart + promo!.afterMs;
      // the bot answers the promo the next day at 08:10 (serve's quiet hours held it)
      const held = Math.floor(promoBot / DAY) * DAY + DAY + 8 * HOUR + 10 * 60_000;
      const r = d.onReply(reply, held);
      expect(d.sim.sentMs % DAY).toBe(held % DAY);
      for (const m of r.messages) expect(m.afterMs).toBeGreaterThanOrEqual(0);
      if (d.done) continue;
      // the next reply reaches him at 03:00 the night after: nobody answers before 09:00 (DEALER.night)
      const at3 = held - 8 * HOUR - 10 * 60_000 + DAY + 3 * HOUR;
      const n = d.onReply(reply, at3);
      if (n.messages.length > 0) night++;
      for (const m of n.messages) expect(m.afterMs).toBeGreaterThanOrEqual(6 * HOUR);
    }
    expect(night).toBeGreaterThan(5);
  });

  it('ends like the simulator and reports its figures', () => {
    const d = new LiveDealer(persona, 's:5', matcher, text, { maxDecisions: 3 });
    d.start();
    const reply = defaultCatalogue().tactics.show_interest.templates.nl[0]!.replace(/\{[a-z]+\}/g, 'iets');
    for (let i = 0; i < 3 && !d.done; i++) d.onReply(reply);
    expect(d.done).toBe(true);
    const r = d.result();
    expect(r.persona).toBe(persona.id);
    expect(r.decisions).toBeLessThanOrEqual(3);
    expect(r.minutes).toBeGreaterThan(0);
    expect(() => d.onReply(reply)).toThrow(/ended/);
  });
});
