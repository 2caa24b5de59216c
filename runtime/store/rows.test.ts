import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { TACTICS } from '../../core/tactics.js';
import { Store } from './store.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A store with one conversation: an inbound promo (classified), a decision and its reply. */
function filled() {
  dir = mkdtempSync(join(tmpdir(), 'dealerbot-rows-'));
  const file = join(dir, 'bot.db');
  const s = Store.open(file, 'create');
  const c = s.conversationFor('+32470112233', 1000, 86_400_000);
  s.setPersona(c.id, 'nl', 'aan het station');
  const ev = s.addEvent({ conversation: c.id, ts_ms: 1000, direction: 'in', kind: 'sms', text: 'coke te koop', processed: false });
  s.classifyEvent(ev, 'promo', 0.9, 'nl', null);
  const probs = TACTICS.map((t) => (t === 'ask_menu' ? 1 : 0));
  const d = s.addDecision({ conversation: c.id, trigger: ev, ts_ms: 1000, features_hash: null, tactic: 'ask_menu', probability: 1, bundle_id: 'b', probs, masked: ['confirm_meeting'] });
  const out = s.addOutbox({ conversation: c.id, number: '+32470112233', kind: 'sms', text: 'wa hebde?', tactic: 'ask_menu', decision: d, created_ms: 1000, due_ms: 2000, state: 'review' });
  s.close();
  return { file, conversation: c.id, event: ev, decision: d, outbox: out, probs };
}

function damage(file: string, sql: string): void {
  const db = new Database(file);
  db.exec(sql);
  db.close();
}

describe('rows come back typed', () => {
  it('with the unions of core/ and booleans and arrays, not strings', () => {
    const f = filled();
    const s = Store.open(f.file, 'read');
    expect(s.event(f.event)).toMatchObject({ direction: 'in', kind: 'sms', act: 'promo', lang: 'nl', safety: null, tactic: null, processed: false });
    expect(s.conversation(f.conversation)).toMatchObject({ lang: 'nl', place: 'aan het station' });
    expect(s.decision(f.decision)).toMatchObject({ tactic: 'ask_menu', trigger_event: f.event, probs: f.probs, masked: ['confirm_meeting'] });
    expect(s.lastDecision(f.conversation)?.id).toBe(f.decision);
    expect(s.outbox(f.outbox)).toMatchObject({ kind: 'sms', state: 'review', tactic: 'ask_menu' });
    expect(s.queueCounts()).toEqual({ review: 1 });
    s.close();
  });
});

describe('a stored value outside its type is a BadRowError naming table, row and column', () => {
  const cases: [string, string, (s: Store, f: ReturnType<typeof filled>) => unknown, RegExp][] = [
    ['an unknown act', `UPDATE events SET act = 'haggle_hard'`, (s, f) => s.event(f.event), /^events row \d+: act "haggle_hard" is not a valid value/],
    ['an unknown language', `UPDATE events SET lang = 'fr'`, (s, f) => s.events(f.conversation), /^events row \d+: lang "fr"/],
    ['an unknown safety flag', `UPDATE events SET safety = 'maybe'`, (s, f) => s.event(f.event), /^events row \d+: safety "maybe"/],
    ['an unknown direction', `UPDATE events SET direction = 'sideways'`, (s, f) => s.event(f.event), /^events row \d+: direction "sideways"/],
    ['a conversation language', `UPDATE conversations SET lang = 'de'`, (s, f) => s.conversation(f.conversation), /^conversations row \d+: lang "de"/],
    ['an unknown tactic in a decision', `UPDATE decisions SET tactic = 'bribe'`, (s, f) => s.decision(f.decision), /^decisions row \d+: tactic "bribe"/],
    ['probabilities that are not JSON', `UPDATE decisions SET probs = 'lots'`, (s, f) => s.lastDecision(f.conversation), /^decisions row \d+: probs "lots"/],
    ['an unknown tactic among the masked', `UPDATE decisions SET masked = '["bribe"]'`, (s, f) => s.decision(f.decision), /^decisions row \d+: masked \["bribe"\]/],
    ['an unknown outbox state', `UPDATE outbox SET state = 'lost'`, (s, f) => s.outbox(f.outbox), /^outbox row \d+: state "lost"/],
    ['an unknown outbox kind', `UPDATE outbox SET kind = 'fax'`, (s) => s.outboxInState('review'), /^outbox row \d+: kind "fax"/],
    ['an unknown number state', `INSERT INTO numbers VALUES ('+32470999999', 'friendly', NULL, 1, 1)`, (s) => s.numberState('+32470999999'), /^numbers row \+32470999999: state "friendly"/],
  ];
  it.each(cases)('%s', (_what, sql, read, says) => {
    const f = filled();
    damage(f.file, sql);
    const s = Store.open(f.file, 'read');
    expect(() => read(s, f)).toThrow(expect.objectContaining({ code: 'E_STORE_ROW', message: expect.stringMatching(says) }));
    s.close();
  });
});
