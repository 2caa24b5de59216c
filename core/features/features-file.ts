// `dealerbot data features FILE [--out F]`: replays a transcript file (JSONL, schema v1) into
// features v1 and writes the vector before each of our decisions, one JSON line per decision,
// the features by name. These are the raw vectors: a policy standardises them with the
// normalisation its bundle stores (policy.json `features.mean` / `features.std`). A bad line is
// an error with file and line, never skipped.
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../lib/atomic-write.js';
import { InputError } from '../../lib/errors.js';
import { groupConversations, parseEvent, type TranscriptEvent } from '../transcript.js';
import { FEATURE_NAMES, FEATURES_VERSION, FEATURE_SIZE } from './feature-names.js';
import { encodeConversation, type ObservedEventOptions } from './replay.js';

export interface FeaturesFileResult {
  file: string;
  conversations: number;
  decisions: number;
  features: { version: number; size: number };
  out: string | null;
}

/** One line of the output: the state before one decision. */
export interface FeatureRow {
  conversation: string;
  /** line of the decision in the transcript file (1-based) */
  line: number;
  ts: string;
  /** the logged tactic of the decision, when the transcript has one */
  tactic?: string;
  features: Record<string, number>;
}

export async function writeFeaturesFile(file: string, out?: string, opts: ObservedEventOptions = {}): Promise<FeaturesFileResult> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, undefined, `cannot read: ${(e as Error).message}`);
  }
  const events: TranscriptEvent[] = [];
  const lineOf = new Map<TranscriptEvent, number>();
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
    lineOf.set(r.value, i + 1);
  });
  const convs = groupConversations(events);
  const rows: FeatureRow[] = [];
  for (const [conversation, c] of convs) {
    const { data, eventIndex } = encodeConversation(c, opts);
    eventIndex.forEach((at, r) => {
      const e = c[at]!;
      const features: Record<string, number> = {};
      for (let j = 0; j < FEATURE_SIZE; j++) features[FEATURE_NAMES[j]!] = data[r * FEATURE_SIZE + j]!;
      rows.push({ conversation, line: lineOf.get(e)!, ts: e.ts, ...(e.tactic !== undefined ? { tactic: e.tactic } : {}), features });
    });
  }
  if (!rows.length) throw new InputError(file, undefined, 'no decisions (out sms/mms/wait events) to compute features for');
  if (out) await writeFileAtomic(out, rows.map((row) => JSON.stringify(row) + '\n'));
  return { file, conversations: convs.size, decisions: rows.length, features: { version: FEATURES_VERSION, size: FEATURE_SIZE }, out: out ?? null };
}
