// The scripted-conversation suite: the 90 hand-written dealer scripts of data/dialogue/scripts/
// through the real engine (models/default, NLU, dialogue state, renderer) on a fake clock, every
// reply checked (runtime/test-fixtures/scripted.ts). Reports the share of scripts whose every
// reply passes every property, and the failing replies; asserts the measured floor.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRun, PROPERTIES, readScripts, runScript, type Line, type Script, type ScriptRun } from '../test-fixtures/scripted.js';

/**
 * Measured: all 88 scripts passed every property with the previous models/default; with the
 * policy retrained on the harder simulator, 87 (en14: "Can't call now, not alone…" leaves a
 * "ready?" unanswered, because the policy plays running_late where the old one answered). The
 * state's question and no-show patterns were written while reading these scripts' dealer lines,
 * so this measures fit to the suite, not how the bot does on dealers it has not seen.
 * With the policy trained not to farm no-shows (noShowWeight 0.3, persona jitter; BENCHMARKS.md),
 * 86: en14 passes again, but nl21 (an ask_quality reply leaves a how_much question unanswered) and
 * en28 (three identity answers read "i'm Wlel", not one of the catalogue's names, so who_are_you
 * counts as unanswered) failed; en28 passes since the renderer keeps only a catalogue name read
 * back from our messages ("Wlel" was our typo of "Well"): 87, nl21 still failing.
 * With the policy of 2026-12-04 21:10 (preconditions v2, quiet hours, noShowWeight 0.1): 84, then
 * 86 once a "ready?" answered "bit longer" counts as answered and "if u still want" is read as a
 * question; 87 once a reschedule while he stands there counts as a no-show and his "2 keer… laat
 * maar" soon after is heard as being about it (dialogue state v3, `lastNoShowMs`). nl21 still fails.
 * 88 (all) once an amount of a product put as a question ("5g hasj? 50") is read as asking how
 * much we take (dialogue/state/questions.ts): nl21's ask_quality reply now opens with "2 gram, ni
 * meer" instead of "ja, prima". The suite still measures fit to these scripts' dealer lines.
 * Two properties added after playing a dealer through `chat`: a price he just gave is taken up
 * (`price_heard`) and so is a time or place (`meeting_heard`). With them the same engine passed
 * 33 of 88 (97 replies passed a price by, 18 a meeting); 88 once the renderer takes them up
 * (dialogue state v4 `heard`), the reader keeps "105" of "105 ipv 110" and a mid-conversation
 * line read as a promo is still read for his meeting. The checks are lenient (an amount of his or
 * a price word; a time or a meeting word), so they catch a reply that passes him by, not a clumsy one.
 * nl45 and en45 are two of those chat conversations written down as scripts (90 in all): on the
 * engine before these changes both fail (8 replies pass his price by, one leaves "where u at"
 * unanswered); now all 90 pass. The new scripts were written after the fixes, from chats that
 * found the faults, so they too measure fit rather than dealers the bot has not met.
 * With the policy trained in the simulator with a meeting window (ppo-6138e65dc418, 2026-12-05):
 * 89, nl01's reschedule "oei, ik geraak ni weg, … zelfde plek om 23u?" to his "komt ge?" counted as
 * no answer; the checker's `ready` now hears "geraak ni / can't make it" as the no it is (its
 * where_are_you already did): 90. The default shipped in the end (ppo-fbbb56a4303e, preconditions v3): 90.
 */
const FLOOR_PASSING = 90;

describe('scripted dealer conversations', () => {
  const scripts = readScripts();
  let runs: ScriptRun[] = [];
  beforeAll(async () => {
    runs = [];
    for (const s of scripts) runs.push(await runScript(s));
  }, 120_000);

  it('has all 90 scripts, both languages, and the bot replies in every one', () => {
    expect(scripts).toHaveLength(90);
    expect(new Set(scripts.map((s) => s.lang))).toEqual(new Set(['nl', 'en']));
    for (const r of runs) expect(r.lines.filter((l) => l.who === 'bot').length, r.script.id).toBeGreaterThan(0);
  });

  it(`every reply fits: at least ${FLOOR_PASSING} of 90 scripts pass every property`, () => {
    const failing = runs.filter((r) => r.failures.length);
    const byProperty = Object.fromEntries(PROPERTIES.map((p) => [p, runs.flatMap((r) => r.failures).filter((f) => f.property === p).length]));
    const replies = runs.reduce((n, r) => n + r.lines.filter((l) => l.who === 'bot').length, 0);
    const pass = runs.length - failing.length;
    console.log(`scripted suite: ${pass}/${runs.length} scripts pass (${((100 * pass) / runs.length).toFixed(1)}%), ${replies} replies; failures per property: ${JSON.stringify(byProperty)}`);
    for (const r of failing) for (const f of r.failures) console.log(`  ${f.script} ${f.property}: "${f.reply}" (${f.detail})`);
    expect(pass).toBeGreaterThanOrEqual(FLOOR_PASSING);
  });

  it('no reply is refused by the outbound filter (the answer lines pass it for every persona)', () => {
    expect(runs.flatMap((r) => r.blocked.map((b) => `${r.script.id}: ${b}`))).toEqual([]);
  });

  it('the same script gives the same conversation (fixed seeds, fake clock)', async () => {
    const again = await runScript(scripts[0]!);
    expect(again.lines).toEqual(runs[0]!.lines);
  });
});

