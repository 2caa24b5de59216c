import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from './store.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('store.lastEvents', () => {
  it("is the tail of events(), in the same time order, also when an event's time is earlier than its id says", () => {
    dir = mkdtempSync(join(tmpdir(), 'dealerbot-tail-'));
    const store = Store.open(join(dir, 'bot.db'), 'create');
    const a = store.conversationFor('+32470112233', 0, 86_400_000).id;
    const b = store.conversationFor('+32470445566', 0, 86_400_000).id;
    // stored out of time order (an import, a late delivery report): the order is by time, then id
    const times = [0, 5, 3, 9, 9, 12, 7, 20];
    for (const [i, t] of times.entries()) {
      store.addEvent({ conversation: a, ts_ms: t * 60_000, direction: i % 2 ? 'out' : 'in', kind: 'sms', text: `a${i}`, processed: true });
      store.addEvent({ conversation: b, ts_ms: t * 60_000, direction: 'in', kind: 'sms', text: `b${i}`, processed: true });
    }
    const all = store.events(a);
    for (const n of [1, 3, 5, 8, 50]) expect(store.lastEvents(a, n)).toEqual(all.slice(-n));
    expect(store.lastEvents(a, 3).map((e) => e.text)).toEqual(['a4', 'a5', 'a7']);
    store.close();
  });
});
