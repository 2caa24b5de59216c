import { describe, expect, it } from 'vitest';
import { UsageError } from '../lib/errors.js';
import { renderPreview } from './preview.js';
import { summarizeCatalogue } from './summary.js';

describe('catalogue commands', () => {
  it('summarises the shipped catalogue', () => {
    const s = summarizeCatalogue();
    expect(s.tactics).toBe(16);
    expect(s.min_variants).toBeGreaterThanOrEqual(12);
    expect(s.variants.go_silent).toEqual({ nl: 0, en: 0 });
    expect(s.templates).toBe(Object.values(s.variants).reduce((n, v) => n + v.nl! + v.en!, 0));
  });

  it('previews a conversation with the given places, and refuses bad tactics and languages', () => {
    const p = renderPreview({ tactics: ['propose_meeting', 'go_silent', 'apologize_return'], lang: 'en', seed: 3, places: ['at the Zoo entrance'] });
    expect(p.persona.place).toBe('at the Zoo entrance');
    expect(p.replies[0]!.text).toContain('at the Zoo entrance');
    expect(p.replies[1]!.text).toBeNull();
    expect(p.replies[1]!.delay_min).toBeGreaterThanOrEqual(60);
    expect(() => renderPreview({ tactics: ['bribe'], lang: 'nl', seed: 1 })).toThrow(UsageError);
    expect(() => renderPreview({ tactics: ['haggle'], lang: 'fr', seed: 1 })).toThrow(/--lang must be one of nl, en/);
  });
});
