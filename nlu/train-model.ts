// Generates the shipped model file nlu/model.json from the labelled data set:
// `npm run nlu:train` (= npx tsx nlu/train-model.ts). Deterministic: the same data set and
// code give the same bytes, which is how model.test.ts detects a stale model.
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../lib/atomic-write.js';
import { trainModel } from './classifier.js';
import { loadDataset, type LabelledExample } from './dataset.js';
import { encodeModel, shippedModelPath } from './model-file.js';

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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t = performance.now();
  const { file, bytes } = await writeShippedModel();
  process.stderr.write(`wrote ${file} (${(bytes / 1024).toFixed(0)} KiB) in ${Math.round(performance.now() - t)} ms\n`);
}
