// Writes a file all at once or not at all: lines go to a temp file next to the target, which
// is renamed over it only when complete. A crash or a failure leaves no half-written output.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { errnoWords, IoError } from './errors.js';

const WRITE_BUFFER = 1 << 18;

/** Writes `lines` to `path`; a refusal of the file system is an IoError naming `path`. */
export async function writeFileAtomic(path: string, lines: Iterable<string>): Promise<void> {
  try {
    await writeLines(path, lines);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) throw new IoError(`cannot write ${path}: ${errnoWords(code)}`);
    throw e;
  }
}

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const out = createWriteStream(tmp);
  try {
    // Lines are encoded straight into one large buffer, written when full: concatenating them
    // into a string first made V8 flatten and re-encode it (the top item of an import profile).
    let buf = Buffer.allocUnsafe(WRITE_BUFFER);
    let at = 0;
    const flush = async () => {
      if (!at) return;
      if (!out.write(buf.subarray(0, at))) await once(out, 'drain');
      buf = Buffer.allocUnsafe(WRITE_BUFFER); // the stream may still hold the old one
      at = 0;
    };
    for (const line of lines) {
      // a UTF-16 code unit takes at most 3 UTF-8 bytes
      if (at + line.length * 3 > buf.length) {
        await flush();
        if (line.length * 3 > buf.length) {
          if (!out.write(line)) await once(out, 'drain');
          continue;
        }
      }
      at += buf.write(line, at, 'utf8');
    }
    await flush();
    out.end();
    await once(out, 'finish');
    await rename(tmp, path);
  } catch (e) {
    out.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
}
