import { describe, expect, it } from 'vitest';
import type { Classification } from './brain.js';
import { parseConfig } from '../config.js';
import { judgeInbound, judgeSend, safetyLists } from './safety.js';

const N = '+32470112233';
const lists = { allow: new Set<string>(), deny: new Set<string>(), promoThreshold: 0.7 };
const cls = (act: Classification['act'], confidence = 0.9, safety: Classification['safety'] = null, promo = act === 'promo' ? confidence : 0): Classification => ({
  act,
  confidence,
  lang: 'nl',
  safety,
  promo,
});

describe('judgeInbound', () => {
  it('engages only on a confident first promo or the allow list', () => {
    expect(judgeInbound(undefined, N, cls('promo'), lists)).toMatchObject({ state: 'engaged', reply: true });
    expect(judgeInbound(undefined, N, cls('promo', 0.5), lists)).toMatchObject({ state: 'ignored', reply: false });
    expect(judgeInbound(undefined, N, cls('price'), lists)).toMatchObject({ state: 'ignored', reply: false });
    expect(judgeInbound('ignored', N, cls('promo'), lists)).toMatchObject({ state: 'ignored', reply: false });
    expect(judgeInbound('ignored', N, cls('other'), { ...lists, allow: new Set([N]) })).toMatchObject({ state: 'engaged', reply: true });
    expect(judgeInbound(undefined, null, cls('promo'), lists)).toMatchObject({ reply: false });
  });

  it('engages on the promo gate score, not on the act the act model preferred', () => {
    // "Nieuwe nummer! Bel me gewoon… wit groen pillen": act `call`, but the promo gate says promo
    expect(judgeInbound(undefined, N, cls('call', 0.92, null, 0.8), lists)).toMatchObject({ state: 'engaged', reply: true });
    // a confident `promo` act the gate does not confirm stays ignored
    expect(judgeInbound(undefined, N, cls('promo', 0.95, null, 0.3), lists)).toMatchObject({ state: 'ignored', reply: false });
  });

  it('the act model alone never stops or escalates: only the safety flag does', () => {
    // "zeg uw naam" read as threat 0.26 by the act model, no flag from the safety reader
    expect(judgeInbound('engaged', N, cls('threat', 0.26), lists)).toMatchObject({ state: 'engaged', reply: true });
    expect(judgeInbound('engaged', N, cls('opt_out', 0.6), lists)).toMatchObject({ state: 'engaged', reply: true });
    const e = judgeInbound('engaged', N, { ...cls('other', 0.5, 'escalate'), safetyReason: 'rule minor/school' }, lists);
    expect(e).toMatchObject({ state: 'escalated', reply: false });
    expect(e.alert).toContain('rule minor/school');
    expect(judgeInbound('engaged', N, { ...cls('other', 0.5, 'stop'), safetyReason: 'score opt_out 0.91 ≥ 0.40' }, lists).reason).toContain('score opt_out');
  });

  it('stop and escalate win over everything, and stay', () => {
    expect(judgeInbound('engaged', N, cls('opt_out', 0.9, 'stop'), lists)).toMatchObject({ state: 'stopped', reply: false });
    expect(judgeInbound('engaged', N, cls('other', 0.9, 'stop'), lists)).toMatchObject({ state: 'stopped' });
    expect(judgeInbound('stopped', N, cls('promo'), { ...lists, allow: new Set([N]) })).toMatchObject({ state: 'stopped', reply: false });
    const e = judgeInbound('engaged', N, cls('threat', 0.9, 'escalate'), lists);
    expect(e).toMatchObject({ state: 'escalated', reply: false });
    expect(e.alert).toBeTruthy();
    expect(judgeInbound('engaged', N, cls('promo'), { ...lists, deny: new Set([N]) })).toMatchObject({ state: 'denied', reply: false });
  });
});

describe('judgeSend', () => {
  const base = { numberState: 'engaged' as const, denied: false, killSwitch: false, sentToNumber24h: 0, sentGlobal24h: 0, caps: { perNumberPerDay: 2, globalPerDay: 3 } };
  it('sends only to engaged numbers under the caps with the kill switch off', () => {
    expect(judgeSend(base)).toEqual({ send: true });
    expect(judgeSend({ ...base, numberState: 'stopped' })).toMatchObject({ action: 'cancel' });
    expect(judgeSend({ ...base, numberState: 'ignored' })).toMatchObject({ action: 'cancel' });
    expect(judgeSend({ ...base, denied: true })).toMatchObject({ action: 'cancel' });
    expect(judgeSend({ ...base, killSwitch: true })).toMatchObject({ action: 'hold' });
    expect(judgeSend({ ...base, sentToNumber24h: 2 })).toMatchObject({ action: 'defer-number' });
    expect(judgeSend({ ...base, sentGlobal24h: 3 })).toMatchObject({ action: 'defer-global' });
  });
});

describe('safetyLists', () => {
  it('holds the numbers as the store keeps them, so a list entry in any notation matches', () => {
    const l = safetyLists(parseConfig({ allow: ['0470 11 22 33'], deny: ['0032 470 99 88 77', 'not a number'], promoThreshold: 0.8 }));
    expect([...l.allow]).toEqual(['+32470112233']);
    expect([...l.deny]).toEqual(['+32470998877', 'not a number']);
    expect(l.promoThreshold).toBe(0.8);
  });
});
