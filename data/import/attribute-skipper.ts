// Drops, from the raw bytes before they are decoded and parsed, every attribute the importer
// does not read: in an SMS Backup & Restore file that is the base64 `data` of MMS pictures
// (MBs each, most of a backup's bytes) and a dozen bookkeeping attributes per <sms>
// (readable_date, contact_name, service_center…, two thirds of its bytes). Neither the UTF-8
// decoder nor the SAX parser then builds those strings. A dropped attribute becomes one space
// and its line breaks (so that line numbers of later errors stay right).
//
// It is a byte-level state machine over XML's lexical structure (text, tags, quoted values,
// comments, CDATA, processing instructions), carried across chunks, so a `data="` written in a
// message text, a comment or another attribute's value is never taken for an attribute. The
// long runs (text, attribute values) are crossed with native indexOf; only tag bytes between
// values are stepped one by one. All the structural bytes are ASCII, which never occur inside
// a multi-byte UTF-8 sequence, so working on bytes is exact.
//
// What the parser still checks: a short value holding '<' or '&' is kept, so bad entities are
// still reported; names that are not plain ASCII XML names are kept. What it no longer sees in
// a dropped attribute: a duplicate name, or a missing space before the next attribute.

const enum S {
  Text,
  Lt, // after '<'
  Bang, // after '<!'
  BangDash, // after '<!-'
  Comment,
  Cdata,
  Pi,
  Decl, // <!DOCTYPE …> and friends (an internal subset is not tracked)
  Tag,
  Value, // a quoted value that is kept
  Probe, // the value of an attribute to drop, while looking for '<' or '&' in it
  Drop, // the rest of a long value that is dropped
}

// how far into a value to look for '<' or '&' (a longer value is a blob: an MMS picture)
const PROBE = 4096;

const enum P {
  ElemName, // the element name after '<'
  After, // just after a value: another attribute needs a space first
  Gap, // spaces before a name
  Name,
  AfterName, // spaces between a name and '='
  Eq, // after '=' (and spaces)
  Junk, // malformed: nothing is dropped until the next space
}

const LT = 0x3c;
const GT = 0x3e;
const EQ = 0x3d;
const DQ = 0x22;
const SQ = 0x27;
const AMP = 0x26;
const BANG = 0x21;
const QM = 0x3f;
const DASH = 0x2d;
const LSQB = 0x5b;
const RSQB = 0x5d;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = Buffer.from(' ');

