import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../lib/errors.js';
import { defaultPersonaMix, heldoutPersonaMix, jitterPersona, JITTERED_LOG, JITTERED_LOGIT, loadPersonaMix, personaSchema } from './persona.js';
import { Rng } from '../../lib/random.js';
import { SimConversation } from './conversation.js';

const dir = mkdtempSync(join(tmpdir(), 'personas-'));
function write(name: string, content: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return f;
}

describe('persona mixes', () => {
  it('bundles a default mix of at least eight different kinds in Dutch and English', () => {
    const mix = defaultPersonaMix();
    expect(mix.personas.length).toBeGreaterThanOrEqual(8);
    expect(new Set(mix.personas.map((p) => p.persona.kind)).size).toBe(mix.personas.length);
    expect(new Set(mix.personas.map((p) => p.persona.lang))).toEqual(new Set(['nl', 'en']));
  });

  it('bundles a held-out mix with other personas than the default', () => {
    const def = defaultPersonaMix();
    const held = heldoutPersonaMix();
    const ids = new Set(def.personas.map((p) => p.persona.id));
    expect(held.personas.length).toBeGreaterThanOrEqual(4);
    for (const { persona } of held.personas) {
      expect(ids.has(persona.id)).toBe(false);
      const same = def.personas.find((d) => JSON.stringify({ ...d.persona, id: '', kind: '' }) === JSON.stringify({ ...persona, id: '', kind: '' }));
      expect(same).toBeUndefined();
    }
  });

  it('names file, field and reason for a bad value', () => {
    const mix = structuredClone(defaultPersonaMix());
    (mix.personas[2]!.persona as { replyProb: number }).replyProb = 1.5;
    const f = write('bad-range.json', mix);
    expect(() => loadPersonaMix(f)).toThrow(InputError);
    expect(() => loadPersonaMix(f)).toThrow(`${f}: personas.2.persona.replyProb: Too big`);
  });

  it('rejects a missing field, an unknown field and a duplicate id', () => {
    const missing = structuredClone(defaultPersonaMix()) as unknown as { personas: { persona: Record<string, unknown> }[] };
    delete missing.personas[0]!.persona.delay;
    expect(() => loadPersonaMix(write('missing.json', missing))).toThrow(/personas\.0\.persona\.delay/);
    const extra = structuredClone(defaultPersonaMix()) as unknown as { personas: { persona: Record<string, unknown> }[] };
    extra.personas[1]!.persona.mood = 'happy';
    expect(() => loadPersonaMix(write('extra.json', extra))).toThrow(/personas\.1\.persona.*mood/);
    const dup = structuredClone(defaultPersonaMix());
    dup.personas[1]!.persona.id = dup.personas[0]!.persona.id;
    expect(() => loadPersonaMix(write('dup.json', dup))).toThrow(/personas\.1\.persona\.id: duplicate persona id/);
  });

  it('reports invalid JSON with its line and a missing file', () => {
    const f = write('broken.json', '{\n  "format": "dealerbot-personas",\n  "version": 1,\n  oops\n}');
    expect(() => loadPersonaMix(f)).toThrow(new RegExp(`${f}:4: not valid JSON`));
    expect(() => loadPersonaMix(join(dir, 'nope.json'))).toThrow(/nope\.json: cannot read persona file \(ENOENT\)/);
  });
});

describe('jitterPersona (domain randomisation)', () => {
  const base = defaultPersonaMix().personas[0]!.persona;
  it('returns the persona itself at scale 0', () => {
    expect(jitterPersona(base, 0, new Rng(1))).toBe(base);
  });

  it('stays a valid persona at any scale, moves only the listed parameters, around the original', () => {
    const rng = new Rng(5);
    const moved = [...JITTERED_LOGIT, ...JITTERED_LOG] as string[];
    for (const scale of [0.3, 1, 3]) {
      const meetLogits: number[] = [];
      for (let i = 0; i < 500; i++) {
        const q = jitterPersona(base, scale, rng);
        expect(personaSchema.safeParse(q).success).toBe(true);
        for (const k of Object.keys(base) as (keyof typeof base)[]) if (!moved.includes(k)) expect(q[k]).toEqual(base[k]);
        meetLogits.push(Math.log(q.meetProb / (1 - q.meetProb)));
      }
      meetLogits.sort((a, b) => a - b);
      const median = meetLogits[250]!;
      expect(Math.abs(median - Math.log(base.meetProb / (1 - base.meetProb)))).toBeLessThan(0.2 * scale + 0.05);
    }
  });

  it('changes the dealer but not the draws of the conversation without it', () => {
    const mix = defaultPersonaMix();
    const plain = new SimConversation({ mix });
    const jit = new SimConversation({ mix, personaJitter: 0.5 });
    plain.reset('3:1');
    jit.reset('3:1');
    expect(jit.persona.id).toBe(plain.persona.id);
    expect(jit.persona.meetProb).not.toBe(plain.persona.meetProb);
    expect(jit.events[0]!.tMs).toBe(plain.events[0]!.tMs);
  });
});
