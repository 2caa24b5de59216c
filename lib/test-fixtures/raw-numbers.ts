// Test helper: what of a phone number is still in an output. Two checks: seven consecutive
// digits of a number that went in (in a run of digits of the output, separators dropped, any
// digit script), and any span the redaction would still replace (a number nobody listed).
import { redactNumbers } from '../redact.js';

const digitRuns = (text: string) => [...text.normalize('NFKC').matchAll(/\d(?:[\s().\/~-]*\d)*/g)].map((m) => m[0].replace(/\D/g, ''));

/** One line per problem found in `text`; empty when it holds no raw number. */
export function rawNumbersIn(text: string, numbers: readonly string[]): string[] {
  const problems: string[] = [];
  const runs = digitRuns(text);
  for (const n of numbers) {
    const d = n.normalize('NFKC').replace(/\D/g, '');
    for (let i = 0; i + 7 <= d.length; i++) {
      const w = d.slice(i, i + 7);
      const run = runs.find((r) => r.includes(w));
      if (run) {
        problems.push(`${JSON.stringify(n)}: its digits ${w} are in ${run}`);
        break;
      }
    }
  }
  const again = redactNumbers(text);
  if (again !== text) {
    let at = 0;
    while (again[at] === text[at]) at++;
    problems.push(`a number-shaped span is left: …${JSON.stringify(text.slice(Math.max(0, at - 20), at + 30))}…`);
  }
  return problems;
}
