// The one reader of hand-written JSONL data files (NLU, safety and dialogue sets): each non-empty
// line parsed and checked against a zod schema; the first bad line is an InputError naming the
// file, the line and the reason (never the line's text).
import type { z } from 'zod';
import { InputError } from './errors.js';

export interface JsonlLine<T> {
  /** 1-based line number in the file */
  line: number;
  value: T;
}

export function parseJsonlLines<S extends z.ZodType>(file: string, content: string, schema: S): JsonlLine<z.output<S>>[] {
  const out: JsonlLine<z.output<S>>[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new InputError(file, i + 1, 'not valid JSON');
    }
    const r = schema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new InputError(file, i + 1, `${issue.path.length ? issue.path.join('.') + ': ' : ''}${issue.message}`);
    }
    out.push({ line: i + 1, value: r.data });
  }
  return out;
}
