// The tree shows the architecture (docs/DESIGN.md, "Layout"): each room may import only the
// rooms below it. Read from the real import statements of every source file, so a new upward
// import fails here instead of quietly turning the layers into a web.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = import.meta.dirname;

/** What each room may import (besides itself). `scripts/` may use everything. */
const ALLOWED: Record<string, readonly string[]> = {
  lib: [],
  core: ['lib'],
  // dialogue: the meeting rule (dialogue/state/attended.ts) is applied to imported logs
  transcripts: ['lib', 'core', 'nlu', 'catalogue', 'dialogue'],
  nlu: ['lib', 'core'],
  catalogue: ['lib', 'core'],
  dialogue: ['lib', 'core', 'nlu'],
  models: ['lib', 'core'],
  trainer: ['lib', 'core', 'transcripts', 'nlu', 'catalogue', 'dialogue', 'models'],
  runtime: ['lib', 'core', 'transcripts', 'nlu', 'catalogue', 'dialogue', 'models'],
};
/** End-to-end tests may cross a layer (DESIGN.md: "except in end-to-end tests"). */
const isTest = (f: string) => /\.test\.ts$|\/test-fixtures\//.test(f);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

const roomOf = (file: string) => relative(ROOT, file).split('/')[0]!;

/** The imports of one file (its source text given) that leave the rooms its room may use. */
function badImports(room: string, file: string, src: string): string[] {
  const bad: string[] = [];
  for (const m of src.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), m[1]!);
    const to = roomOf(target);
    if (to !== room && !ALLOWED[room]!.includes(to)) bad.push(`${relative(ROOT, file)} → ${relative(ROOT, target)}`);
  }
  return bad;
}

describe('layout', () => {
  const rooms = Object.keys(ALLOWED);

  it.each(rooms)('%s/ imports only the rooms below it', (room) => {
    const dir = join(ROOT, room);
    let files: string[] = [];
    try {
      files = sources(dir).filter((f) => !isTest(f));
    } catch {
      return; // a room that does not exist yet
    }
    expect(files.flatMap((f) => badImports(room, f, readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('every code folder at the top is a known room', () => {
    const code = readdirSync(ROOT).filter((d) => statSync(join(ROOT, d)).isDirectory() && sources(join(ROOT, d)).some((f) => !f.includes('/node_modules/')));
    const known = new Set([...rooms, 'scripts', 'bin', 'dist', 'node_modules', 'data', 'docs', 'runs', 'coverage']);
    expect(code.filter((d) => !known.has(d) && !d.startsWith('.'))).toEqual([]);
  });

  it('catches an upward import, static or dynamic (the check can fail)', () => {
    const file = join(ROOT, 'core', 'x.ts');
    const src = "import { a } from '../lib/errors.js';\nimport type { B } from './acts.js';\nconst m = await import('../runtime/engine/engine.js');\nimport { T } from '../trainer/env.js';";
    expect(badImports('core', file, src)).toEqual(['core/x.ts → runtime/engine/engine.js', 'core/x.ts → trainer/env.js']);
  });
});
