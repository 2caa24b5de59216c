// `dealerbot classify`: stdin lines → one JSON object per line on stdout (JSONL, nothing else).
// Every input line gets exactly one output line, blank ones included, so outputs align with inputs.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { type DealerActClassifier, loadClassifier } from './classifier.js';

const FLUSH_CHARS = 64 * 1024;

export async function classifyStream(input: Readable, output: Writable, classifier: DealerActClassifier = loadClassifier()): Promise<{ lines: number }> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let buffer = '';
  let lines = 0;
  const flush = async () => {
    if (buffer === '') return;
    const ok = output.write(buffer);
    buffer = '';
    if (!ok) await new Promise<void>((resolve) => output.once('drain', resolve));
  };
  for await (const line of rl) {
    buffer += JSON.stringify(classifier.classify(line)) + '\n';
    lines++;
    if (buffer.length >= FLUSH_CHARS) await flush();
  }
  await flush();
  return { lines };
}
