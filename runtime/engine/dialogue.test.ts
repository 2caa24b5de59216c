import { describe, expect, it } from 'vitest';
import { localTime } from '../../dialogue/state/local-time.js';
import { ManualClock } from './clock.js';
import { fakeBrain } from '../test-fixtures/fake-brain.js';
import { harness } from '../test-fixtures/harness.js';

const DEALER = '+32470112233';
const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);

describe('engine: quiet hours', () => {
  it('holds a reply that falls between 01:00 and 08:00 local to 08:00+ when the dealer went quiet', async () => {
    // a silence decided at 23:50 wakes at 03:50 (4 h); its reply must wait for the morning
    const clock = new ManualClock(at('2026-12-04T23:50:00+01:00'));
    const h = harness({ clock, brain: fakeBrain({ prefer: 'go_silent', silenceMs: 4 * 60 * MIN }) });
    h.say(DEALER, 'promo coke 60');
    await h.run(4 * 60 * MIN + MIN); // the silence ends at 03:50; the next reply is decided then
    expect(h.sender.sent).toHaveLength(0);
    const due = h.store.nextDueMs()!;
    const local = localTime(due);
    expect(local.hour * 60 + local.minute).toBeGreaterThanOrEqual(8 * 60);
    expect(local.hour).toBeLessThan(9);
    await h.run(6 * 60 * MIN);
    expect(h.sender.sent).toHaveLength(1);
    h.store.close();
  });

  it('answers at night while the dealer is writing', async () => {
    const clock = new ManualClock(at('2026-12-05T02:10:00+01:00'));
    const h = harness({ clock, brain: fakeBrain({ prefer: 'ask_menu' }) });
    h.say(DEALER, 'promo coke 60, nu nog levering');
    await h.run(5 * MIN);
    expect(h.sender.sent).toHaveLength(1);
    h.store.close();
  });
});

describe('engine: the dialogue state', () => {
  it('never lets the policy ask the price once the dealer gave it (also in a promo, act or not)', () => {
    const h = harness({ brain: fakeBrain() });
    h.say(DEALER, 'promo: wit 60, groen 10');
    const conv = h.store.events(1)[0]!.conversation;
    expect(h.engine.maskReasons(conv)).toContainEqual({ tactic: 'ask_price', reason: 'the dealer already gave his price' });
    const d = h.store.lastDecision(conv)!;
    expect(d.masked).toContain('ask_price');
    h.store.close();
  });

  // preconditions v2 with what only the dialogue state reads: his text settles or proposes a
  // meeting that his act (here always `other`, the fake brain's reading) does not
  const maskedAfter = (line: string) => {
    const h = harness({ clock: new ManualClock(at('2026-12-04T20:00:00+01:00')), brain: fakeBrain() });
    h.say(DEALER, 'promo: coke te koop');
    h.say(DEALER, line);
    const masked = h.engine.maskReasons(h.store.events(1)[0]!.conversation).map((m) => m.tactic);
    h.store.close();
    return masked;
  };

  it('a meeting his text agrees ("ok 23u aan de kerk, tot straks") is not proposed again, and nobody is late before the window', () => {
    const masked = maskedAfter('ok 23u aan de kerk, tot straks');
    expect(masked).toEqual(expect.arrayContaining(['propose_meeting', 'ask_location', 'running_late']));
    expect(masked).not.toContain('reschedule');
  });

  it('a new time of his ("kunt ge morgen om 20u aan de kerk?") is to confirm or counter, not to reschedule', () => {
    const masked = maskedAfter('kunt ge morgen om 20u aan de kerk?');
    expect(masked).toEqual(expect.arrayContaining(['reschedule', 'running_late', 'ask_location']));
    expect(masked).not.toContain('confirm_meeting');
    expect(masked).not.toContain('propose_meeting');
  });

  it('lets it ask the price while none was given', () => {
    const h = harness({ brain: fakeBrain() });
    h.say(DEALER, 'promo: coke te koop, levering heel Antwerpen');
    const conv = h.store.events(1)[0]!.conversation;
    expect(h.store.lastDecision(conv)!.masked).not.toContain('ask_price');
    h.store.close();
  });

  it('hands the renderer the state, the operator place entry and a persona seed of the deployment', () => {
    const seen: { facts: unknown; seed: string | undefined; place: unknown }[] = [];
    const brain = fakeBrain({ prefer: 'ask_menu' });
    const render = brain.render.bind(brain);
    brain.render = (t, ctx) => (seen.push({ facts: ctx.facts, seed: ctx.personaSeed, place: ctx.placeInput }), render(t, ctx));
    const h = harness({ brain, config: { places: [{ nl: 'aan de Meir', en: 'at the Meir' }], personaSecret: 'a-secret-of-this-deployment' } });
    h.say(DEALER, 'promo coke 60. wie zijt ge?');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.place).toEqual({ nl: 'aan de Meir', en: 'at the Meir' });
    expect(seen[0]!.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(seen[0]!.facts).toMatchObject({ pending: ['who_are_you'], offer: { products: ['coke'] } });
    h.store.close();
  });
});
