// Reads a file as a stream of text chunks: UTF-8 decoded across chunk boundaries, BOM dropped,
// and a binary file (NUL bytes) or an empty file refused with a byte offset instead of being
// fed to a parser that would produce a screen of confusing errors. A text file with a few stray
// NUL bytes (a damaged copy) is read: the importers reject the rows that hold them.
// A gzip file (`backup.xml.gz`, told by its magic bytes, not its name) is decompressed on the
// way, and UTF-16 text with a byte-order mark (Windows "Unicode") is decoded as such.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

export const DEFAULT_CHUNK = 1 << 20;

export class UnreadableFile extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
  }
}

const HEAD = 65536;

/** The offset of the first NUL byte when the bytes are binary, else undefined. Binary: a NUL,
 * and control bytes (other than tab, line ends, form feed) making more than 1% of them. Random
 * or compressed data has ~10% of those, UTF-16 text 50%; text with a stray NUL far below 1%. */
export function binaryAt(head: Uint8Array): number | undefined {
  const nul = head.indexOf(0);
  if (nul < 0) return undefined;
  let controls = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
  }
  return controls * 100 > head.length ? nul : undefined;
}

/** Sees the raw bytes after the binary check and before decoding (e.g. to drop what the
 * importer never reads, see attribute-skipper.ts); `end` gives what it still holds back. */
export interface ByteFilter {
  push(b: Buffer): Buffer;
  end(): Buffer;
}

/** True for the two magic bytes of gzip. */
export const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** The bytes of a file, gunzipped when it starts with gzip's magic bytes. A damaged or cut
 * gzip stream ends the file with an UnreadableFile (what was read before it stays read). */
export async function* readFileBytes(file: string, chunkSize = DEFAULT_CHUNK): AsyncGenerator<Buffer> {
  // One buffer, read into again and again: a fresh 1 MB buffer per read cost a page fault per
  // 4 kB (a third of an import's time was system time). Nothing keeps it: the decoder copies,
  // the head and the filter copy what they hold back.
  const fh = await open(file, 'r');
  const into = Buffer.allocUnsafe(Math.max(2, chunkSize));
  let gzip = false;
  try {
    let first = true;
    for (;;) {
      const { bytesRead } = await fh.read(into, 0, into.length, null);
      if (bytesRead === 0) break;
      if (first && isGzip(into.subarray(0, bytesRead))) {
        gzip = true;
        break;
      }
      first = false;
      yield into.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
  if (!gzip) return;
  const z = createReadStream(file).pipe(createGunzip({ chunkSize: Math.max(64, chunkSize) }));
  let out = 0;
  try {
    for await (const b of z as AsyncIterable<Buffer>) {
      out += b.length;
      yield b;
    }
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' ? 'cut short' : (e as Error).message;
    throw new UnreadableFile(`gzip data damaged (${why}) after ${out} decompressed bytes`, out);
  }
}

export async function* readTextChunks(file: string, chunkSize = DEFAULT_CHUNK, filter?: ByteFilter): AsyncGenerator<string> {
  yield* decodeTextChunks(readFileBytes(file, chunkSize), chunkSize, filter);
}

/** Text of a byte stream (a file, a zip entry): see readTextChunks. */
export async function* decodeTextChunks(bytes: AsyncIterable<Buffer>, chunkSize = DEFAULT_CHUNK, filter?: ByteFilter): AsyncGenerator<string> {
  // StringDecoder rather than TextDecoder: same UTF-8 handling across chunks, several times
  // faster in Node 20 (profiled: TextDecoder was the top item of a 20 MB import)
  let sd = new StringDecoder('utf8');
  let utf16 = false;
  let first = true;
  const decoder = {
    decode(b: Uint8Array, o?: { stream: boolean }): string {
      let t = o?.stream ? sd.write(b as Buffer) : sd.write(b as Buffer) + sd.end();
      if (first && t) {
        first = false;
        if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
      }
      return t;
    },
  };
  let offset = 0;
  // The head is held back until it has been checked, so a parser never sees a binary file.
  let head: Buffer[] | undefined = [];
  let rawHead: Buffer[] = [];
  const checkHead = () => {
    if (utf16) return void (rawHead = []);
    const at = binaryAt(Buffer.concat(rawHead));
    rawHead = [];
    if (at !== undefined) throw new UnreadableFile('binary file, not a text export (NUL byte)', at);
  };
  try {
    for await (const raw of bytes) {
      if (offset === 0 && raw.length >= 2) {
        // UTF-16 with a byte-order mark: little-endian is decoded, big-endian refused
        if (raw[0] === 0xff && raw[1] === 0xfe) (utf16 = true), (sd = new StringDecoder('utf16le'));
        else if (raw[0] === 0xfe && raw[1] === 0xff) throw new UnreadableFile('UTF-16 big-endian text: save the export as UTF-8', 0);
      }
      // Checking the head is enough to tell a binary file and stays cheap.
      if (offset < HEAD) rawHead.push(Buffer.from(raw.subarray(0, HEAD - offset)));
      offset += raw.length;
      const buf = filter ? filter.push(raw) : raw;
      if (head) {
        head.push(Buffer.from(buf));
        if (offset < HEAD) continue;
        checkHead();
        const text = decoder.decode(Buffer.concat(head), { stream: true });
        head = undefined;
        yield* pieces(text, chunkSize);
        continue;
      }
      const text = decoder.decode(buf, { stream: true });
      if (text) yield text;
    }
  } catch (e) {
    // a stream that breaks off (a gzip cut short): what came before it is read first
    if (!(e instanceof UnreadableFile) || !head || offset === 0) throw e;
    checkHead();
    yield* pieces(decoder.decode(Buffer.concat(head), { stream: true }), chunkSize);
    throw e;
  }
  if (offset === 0) throw new UnreadableFile('empty file', 0);
  if (head) checkHead();
  const rest = filter ? filter.end() : Buffer.alloc(0);
  yield* pieces(decoder.decode(head ? Buffer.concat([...head, rest]) : rest), chunkSize);
}

/** The held-back head comes out in pieces of the asked size too (so small sizes test chunk
 * boundaries), never cutting a surrogate pair. */
function* pieces(text: string, size: number): Generator<string> {
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + Math.max(size, 2));
    const c = text.charCodeAt(end - 1);
    if (c >= 0xd800 && c <= 0xdbff && end < text.length) end++;
    yield text.slice(at, end);
    at = end;
  }
}
