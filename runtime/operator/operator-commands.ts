// CLI glue for review, status, kill and export: opens the store, calls operator.ts / export.ts.
// Commands that only look (status, review list, export) open it read-only; none of them
// creates a database: a wrong --db is refused (Store.open) instead of becoming an empty one.
import { note, printJson, processIo } from '../../lib/console.js';
import { UsageError } from '../../lib/errors.js';
import { exportTranscript } from './export.js';
import { resolveKey } from '../../transcripts/pseudonym.js';
import { approve, editAndApprove, reject, reviewQueue, setKillSwitch, status, type Status } from './operator.js';
import { Store } from '../store/store.js';

function withStore<T>(db: string, access: 'read' | 'write', fn: (s: Store) => T): T {
  const s = Store.open(db, access);
  try {
    return fn(s);
  } finally {
    s.close();
  }
}

function parseId(id: string): number {
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`"${id}" is not a message id (see \`dealerbot review list\`)`);
  return n;
}

export function reviewList(o: { db: string; json?: boolean }): void {
  withStore(o.db, 'read', (s) => {
    const items = reviewQueue(s);
    if (o.json) return printJson(processIo, { items });
    if (!items.length) return note(processIo, 'review queue is empty');
    for (const i of items)
      processIo.stdout.write(`#${i.id}  to ${i.to}  [${i.tactic}]  due ${i.due}\n   dealer: ${i.last_in ?? '—'}\n   reply:  ${i.text}\n`);
  });
}

export function reviewDecide(verb: 'approve' | 'reject', id: string, o: { db: string }): void {
  withStore(o.db, 'write', (s) => (verb === 'approve' ? approve : reject)(s, parseId(id), Date.now()));
  note(processIo, `#${id} ${verb === 'approve' ? 'approved' : 'rejected'}`);
}

export function reviewEdit(id: string, text: string, o: { db: string }): void {
  withStore(o.db, 'write', (s) => editAndApprove(s, parseId(id), text, Date.now()));
  note(processIo, `#${id} edited and approved`);
}

export function statusCommand(o: { db: string; json?: boolean }): void {
  const st = withStore(o.db, 'read', (s) => status(s, Date.now()));
  if (o.json) return printJson(processIo, st);
  const w = (l: string) => processIo.stdout.write(l + '\n');
  const h = st.health;
  w(`health: ${h.status}${h.reported ? ` (reported ${h.reported})` : ' (serve has not reported)'}`);
  for (const r of h.reasons) w(`  - ${r}`);
  w(`kill switch: ${st.kill ? 'ON (nothing is sent)' : 'off'}`);
  w(`conversations active in the last 24 h: ${st.conversations_active_24h}; sent in the last 24 h: ${st.sent_24h}`);
  w(`dealer calls: ${st.calls.count} (${st.calls.seconds} s connected); meetings he went to: ${st.meetings}`);
  w(`numbers: ${JSON.stringify(st.numbers)}`);
  w(`silent: ${silenceLine(st)}`);
  w(`queue: ${JSON.stringify(st.queue)}`);
  for (const e of st.last_errors) w(`error #${e.id}: ${e.error}`);
  for (const a of st.alerts) w(`alert ${a.ts} [${a.kind}] ${a.number ?? ''} ${a.message}`);
}

/** "waiting 3 (follow_up 2, sms 1), capped 5": the reasons that hold for any conversation, most first. */
export function silenceLine(st: Pick<Status, 'silence' | 'waiting'>): string {
  const nonZero = (r: Record<string, number>) => Object.entries(r).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  const parts = nonZero(st.silence).map(([reason, n]) => {
    const kinds = reason === 'waiting' ? nonZero(st.waiting).map(([k, m]) => `${k} ${m}`) : [];
    return `${reason} ${n}${kinds.length ? ` (${kinds.join(', ')})` : ''}`;
  });
  return parts.length ? parts.join(', ') : 'no conversations';
}

export function killCommand(state: string, o: { db: string }): void {
  if (state !== 'on' && state !== 'off') throw new UsageError(`kill takes "on" or "off", got "${state}"`);
  withStore(o.db, 'write', (s) => setKillSwitch(s, state === 'on', Date.now()));
  note(processIo, state === 'on' ? 'kill switch ON: nothing will be sent' : 'kill switch off: sending resumes');
}

export async function exportCommand(o: { db: string; out: string; keyFile?: string }) {
  // the database first: a wrong --db should not leave a new key file behind
  const s = Store.open(o.db, 'read');
  try {
    // the same key as `data import`, so runtime logs and imported exports share pseudonyms
    const key = resolveKey({ keyFile: o.keyFile, onCreated: (p) => process.stderr.write(`dealerbot: created pseudonymisation key ${p}\n`) });
    return await exportTranscript(s, key, o.out);
  } finally {
    s.close();
  }
}
