import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDemo } from './demo.js';

describe('npm run demo (tiny budget)', () => {
  it('imports, logs, trains, evaluates and writes a report with every chart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dealerbot-demo-'));
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    stdout.on('data', (c) => (out += c));
    stderr.resume();
    try {
      const r = await runDemo({ dir, steps: 2, logged: 60, simEpisodes: 60, liveDealers: 4, io: { stdout, stderr } });
      expect(out).toMatch(/dealerbot demo — summary/);
      expect(out).toMatch(/trained +\d+\.\d \[/);
      expect(out).toContain(r.report);
      const html = await readFile(r.report, 'utf8');
      expect(html.match(/<figure class="chart"/g)?.length).toBe(5);
      expect(r.ope.estimators.wdr.value).toBeGreaterThan(0);
      expect(r.ope.sim?.dealer_minutes.mean).toBeGreaterThan(0);
      expect(out).toMatch(/live runtime on loopback: 4 simulated dealers/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
