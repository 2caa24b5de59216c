// `dealerbot data features FILE --out F`: replays a transcript file (JSONL, schema v1) into
// features v1 and fits the normaliser a policy bundle embeds. A bad line is an error with file
// and line, never skipped.
import { readFileSync, writeFileSync } from 'node:fs';
import { InputError } from '../../lib/errors.js';
import { groupConversations, parseEvent, type TranscriptEvent } from '../transcript.js';
import { FEATURES_VERSION, FEATURE_SIZE } from './feature-names.js';
import { fitNormalizer, type FeatureNormalizer } from './normalizer.js';
import { encodeConversation, type ObservedEventOptions } from './replay.js';

export interface FitFileResult {
  file: string;
  conversations: number;
  decisions: number;
  features: { version: number; size: number };
  out: string | null;
  normalizer: FeatureNormalizer;
}

export function fitNormalizerFromFile(file: string, out?: string, opts: ObservedEventOptions = {}): FitFileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, undefined, `cannot read: ${(e as Error).message}`);
  }
  const events: TranscriptEvent[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new InputError(file, i + 1, 'not valid JSON');
    }
    const r = parseEvent(raw);
    if (!r.ok) throw new InputError(file, i + 1, r.error);
    events.push(r.value);
  });
  const convs = groupConversations(events);
  const blocks = [...convs.values()].map((c) => encodeConversation(c, opts));
  const rows = blocks.reduce((n, b) => n + b.rows, 0);
  if (!rows) throw new InputError(file, undefined, 'no decisions (out sms/mms/wait events) to fit features on');
  const data = new Float32Array(rows * FEATURE_SIZE);
  let off = 0;
  for (const b of blocks) {
    data.set(b.data, off);
    off += b.data.length;
  }
  const normalizer = fitNormalizer({ data, rows });
  if (out) writeFileSync(out, JSON.stringify(normalizer, null, 2) + '\n');
  return { file, conversations: convs.size, decisions: rows, features: { version: FEATURES_VERSION, size: FEATURE_SIZE }, out: out ?? null, normalizer };
}
