// One entry of a zip file as a byte stream, through yauzl: it reads the central directory and
// inflates only the entry asked for, so a chat export zipped with hundreds of MB of photos costs
// the bytes of its text. A zip that cannot be opened (cut short, not a zip) or holds no entry
// that fits is an UnreadableFile with the reason.
import yauzl from 'yauzl';
import { UnreadableFile } from './text-source.js';

/** The four bytes a zip file (its first local header) starts with. */
export const isZip = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

const openZip = (file: string) =>
  new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (e, z) => (e ? reject(e) : resolve(z))));

/** The names of a zip's entries (files only). */
async function entriesOf(z: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const all: yauzl.Entry[] = [];
    z.on('entry', (e: yauzl.Entry) => {
      if (!e.fileName.endsWith('/')) all.push(e);
      z.readEntry();
    });
    z.on('end', () => resolve(all));
    z.on('error', reject);
    z.readEntry();
  });
}

/** Opens the entry `pick` chooses from the names; its bytes, and its name. */
export async function openZipEntry(file: string, pick: (names: string[]) => string | undefined, what: string): Promise<{ name: string; bytes: AsyncIterable<Buffer> }> {
  let z: yauzl.ZipFile;
  try {
    z = await openZip(file);
  } catch (e) {
    throw new UnreadableFile(`damaged zip file (${(e as Error).message})`, 0);
  }
  let entries: yauzl.Entry[];
  try {
    entries = await entriesOf(z);
  } catch (e) {
    z.close();
    throw new UnreadableFile(`damaged zip file (${(e as Error).message})`, 0);
  }
  const names = entries.map((e) => e.fileName);
  const name = pick(names);
  const entry = entries.find((e) => e.fileName === name);
  if (!entry) {
    z.close();
    const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length} in all)` : '');
    throw new UnreadableFile(`a zip without ${what} (it holds ${names.length ? shown : 'nothing'})`, 0);
  }
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => z.openReadStream(entry, (e, s) => (e ? reject(new UnreadableFile(`damaged zip entry ${name} (${e.message})`, 0)) : resolve(s))));
  async function* bytes(): AsyncGenerator<Buffer> {
    try {
      for await (const b of stream as AsyncIterable<Buffer>) yield b;
    } catch (e) {
      if (e instanceof UnreadableFile) throw e;
      throw new UnreadableFile(`damaged zip entry ${name} (${(e as Error).message})`, 0);
    } finally {
      z.close();
    }
  }
  return { name: entry.fileName, bytes: bytes() };
}
