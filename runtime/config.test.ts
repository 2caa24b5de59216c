import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFlags, loadConfig, parseConfig } from './config.js';

describe('config', () => {
  it('defaults to review mode, dry-run outbound and vague places', () => {
    const c = parseConfig({});
    expect(c.mode).toBe('review');
    expect(c.outbound).toEqual({ kind: 'dry-run', file: 'outbox.jsonl' });
    expect(c.places.length).toBeGreaterThan(0);
  });

  it('refuses unknown keys, naming them with their path', () => {
    expect(() => parseConfig({ mdoe: 'auto' }, 'bot.json')).toThrow('bot.json: unknown key "mdoe"');
    expect(() => parseConfig({ twilio: { authToken: 'x', form: '+32' } }, 'bot.json')).toThrow('unknown key "twilio.form"');
  });

  it('names the key of a bad value', () => {
    expect(() => parseConfig({ mode: 'yolo' }, 'bot.json')).toThrow(/bot\.json: key "mode"/);
    expect(() => parseConfig({ timeScale: 0 }, 'bot.json')).toThrow(/key "timeScale": must be > 0/);
    expect(() => parseConfig({ promoThreshold: 0.1 })).toThrow(/promoThreshold/);
  });

  it('refuses a place that could be a home or names a person, with the reason', () => {
    const why = (place: string) => {
      try {
        parseConfig({ places: ['aan het station', place] }, 'bot.json');
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(why('bij Jan Peeters thuis')).toMatch(/bot\.json: key "places\.1": "bij Jan Peeters thuis" could be somebody's home/);
    expect(why('Kerkstraat 12')).toMatch(/has a number in it/);
    expect(why('aan het huis met de rode deur')).toMatch(/somebody's home/);
    expect(why('bij Kevin')).toMatch(/names who the place belongs to/);
    expect(why('at Kevin')).toMatch(/names a person/);
    // each language of a per-language place is checked
    expect(() => parseConfig({ places: [{ nl: 'aan de Meir', en: 'at Kevin' }] }, 'bot.json')).toThrow(/places\.0\.en": "at Kevin" names a person/);
    expect(why("at Tom's")).toMatch(/whose place|belongs to/);
    expect(why('aan de winkel van Sofie')).toMatch(/names a person \("sofie"\)/);
    expect(why('my place')).toMatch(/somebody's home/);
    // public places, the catalogue's own included, load
    for (const p of ['aan de kerk op het plein', 'at the station', 'aan de Meir', 'aan het Centraal Station', 'aan de Groenplaats', 'bij de ingang van het park', 'at the park entrance', 'at Central Station', 'at Groenplaats'])
      expect(why(p), p).toBeNull();
  });

  it('requires what the chosen outbound gateway needs', () => {
    expect(() => parseConfig({ outbound: { kind: 'twilio' }, twilio: { accountSid: 'AC0123456789' } }, 'c.json')).toThrow(
      'c.json: outbound.kind is "twilio" but "twilio.authToken", "twilio.from" is missing',
    );
    const ok = parseConfig({ outbound: { kind: 'android-gateway' }, androidGateway: { url: 'http://127.0.0.1:9/', username: 'u', password: 'p' } });
    expect(ok.androidGateway!.url).toBe('http://127.0.0.1:9');
  });

  it('flags override the file', () => {
    const c = applyFlags(parseConfig({ mode: 'review' }), { mode: 'auto', dryRun: 'x.jsonl', timeScale: 60, allow: ['+32470000000'] });
    expect(c).toMatchObject({ mode: 'auto', outbound: { kind: 'dry-run', file: 'x.jsonl' }, timeScale: 60, allow: ['+32470000000'] });
  });

  it('a file that is not JSON is named by line and column, never quoted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealerbot-config-'));
    try {
      const f = join(dir, 'bot.json');
      writeFileSync(f, '{"mode": "auto",\n "twilio": {"authToken": sk_live_secret}}');
      expect(() => loadConfig(f)).toThrow(`${f}: not valid JSON (JSON parse error at line 2, column 26)`);
      writeFileSync(f, 'root:x:0:0:root:/root:/bin/bash\n');
      expect(() => loadConfig(f)).toThrow(`${f}: not valid JSON (JSON parse error at line 1, column 1)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('health thresholds have defaults and are checked', () => {
    expect(parseConfig({}).health).toEqual({ stallSeconds: 60, sendFailures: 3 });
    expect(parseConfig({ health: { stallSeconds: 300 } }).health).toEqual({ stallSeconds: 300, sendFailures: 3 });
    expect(() => parseConfig({ health: { stallSeconds: 0 } }, 'bot.json')).toThrow(/key "health.stallSeconds"/);
    expect(() => parseConfig({ health: { stall: 5 } }, 'bot.json')).toThrow(/unknown key "health.stall"/);
  });
});
