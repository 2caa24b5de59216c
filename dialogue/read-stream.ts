// `dealerbot dialogue read`: one JSON reading per input line (slots only, in the labelled form).
import type { Lang } from '../core/lang.js';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { UsageError } from '../lib/errors.js';
import { readMessage, toSlots } from './reader/read.js';

export async function readStream(input: Readable, output: Writable, lang?: string): Promise<void> {
  if (lang !== undefined && lang !== 'nl' && lang !== 'en') throw new UsageError(`--lang must be nl or en, not ${JSON.stringify(lang)}`);
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    const r = readMessage(line, lang as Lang | undefined);
    output.write(JSON.stringify({ text: line, lang: r.lang, ...toSlots(r) }) + '\n');
  }
}
