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

  it('masks ask_price once a price was read in his messages, or a message of his was read as his price (v2)', () => {
    const s = initialPreconditionState();
    updatePreconditionState(s, { direction: 'in', kind: 'sms', act: 'product' });
    expect(isAllowed(s, 'ask_price')).toBe(true);
    updatePreconditionState(s, { direction: 'in', kind: 'sms', act: 'price' });
    expect(isAllowed(s, 'ask_price')).toBe(false);
    expect(isAllowed(s, 'haggle')).toBe(true);
    const promo = updatePreconditionState(initialPreconditionState(), { direction: 'in', kind: 'sms', act: 'promo', priced: true });
    expect(tacticMask(promo)[TACTIC_INDEX.ask_price]).toBe(0);
  });

  it('allows haggle only once a price is on the table', () => {
    const s = initialPreconditionState();
    expect(isAllowed(s, 'haggle')).toBe(false);
    updatePreconditionState(s, { direction: 'in', kind: 'sms', act: 'price' });
    expect(isAllowed(s, 'haggle')).toBe(true);
  });

  describe('v2: meetings agreed by either side', () => {
    const fold = (...evs: Parameters<typeof updatePreconditionState>[1][]) => {
      const s = initialPreconditionState();
      for (const e of evs) updatePreconditionState(s, e);
      return s;
    };
    const ourPropose = { direction: 'out' as const, kind: 'sms' as const, tactic: 'propose_meeting' };
    const hisOk = { direction: 'in' as const, kind: 'sms' as const, act: 'meet_confirm' };
    const hisPropose = { direction: 'in' as const, kind: 'sms' as const, act: 'meet_propose' };
    const ourConfirm = { direction: 'out' as const, kind: 'sms' as const, tactic: 'confirm_meeting' };
    const meeting = { direction: 'in' as const, kind: 'meeting' as const };

    it('his "ok, 23u dan" to our proposal agrees the meeting: moving it is possible, late once the window opens, proposing it again is not', () => {
      const s = fold(ourPropose, hisOk);
      expect(s.meetingAgreed).toBe(true);
      // v3: the meeting is ahead until our next message (then he goes, or not)
      expect(s.meetingWindow).toBe('ahead');
      expect(isAllowed(s, 'running_late')).toBe(false);
      expect(isAllowed({ ...s, meetingWindow: 'open' }, 'running_late')).toBe(true);
      expect(isAllowed(s, 'reschedule')).toBe(true);
      expect(isAllowed(s, 'propose_meeting')).toBe(false);
      // "top, tot dan" is still ours to say, once
      expect(isAllowed(s, 'confirm_meeting')).toBe(true);
      updatePreconditionState(s, ourConfirm);
      expect(isAllowed(s, 'confirm_meeting')).toBe(false);
    });

    it('v3: the events say where the window stands — ahead after his yes, open once he went, closed by our silence or a new time', () => {
      const meeting = { direction: 'in' as const, kind: 'meeting' as const };
      const wait = { direction: 'out' as const, kind: 'wait' as const, tactic: 'go_silent' };
      const late = { direction: 'out' as const, kind: 'sms' as const, tactic: 'running_late' };
      const ourReschedule = { direction: 'out' as const, kind: 'sms' as const, tactic: 'reschedule' };
      expect(fold(ourPropose).meetingWindow).toBe('none');
      // our next message sends him on his way; without a meeting event he did not go
      expect(fold(ourPropose, hisOk, ourConfirm).meetingWindow).toBe('none');
      const there = fold(ourPropose, hisOk, ourConfirm, meeting);
      expect(there.meetingWindow).toBe('open');
      expect(isAllowed(there, 'ask_location')).toBe(true);
      expect(isAllowed(there, 'running_late')).toBe(true);
      // a stall keeps it open; a silence or a new time of ours closes it
      expect(fold(ourPropose, hisOk, ourConfirm, meeting, late).meetingWindow).toBe('open');
      expect(fold(ourPropose, hisOk, ourConfirm, meeting, wait).meetingWindow).toBe('none');
      expect(fold(ourPropose, hisOk, ourConfirm, meeting, ourReschedule).meetingWindow).toBe('none');
      expect(isAllowed(fold(ourPropose, hisOk, ourConfirm, meeting, wait), 'ask_location')).toBe(false);
      // his new time puts a new meeting on the table
      expect(fold(ourPropose, hisOk, ourConfirm, meeting, late, hisPropose).meetingWindow).toBe('none');
    });

    it('his new proposal after an agreed meeting ("laatste kans, morgen 20u") is confirmed or countered, not rescheduled', () => {
      const s = fold(ourPropose, hisOk, ourConfirm, hisPropose);
      expect(isAllowed(s, 'confirm_meeting')).toBe(true);
      expect(isAllowed(s, 'propose_meeting')).toBe(true);
      expect(isAllowed(s, 'reschedule')).toBe(false);
      expect(isAllowed(s, 'running_late')).toBe(false);
    });

    it('after he went in vain, a reschedule or a late excuse; a new proposal clears that', () => {
      const s = fold(hisPropose, ourConfirm, meeting);
      expect(s.meetingAgreed).toBe(false);
      expect(isAllowed(s, 'reschedule')).toBe(true);
      expect(isAllowed(s, 'running_late')).toBe(true);
      expect(isAllowed(s, 'propose_meeting')).toBe(true);
      // "ok tot dan" to a meeting that is over gives the bot away
      expect(isAllowed(s, 'confirm_meeting')).toBe(false);
      updatePreconditionState(s, hisPropose);
      expect(isAllowed(s, 'reschedule')).toBe(false);
      expect(isAllowed(s, 'confirm_meeting')).toBe(true);
    });

    it('a proposal or reschedule without an agreement leaves nothing to move or be late for', () => {
      expect(isAllowed(fold(ourPropose), 'reschedule')).toBe(false);
      expect(isAllowed(fold(hisPropose), 'running_late')).toBe(false);
      // his "ok tot dan" with nothing on the table is a proposal to us, not an agreement
      expect(fold(hisOk).meetingAgreed).toBe(false);
      expect(isAllowed(fold(hisOk), 'confirm_meeting')).toBe(true);
    });

    it('does not ask where to meet once a place is on the table', () => {
      expect(isAllowed(initialPreconditionState(), 'ask_location')).toBe(true);
      expect(isAllowed(fold(hisPropose), 'ask_location')).toBe(false);
      expect(isAllowed(fold(ourPropose), 'ask_location')).toBe(false);
    });

    it('the runtime masks running_late while the window is still ahead, and allows a stalling ask_location in it', () => {
      const s = fold(ourPropose, hisOk);
      s.meetingWindow = 'ahead';
      expect(isAllowed(s, 'running_late')).toBe(false);
      expect(isAllowed(s, 'ask_location')).toBe(false);
      s.meetingWindow = 'open';
      expect(isAllowed(s, 'running_late')).toBe(true);
      expect(isAllowed(s, 'ask_location')).toBe(true);
    });
  });
});
