import { describe, expect, it } from 'vitest';
import { initialPreconditionState, isAllowed, tacticMask, updatePreconditionState } from './preconditions.js';
import { TACTIC_INDEX } from './tactics.js';

describe('tactic preconditions', () => {
  it('allows confirm_meeting only after a proposal, running_late only after confirming', () => {
    const s = initialPreconditionState();
    expect(isAllowed(s, 'confirm_meeting')).toBe(false);
    expect(isAllowed(s, 'running_late')).toBe(false);
    updatePreconditionState(s, { direction: 'in', kind: 'sms', act: 'meet_propose' });
    expect(isAllowed(s, 'confirm_meeting')).toBe(true);
    updatePreconditionState(s, { direction: 'out', kind: 'sms', tactic: 'confirm_meeting' });
    expect(isAllowed(s, 'running_late')).toBe(true);
    expect(isAllowed(s, 'confirm_meeting')).toBe(false);
    updatePreconditionState(s, { direction: 'out', kind: 'sms', tactic: 'reschedule' });
    expect(isAllowed(s, 'running_late')).toBe(false);
    expect(isAllowed(s, 'confirm_meeting')).toBe(true);
  });

  it('pairs go_silent with apologize_return', () => {
    const s = initialPreconditionState();
    const m0 = tacticMask(s);
    expect(m0[TACTIC_INDEX.go_silent]).toBe(1);
    expect(m0[TACTIC_INDEX.apologize_return]).toBe(0);
    updatePreconditionState(s, { direction: 'out', kind: 'wait', tactic: 'go_silent' });
    const m1 = tacticMask(s);
    expect(m1[TACTIC_INDEX.go_silent]).toBe(0);
    expect(m1[TACTIC_INDEX.apologize_return]).toBe(1);
    expect(s.decisions).toBe(1);
  });

  it('masks ask_price once a price was read in his messages, not on a price act alone (the simulator)', () => {
    const s = initialPreconditionState();
    updatePreconditionState(s, { direction: 'in', kind: 'sms', act: 'price' });
    expect(isAllowed(s, 'ask_price')).toBe(true);
    updatePreconditionState(s, { direction: 'in', kind: 'sms', act: 'promo', priced: true });
    expect(isAllowed(s, 'ask_price')).toBe(false);
    expect(isAllowed(s, 'haggle')).toBe(true);
    expect(tacticMask(s)[TACTIC_INDEX.ask_price]).toBe(0);
  });

  it('allows haggle only once a price is on the table', () => {
    const s = initialPreconditionState();
    expect(isAllowed(s, 'haggle')).toBe(false);
    updatePreconditionState(s, { direction: 'in', kind: 'sms', act: 'price' });
    expect(isAllowed(s, 'haggle')).toBe(true);
  });
});
