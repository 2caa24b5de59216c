// The dry-run "gateway": one JSON line per message sent (DESIGN.md: {"to","text","ts","tactic",
// "conversation"}, plus the outbox "id" so a restart can tell whether a line was written).
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { OutboundMessage, Reconciled, Sender } from '../sender.js';

export class DryRunSender implements Sender {
  readonly name = 'dry-run';
  readonly idempotent = true; // reconcile reads the file by row id
  constructor(private readonly file: string) {}

  async send(m: OutboundMessage): Promise<{ gatewayId: string | null }> {
    const line =
      JSON.stringify({ to: m.to, text: m.text, ts: new Date(m.ts).toISOString(), tactic: m.tactic, conversation: String(m.conversation), id: m.id }) +
      '\n';
    const fd = openSync(this.file, 'a');
    try {
      // one write(2) of a whole line: in the OS when it returns, so it survives kill -9 (as the store)
      writeSync(fd, line);
    } finally {
      closeSync(fd);
    }
    return { gatewayId: `dry-run:${m.id}` };
  }

  async reconcile(m: OutboundMessage): Promise<Reconciled> {
    if (!existsSync(this.file)) return 'not-sent';
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        if ((JSON.parse(line) as { id?: number }).id === m.id) return 'sent';
      } catch {
        // a torn last line from a crash mid-write is not a sent message
      }
    }
    return 'not-sent';
  }
}
