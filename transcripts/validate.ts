// `data validate`: every line of a transcript checked against schema v1; each error names
// file:line and the reason.
import { readTranscript } from './read.js';
import { rejectWhere } from './import/record.js';

export interface ValidationReport {
  file: string;
  valid: boolean;
  events: number;
  errors: { file: string; line: number | null; reason: string }[];
}

export async function runValidate(file: string): Promise<ValidationReport> {
  const { events, rejects } = await readTranscript(file);
  const errors = rejects.map((r) => ({ file: r.file, line: r.line ?? null, reason: r.reason }));
  if (!events.length && !errors.length) errors.push({ file, line: null, reason: 'no events' });
  return {
    file,
    valid: errors.length === 0,
    events: events.length,
    errors,
  };
}

export function formatValidationErrors(r: ValidationReport): string[] {
  return r.errors.map((e) => `${rejectWhere({ file: e.file, line: e.line ?? undefined })}: ${e.reason}`);
}
