// Generates the shipped model files from the labelled data: nlu/model.json (dealer acts, from
// data/nlu/dataset) and nlu/safety/model.json (the safety reader and promo gate, from data/safety
// and the train side of data/nlu/dataset): `npm run nlu:train` (= npx tsx nlu/train-model.ts).
// Deterministic: the same data and code give the same bytes, which is how model-file.test.ts and
// safety/model-file.test.ts detect a stale model.
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../lib/atomic-write.js';
import { trainModel } from './classifier.js';
import { loadDataset, type LabelledExample } from './dataset.js';
import { encodeModel, shippedModelPath } from './model-file.js';
import { shippedSafetyModelPath } from './safety/model-file.js';
import { buildSafetyModel } from './safety/train.js';

/** The text of the model file trained on `examples` (default: the whole shipped data set). */
export function buildShippedModel(examples: readonly LabelledExample[] = loadDataset()): string {
  const { model, meta } = trainModel(examples);
  return encodeModel(model, meta);
}

export async function writeShippedModel(file = shippedModelPath()): Promise<{ file: string; bytes: number }> {
  const text = buildShippedModel();
  await writeFileAtomic(file, [text]);
  return { file, bytes: Buffer.byteLength(text) };
}

export async function writeShippedSafetyModel(file = shippedSafetyModelPath()): Promise<{ file: string; bytes: number }> {
  const text = buildSafetyModel();
  await writeFileAtomic(file, [text]);
  return { file, bytes: Buffer.byteLength(text) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const write of [writeShippedModel, writeShippedSafetyModel]) {
    const t = performance.now();
    const { file, bytes } = await write();
    process.stderr.write(`wrote ${file} (${(bytes / 1024).toFixed(0)} KiB) in ${Math.round(performance.now() - t)} ms\n`);
  }
}
