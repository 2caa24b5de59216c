// Where the records of an SMS Backup & Restore file start, found in the text the XML parser
// reads, independently of it: every `<sms`, `<mms` and `<call` tag start with its line, and
// whether it lies (lexically) inside a `<!-- … -->` comment. The importer takes a start off the
// list when the parser reads that record; whatever the parser did not read — swallowed by a
// comment, by a broken tag, cut off by the end of the file — is still on the list and becomes a
// reject, so no record is lost without one. It also tells the importer where the next record
// starts after a parse error, to read on from there.
//
// Structural characters are ASCII; `<` never occurs raw inside well-formed attribute values or
// text, so a lexical scan finds exactly the parser's tag starts in a well-formed file and, in a
// broken one, the places the parser should have seen a record.
//
// Tags of other elements than the file's own (`<smses>`, `<calls>`, `<parts>`, `<part>`,
// `<addrs>`, `<addr>`) are listed too, as 'other': a record whose name a damaged byte cut
// (`<s\0ms`, `<"call`) is no longer an `<sms`, and must not vanish with its name.

export type RecordKind = 'sms' | 'mms' | 'call';
export type StartKind = RecordKind | 'other';
const CONTAINERS = new Set(['smses', 'calls', 'parts', 'part', 'addrs', 'addr']);

export interface RecordStart {
  /** index in the whole text fed to the parser */
  at: number;
  line: number;
  kind: StartKind;
  /** line of the `<!--` it lies in, or 0 */
  commentLine: number;
}

const LT = 0x3c;
const isDelimiter = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f || c === 0x3e;

export class RecordStarts {
  private pending: RecordStart[] = [];
  private head = 0;
  /** text of the previous chunk not scanned yet (a tag start cut by the chunk's end) */
  private tail = '';
  /** where the scan is in the whole text, and the line there */
  private at = 0;
  private line = 1;
  private commentLine = 0;
  /** record starts found so far */
  found = 0;

  /** Scans the next chunk of text (`end`: no more text follows). */
  scan(text: string, end = false): void {
    const s = this.tail + text;
    const base = this.at; // index of s[0] in the whole text: the tail starts where the scan is
    let i = 0;
    let keep = s.length;
    for (;;) {
      const lt = s.indexOf('<', i);
      const close = this.commentLine ? s.indexOf('-->', i) : -1;
      if (close >= 0 && (lt < 0 || close < lt)) {
        this.commentLine = 0;
        i = close + 3;
        continue;
      }
      if (lt < 0) {
        // keep what could be the start of a '-->' or a lone CR until the next chunk
        if (!end) keep = Math.max(i, s.length - (this.commentLine ? 2 : 0) - (s.endsWith('\r') ? 1 : 0));
        break;
      }
      if (lt + 8 >= s.length && !end) {
        keep = lt;
        break;
      }
      if (s.startsWith('<!--', lt)) {
        if (!this.commentLine) this.commentLine = this.lineAt(s, base, lt);
        i = lt + 4;
        continue;
      }
      const kind = kindAt(s, lt);
      if (kind) {
        this.pending.push({ at: base + lt, line: this.lineAt(s, base, lt), kind, commentLine: this.commentLine });
        if (kind !== 'other') this.found++;
      }
      i = lt + 1;
    }
    this.lineAt(s, base, keep);
    this.tail = s.slice(keep);
  }

  /** The line at s[to] (moves the scan there; never backwards). */
  private lineAt(s: string, base: number, to: number): number {
    const from = this.at - base;
    if (to <= from) return this.line;
    let n = 0;
    for (let k = s.indexOf('\n', from); k >= 0 && k < to; k = s.indexOf('\n', k + 1)) n++;
    // a CR without LF is a line end too (as for the parser)
    for (let k = s.indexOf('\r', from); k >= 0 && k < to; k = s.indexOf('\r', k + 1)) if (s.charCodeAt(k + 1) !== 0x0a) n++;
    this.at = base + to;
    this.line += n;
    return this.line;
  }

  /** The text scanned but held back (from `at` on): for reading from a start the last chunk cut. */
  heldText(): { at: number; text: string } {
    return { at: this.at, text: this.tail };
  }

  /** The first record start not read yet after index `after`, or a damaged tag from index
   * `otherFrom` on (reading on from it rejects it at its own line). */
  firstAfter(after: number, otherFrom = after + 1): RecordStart | undefined {
    for (let k = this.head; k < this.pending.length; k++) {
      const p = this.pending[k]!;
      if (p.kind === 'other' ? p.at >= otherFrom : p.at > after) return p;
    }
    return undefined;
  }

  /** Reading goes on at index `from` as outside any comment (a parse error ended the one the
   * scan thought it was in). */
  outsideComments(from: number): void {
    for (let k = this.head; k < this.pending.length; k++) if (this.pending[k]!.at >= from) this.pending[k]!.commentLine = 0;
    this.commentLine = 0;
  }

  /** Takes off the list every start before index `before` (in order). */
  takeBefore(before: number): RecordStart[] {
    let k = this.head;
    while (k < this.pending.length && this.pending[k]!.at < before) k++;
    const taken = this.pending.slice(this.head, k);
    this.head = k;
    if (this.head > 4096 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
    return taken;
  }
}

const isLetter = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
const isNameChar = (c: number) => isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;

/** What the `<` at s[lt] starts: a record, another element's tag (or a tag a damaged byte
 * broke: `<"call`, `<\0sms`), or nothing to list (a container, an end tag, `<!`, `<?`, a stray
 * `<` before a space or before another `<`). */
function kindAt(s: string, lt: number): StartKind | undefined {
  const a = s.charCodeAt(lt + 1);
  // a '<' before another tag's '<' is a stray one; before a comment it is what is left of a
  // tag the comment was written into (`<<!--sms`)
  if (a === LT) return isLetter(s.charCodeAt(lt + 2)) ? undefined : 'other';
  if (!isLetter(a)) return a === 0x20 || a === 0x09 || a === 0x0a || a === 0x0d || a === 0x2f || a === 0x21 || a === 0x3f || Number.isNaN(a) ? undefined : 'other';
  if (a === 0x73 /* s */ || a === 0x6d /* m */) {
    if (s.charCodeAt(lt + 2) === 0x6d && s.charCodeAt(lt + 3) === 0x73 && isDelimiter(s.charCodeAt(lt + 4))) return a === 0x73 ? 'sms' : 'mms';
  } else if (a === 0x63 /* c */ && s.startsWith('all', lt + 2) && isDelimiter(s.charCodeAt(lt + 5))) return 'call';
  let e = lt + 1;
  while (e < lt + 8 && isNameChar(s.charCodeAt(e))) e++;
  return CONTAINERS.has(s.slice(lt + 1, e)) && isDelimiter(s.charCodeAt(e)) ? undefined : 'other';
}