describe('scripted suite checks (they can fail)', () => {
  const script: Script = {
    id: 'x01', lang: 'nl', kind: 'test', start: '2026-12-04T20:00:00+01:00',
    turns: [
      { after_min: 0, text: 'wit 60, groen 10', facts: { promo: true, products: ['coke', 'weed'], prices: true } },
      { after_min: 5, text: 'wie zijt ge? om 21u aan de Sint-Annatunnel', facts: { question: 'who_are_you', meeting: { place: 'Sint-Annatunnel', time: '21:00', relative_min: null } } },
      { after_min: 60, text: 'ik heb hier 25 min gestaan, Rico hier, bel 0470 11 22 33', facts: { no_show: true, name: 'Rico' } },
    ],
  };
  const t0 = Date.parse(script.start);
  const at = (min: number) => t0 + min * 60_000;
  const dealer = (turn: number, min: number): Line => ({ who: 'dealer', ms: at(min), text: script.turns[turn]!.text, turn });
  const bot = (min: number, text: string, turn: number, tactic?: string): Line => ({ who: 'bot', ms: at(min), text, turn, ...(tactic ? { tactic } : {}) });

  it('flag each property on a reply that breaks it', () => {
    const lines: Line[] = [
      dealer(0, 0),
      bot(2, 'hoeveel kost da?', 0, 'ask_price'),
      dealer(1, 5),
      bot(6, 'oke, aan de Sint-Annatunnel om 7u, ik zoek pillen', 1),
      bot(7, 'hoeveel kost da?', 1),
      dealer(2, 65),
      bot(66, 'top, tot straks', 2),
      bot(60 * 6 + 30, 'nog efkes', 2),
      bot(60 * 6 + 40, 'ok Rico, ik bel 0470112233', 2),
    ];
    const props = new Set(checkRun(script, lines).map((f) => f.property));
    expect([...props].sort()).toEqual(['no_echo', 'no_repeat', 'no_show_excused', 'offered_product', 'place', 'price_not_reasked', 'question_answered', 'quiet_hours', 'time_ahead']);
  });

  it('flag a reply that passes by the price, time and place he just gave, and pass one that takes them up', () => {
    const s2: Script = {
      id: 'x02', lang: 'nl', kind: 'test', start: '2026-12-04T20:00:00+01:00',
      turns: [
        { after_min: 0, text: 'wit 60, groen 10', facts: { promo: true, products: ['coke', 'weed'], prices: true } },
        { after_min: 5, text: 'ok 2g groen is 20. ik kan om 22u aan de kerk zijn', facts: { products: ['weed'], prices: true, price_items: [{ product: 'weed', amount: 20, qty: 2, unit: 'g' }], meeting: { place: 'aan de kerk', time: '22:00', relative_min: null } } },
      ],
    };
    const d = (turn: number, min: number): Line => ({ who: 'dealer', ms: at(min), text: s2.turns[turn]!.text, turn });
    // after the promo nothing is owed: its list is a broadcast
    const ignoring: Line[] = [d(0, 0), bot(2, 'hebt ge fotos?', 0, 'ask_quality'), d(1, 5), bot(7, 'hoe sterk is de wiet?', 1, 'ask_quality')];
    expect(checkRun(s2, ignoring).map((f) => f.property).sort()).toEqual(['meeting_heard', 'price_heard']);
    const takingUp: Line[] = [d(0, 0), bot(2, 'hebt ge fotos?', 0, 'ask_quality'), d(1, 5), bot(7, '2g voor 20, oké, om 22u zou kunnen, hoe sterk is de wiet?', 1, 'ask_quality')];
    expect(checkRun(s2, takingUp)).toEqual([]);
  });

  it('pass replies that fit', () => {
    const lines: Line[] = [dealer(0, 0), bot(2, 'nice, ik zoek al efkes wiet', 0), dealer(1, 5), bot(6, 'ik ben Jens, ik studeer hier, om 21u30 aan de Meir?', 1), dealer(2, 65), bot(66, 'sorry echt, mijne gsm was plat', 2)];
    expect(checkRun(script, lines)).toEqual([]);
  });
});
