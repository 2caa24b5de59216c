import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConversationRenderer } from '../../catalogue/render.js';
import { Rng } from '../../lib/random.js';
import { Store } from '../store/store.js';
import { personaSeed } from './dialogue.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('persona secret', () => {
  it('is generated once per database and kept; a configured one wins', () => {
    const d = mkdtempSync(join(tmpdir(), 'dealerbot-secret-'));
    dirs.push(d);
    const db = join(d, 'bot.db');
    const a = Store.open(db, 'create');
    const s1 = a.personaSecret();
    expect(s1).toMatch(/^[0-9a-f]{64}$/);
    expect(a.personaSecret()).toBe(s1);
    a.close();
    const b = Store.open(db, 'create');
    expect(b.personaSecret()).toBe(s1);
    expect(b.personaSecret('from-the-config-file')).toBe('from-the-config-file');
    b.close();
    const other = Store.open(':memory:', 'create');
    expect(other.personaSecret()).not.toBe(s1);
    other.close();
  });

  it('gives conversation #1 of different deployments different personas and openings', () => {
    const first = (secret: string) => {
      const r = new ConversationRenderer({ rng: new Rng(personaSeed(secret, 1)), places: ['aan de Meir'] });
      return { name: r.persona.name, text: r.render('show_interest', 'nl').text };
    };
    const runs = Array.from({ length: 20 }, (_, i) => first(`deployment-secret-${i}`));
    expect(new Set(runs.map((r) => r.name)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(runs.map((r) => r.text)).size).toBeGreaterThanOrEqual(15);
    // and the same deployment keeps its persona for a conversation (restarts)
    expect(first('deployment-secret-3')).toEqual(runs[3]);
    expect(personaSeed('s', 1)).not.toBe(personaSeed('s', 2));
  });
});