const isSpace = (b: number) => b === 0x20 || b === LF || b === CR || b === 0x09;
const isNameStart = (b: number) => (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || b === 0x5f;
const isNameChar = (b: number) => isNameStart(b) || (b >= 0x30 && b <= 0x39) || b === DASH || b === 0x2e;

export class AttributeSkipper {
  private readonly keepNames: Buffer[];
  private state = S.Text;
  /** Comment/Cdata/Pi: how many closing characters were seen */
  private m = 0;
  private phase = P.ElemName;
  private quote = 0;
  /** the start of a tag's attribute still undecided when the last chunk ended */
  private carry: Buffer | undefined;
  /** Probe: the attribute's bytes of earlier chunks, and how much of its value was seen */
  private held: Buffer[] = [];
  private probed = 0;
  /** bytes dropped so far, for tests and for the profile */
  dropped = 0;

  /** `keep`: the attribute names the importer reads; every other attribute is dropped. */
  constructor(keep: readonly string[]) {
    this.keepNames = keep.map((k) => Buffer.from(k, 'latin1'));
  }

  /** A plain ASCII name that is not one of the kept ones. */
  private droppable(buf: Buffer, from: number, to: number): boolean {
    if (to <= from || !isNameStart(buf[from]!)) return false;
    for (let i = from + 1; i < to; i++) if (!isNameChar(buf[i]!)) return false;
    next: for (const k of this.keepNames) {
      if (k.length !== to - from) continue;
      for (let i = 0; i < k.length; i++) if (k[i] !== buf[from + i]) continue next;
      return false;
    }
    return true;
  }

  /** The chunk without the dropped attributes. The result is written over the given buffer's
   * memory (output never outgrows input), so no copies or views are made per attribute. */
  push(input: Buffer): Buffer {
    const buf = this.carry ? Buffer.concat([this.carry, input]) : input;
    this.carry = undefined;
    // output before buf's own (held bytes of earlier chunks), and the write position in buf
    const prefix: Buffer[] = [];
    let w = 0;
    let from = 0; // start of the kept range in progress (not yet moved down to w)
    let i = 0;
    const n = buf.length;
    const flush = (to: number) => {
      if (from !== w) buf.copyWithin(w, from, to);
      w += to - from;
      from = to;
    };
    const put = (bytes: number[] | undefined) => {
      if (bytes) for (const x of bytes) buf[w++] = x;
    };
    // Tag: where the current attribute's leading spaces and name start, and where the name ends
    let gap = -1;
    let nameStart = -1;
    let nameEnd = -1;
    while (i < n) {
      switch (this.state) {
        case S.Text: {
          const j = buf.indexOf(LT, i);
          if (j < 0) {
            i = n;
            break;
          }
          this.state = S.Lt;
          i = j + 1;
          break;
        }
        case S.Value: {
          const j = buf.indexOf(this.quote, i);
          if (j < 0) {
            i = n;
            break;
          }
          this.state = S.Tag;
          this.phase = P.After;
          i = j + 1;
          break;
        }
        case S.Probe: {
          const q = this.quote;
          let j = i;
          const stop = Math.min(n, i + PROBE - this.probed);
          for (; j < stop; j++) {
            const c = buf[j]!;
            if (c === q || c === LT || c === AMP) break;
          }
          this.probed += j - i;
          if (j === n && this.probed < PROBE) {
            i = n; // undecided: held at the end of this chunk
            break;
          }
          if (j < n && buf[j] !== q && this.probed < PROBE) {
            // '<' or '&': the attribute goes to the parser after all, which checks it
            prefix.push(...this.held);
            this.held = [];
            this.state = S.Value;
            i = j;
            break;
          }
          // The attribute is dropped: up to its closing quote, or (a blob) to its end in the Drop
          // state. In its place: its line breaks and one space (before them, for a blob).
          const closed = j < n && buf[j] === q;
          const end = closed ? j + 1 : j;
          const heldBreaks = this.held.flatMap((h) => breaksOf(h, 0, h.length) ?? []);
          this.dropped += end - from + this.held.reduce((x, h) => x + h.length, 0);
          this.held = [];
          const breaks = breaksOf(buf, from, end);
          from = end;
          if (closed) {
            if (heldBreaks.length) prefix.push(Buffer.from(heldBreaks));
            put(breaks);
            buf[w++] = 0x20;
            this.state = S.Tag;
          } else {
            if (prefix.length || w === 0) prefix.push(SPACE, Buffer.from(heldBreaks));
            else buf[w++] = 0x20;
            put(breaks);
            this.state = S.Drop;
          }
          i = end;
          break;
        }
        case S.Drop: {
          const j = buf.indexOf(this.quote, i);
          const end = j < 0 ? n : j + 1;
          this.dropped += end - i;
          flush(i);
          put(breaksOf(buf, i, end));
          from = i = end;
          if (j >= 0) {
            this.state = S.Tag;
            this.phase = P.After;
          }
          break;
        }
        case S.Lt: {
          const b = buf[i]!;
          if (b === BANG) {
            this.state = S.Bang;
            i++;
          } else if (b === QM) {
            this.state = S.Pi;
            this.m = 0;
            i++;
          } else {
            this.state = S.Tag;
            this.phase = P.ElemName;
          }
          break;
        }
        case S.Bang: {
          const b = buf[i]!;
          if (b === DASH) {
            this.state = S.BangDash;
            i++;
          } else if (b === LSQB) {
            this.state = S.Cdata;
            this.m = 0;
            i++;
          } else this.state = S.Decl;
          break;
        }
        case S.BangDash: {
          if (buf[i] === DASH) {
            this.state = S.Comment;
            this.m = 0;
            i++;
          } else this.state = S.Decl;
          break;
        }
        case S.Comment: // ends at '-->'
        case S.Cdata: {
          // ends at ']]>'
          const closer = this.state === S.Comment ? DASH : RSQB;
          for (; i < n; i++) {
            const b = buf[i]!;
            if (b === closer) this.m++;
            else if (b === GT && this.m >= 2) {
              this.state = S.Text;
              i++;
              break;
            } else this.m = 0;
          }
          break;
        }
        case S.Pi: {
          // ends at '?>'
          for (; i < n; i++) {
            const b = buf[i]!;
            if (b === GT && this.m === 1) {
              this.state = S.Text;
              i++;
              break;
            }
            this.m = b === QM ? 1 : 0;
          }
          break;
        }
        case S.Decl: {
          const j = buf.indexOf(GT, i);
          if (j < 0) {
            i = n;
            break;
          }
          this.state = S.Text;
          i = j + 1;
          break;
        }
        case S.Tag: {
          let phase = this.phase;
          for (; i < n; i++) {
            const b = buf[i]!;
            if (b === DQ || b === SQ) {
              this.quote = b;
              i++;
              if (phase === P.Eq && this.droppable(buf, nameStart, nameEnd)) {
                flush(gap);
                this.state = S.Probe;
                this.probed = 0;
              } else this.state = S.Value;
              phase = P.After;
              break;
            }
            if (b === GT) {
              this.state = S.Text;
              i++;
              break;
            }
            if (isSpace(b)) {
              if (phase === P.Name) {
                phase = P.AfterName;
                nameEnd = i;
              } else if (phase === P.ElemName || phase === P.After || phase === P.Junk) {
                phase = P.Gap;
                gap = i;
              }
            } else if (b === EQ) {
              if (phase === P.Name) {
                nameEnd = i;
                phase = P.Eq;
              } else phase = phase === P.AfterName ? P.Eq : P.Junk;
            } else if (phase === P.Gap) {
              phase = P.Name;
              nameStart = i;
            } else if (phase !== P.Name && phase !== P.ElemName) phase = P.Junk;
          }
          this.phase = phase;
          // an attribute cut by the chunk's end waits for the next chunk, from its leading spaces
          if (i >= n && this.state === S.Tag && (phase === P.Gap || phase === P.Name || phase === P.AfterName || phase === P.Eq)) {
            flush(gap);
            this.carry = Buffer.from(buf.subarray(gap));
            from = n;
            this.phase = P.After;
          }
          break;
        }
      }
    }
    if (this.state === S.Probe && from < n) {
      this.held.push(Buffer.from(buf.subarray(from)));
      from = n;
    }
    if (from < n) flush(n);
    if (!prefix.length) return w === n ? buf : buf.subarray(0, w);
    return Buffer.concat([...prefix, buf.subarray(0, w)]);
  }

  /** What is still held back at the end of the input (given to the parser as it is, so that
   * it reports the truncation). */
  end(): Buffer {
    const rest = Buffer.concat([...this.held, this.carry ?? NONE]);
    this.carry = undefined;
    this.held = [];
    return rest;
  }
}

const NONE = Buffer.alloc(0);

/** The CR and LF bytes of buf[from, to), in order, or undefined when there are none. */
function breaksOf(buf: Buffer, from: number, to: number): number[] | undefined {
  if (to - from > 64) {
    // a blob: let native search tell whether there is anything to look for
    const part = buf.subarray(from, to);
    if (part.indexOf(LF) < 0 && part.indexOf(CR) < 0) return undefined;
  }
  let out: number[] | undefined;
  for (let i = from; i < to; i++) {
    const b = buf[i]!;
    if (b === LF || b === CR) (out ??= []).push(b);
  }
  return out;
}
