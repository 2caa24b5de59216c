// Opens a generated report in a real headless Chromium (Debian's package; .ci/run installs it)
// and checks what a person would see: every chart drawn, no console errors, a screenshot.
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildReportHtml } from './report.js';
import type { ReportData } from './report-data.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without a browser there is nothing to look with; CI installs one, so there this always runs.
const haveBrowser = existsSync(CHROMIUM);

const data: ReportData = {
  title: 'browser check',
  created: '2026-11-28T00:00:00.000Z',
  summary: { conversations: 3 },
  learning: [0, 1, 2, 3].map((i) => ({ step: i * 100, value: 10 + i * 5, lo: 8 + i * 5, hi: 12 + i * 5 })),
  policies: ['random', 'loop', 'heuristic', 'learned'].map((p, i) => ({ policy: p, value: 5 + 8 * i, lo: 4 + 8 * i, hi: 6 + 8 * i })),
  lengths: [1, 2, 3, 5, 8, 13].map((m, i) => ({ policy: i % 2 ? 'learned' : 'random', messages: m })),
  tacticsByStage: [
    { stage: 'opening', tactic: 'ask_menu', count: 4 },
    { stage: 'deal', tactic: 'haggle', count: 7 },
  ],
  ope: [
    { estimator: 'wdr', value: 20, lo: 17, hi: 23, kind: 'estimate' },
    { estimator: 'simulator', value: 21, lo: 20, hi: 22, kind: 'truth' },
  ],
  conversations: [{ title: 'c', events: [{ ts: '2026-10-03T21:00:00.000Z', direction: 'in', kind: 'sms', text: 'hallo 🔥', act: 'promo' }] }],
};

describe.skipIf(!haveBrowser)('report in headless Chromium', () => {
  it('draws every chart without console errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dealerbot-report-'));
    const file = join(dir, 'report.html');
    const { html, charts } = await buildReportHtml(data);
    await writeFile(file, html);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      const requests: string[] = [];
      page.on('request', (r) => !r.url().startsWith('file:') && requests.push(r.url()));
      await page.goto('file://' + file);
      const drawn = await page.$$eval('figure.chart svg', (svgs) =>
        svgs.map((s) => ({ marks: s.querySelectorAll('path, rect, line, circle, text').length, w: s.getBoundingClientRect().width })),
      );
      expect(drawn).toHaveLength(charts);
      for (const d of drawn) {
        expect(d.marks).toBeGreaterThan(5);
        expect(d.w).toBeGreaterThan(100);
      }
      await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
