// Is the target policy being evaluated on the logs it was trained on? Then its importance
// weights and every estimate are optimistic: it was fitted to those very decisions. A bundle
// names its training data in policy.json (`training.data`, the path as given to `train`) and,
// since training records it, the file's sha256 (`training.data_sha256`): the content decides
// when it is there (a copied or moved file is still the same data, a rewritten one is not); a
// bundle without it is compared by resolved path.
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileSha256 } from '../../lib/file-sha256.js';
import type { InSample } from './evaluate.js';

export async function inSampleOf(training: { data?: unknown; data_sha256?: unknown } | undefined, dataFile: string): Promise<InSample | null> {
  if (!training) return null;
  const trainedOn = typeof training.data === 'string' ? training.data : null;
  const recorded = typeof training.data_sha256 === 'string' ? training.data_sha256 : null;
  if (trainedOn === null && recorded === null) return null;
  // a relative training path is read from here: the working directory of `train` is not recorded
  const samePath = trainedOn !== null && (await canonical(trainedOn)) === (await canonical(dataFile));
  if (recorded !== null) {
    if ((await fileSha256(dataFile)) === recorded) return { how: 'sha256', trainedOn };
    return samePath ? { how: 'changed', trainedOn } : null;
  }
  return samePath ? { how: 'path', trainedOn } : null;
}

async function canonical(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch {
    return resolve(file);
  }
}
