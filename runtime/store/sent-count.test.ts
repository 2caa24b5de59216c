import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from './store.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A store with `n` replies sent one minute apart, alternating between two numbers. */
function sentReplies(n: number): { file: string; store: Store } {
  dir = mkdtempSync(join(tmpdir(), 'dealerbot-sent-'));
  const file = join(dir, 'bot.db');
  const store = Store.open(file, 'create');
  const numbers = ['+32470112233', '+32470445566'];
  const conv = numbers.map((x) => store.conversationFor(x, 0, 86_400_000).id);
  for (let i = 0; i < n; i++) {
    const id = store.addOutbox({ conversation: conv[i % 2]!, number: numbers[i % 2]!, kind: 'sms', text: `r${i}`, tactic: 'ask_menu', decision: null, created_ms: i * 60_000, due_ms: i * 60_000, state: 'scheduled' });
    store.markSending(id);
    store.markSent(id, i * 60_000, null);
  }
  return { file, store };
}

describe('the caps count the day\'s sends', () => {
  it('in all and per number, after `since`, and stop counting at `atMost`', () => {
    const { store } = sentReplies(10);
    expect(store.sentCount(-1)).toBe(10);
    expect(store.sentCount(4 * 60_000)).toBe(5); // sent at minutes 5..9
    expect(store.sentCount(-1, '+32470112233')).toBe(5);
    expect(store.sentCount(-1, undefined, 3)).toBe(3);
    expect(store.sentCount(-1, '+32470445566', 2)).toBe(2);
    expect(store.sentCount(-1, undefined, 50)).toBe(10);
    expect(store.oldestSent(4 * 60_000)).toBe(5 * 60_000);
    store.close();
  });

  it('through the index on send time, not by walking every sent row (the cost of a busy day)', () => {
    const { file, store } = sentReplies(1);
    store.close();
    const db = new Database(file, { readonly: true });
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT count(*) AS n FROM (SELECT 1 FROM outbox INDEXED BY outbox_sent_at WHERE state = 'sent' AND sent_ms > ? LIMIT ?)`)
      .all(0, 10) as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' ')).toMatch(/outbox_sent_at \(sent_ms>\?\)/);
    db.close();
  });
});
