import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureIo } from '../../lib/test-fixtures/capture-io.js';
import { describe, expect, it } from 'vitest';
import { groupConversations, parseEvent, type TranscriptEvent } from '../../core/transcript.js';
import { runSimulate } from './run-simulate.js';

const dir = mkdtempSync(join(tmpdir(), 'simulate-'));
const sink = captureIo;

describe('dealerbot simulate', () => {
  it('prints exactly one JSON object with the DESIGN.md summary fields', async () => {
    const { io, out } = sink();
    await runSimulate({ policy: 'heuristic', episodes: 50, seed: 3, json: true }, io);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const s = JSON.parse(lines[0]!);
    expect(s).toMatchObject({ policy: 'heuristic', episodes: 50 });
    for (const k of ['dealer_messages', 'calls', 'no_shows', 'burn_rate', 'span_hours']) expect(typeof s[k]).toBe('number');
    expect(s.dealer_minutes.ci95[0]).toBeLessThan(s.dealer_minutes.mean);
    expect(s.dealer_minutes.ci95[1]).toBeGreaterThan(s.dealer_minutes.mean);
  });

  it('writes a valid transcript v1 log whose dealer-minutes match the summary', async () => {
    const { io, out } = sink();
    const log = join(dir, 'log.jsonl');
    await runSimulate({ policy: 'random', episodes: 20, seed: 4, epsilon: 0.1, log, json: true }, io);
    const s = JSON.parse(out.stdout);
    const events = readFileSync(log, 'utf8').trim().split('\n').map((l) => {
      const r = parseEvent(JSON.parse(l));
      if (!r.ok) throw new Error(r.error);
      return r.value;
    });
    const convs = groupConversations(events);
    expect(convs.size).toBe(20);
    const { summarizeConversation } = await import('../../core/reward.js');
    const mean = [...convs.values()].reduce((a, c: TranscriptEvent[]) => a + summarizeConversation(c).dealer_minutes, 0) / convs.size;
    expect(mean).toBeCloseTo(s.dealer_minutes.mean, 6);
    expect(events.filter((e) => e.direction === 'in' && e.kind === 'sms').every((e) => e.text.length > 0)).toBe(true);
  });

  it('gives one-line usage errors for a bad policy, a bad persona file and a folder that is no bundle', async () => {
    const { io } = sink();
    await expect(runSimulate({ policy: 'constant:dance' }, io)).rejects.toThrow(/unknown tactic "dance"/);
    await expect(runSimulate({ policy: 'heuristic', personas: join(dir, 'none.json') }, io)).rejects.toThrow(/none\.json: cannot read persona file/);
    await expect(runSimulate({ policy: dir }, io)).rejects.toThrow(/policy\.json: cannot read \(ENOENT\)/);
  });
});
