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
//
// A raw '<' never occurs in a well-formed value: in a value it means the closing quote is
// missing (a broken file), and the '<' starts the next tag. Kept values and dropped blobs both
// end there, so a broken quote never makes the skipper drop the records after it, and the
// skipper is back in step with the parser, which reads on from the next record.

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
const NONE = Buffer.alloc(0);

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
  private readonly tag = new TagScan();
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

  // the chunk being filtered: output so far is buf[0, w), preceded by `prefix` (held bytes of
  // earlier chunks); buf[from, i) is kept input not yet moved down to w
  private buf: Buffer = NONE;
  private prefix: Buffer[] = [];
  private w = 0;
  private from = 0;

  /** The chunk without the dropped attributes. The result is written over the given buffer's
   * memory (output never outgrows input), so no copies or views are made per attribute.
   * Each state has a small method of its own: V8 optimises those once, where one large loop
   * here was optimised on the stack and thrown away again at every rarely taken branch. */
  push(input: Buffer): Buffer {
    const buf = this.carry ? Buffer.concat([this.carry, input]) : input;
    this.carry = undefined;
    this.buf = buf;
    this.prefix = [];
    this.w = 0;
    this.from = 0;
    this.tag.gap = -1;
    const n = buf.length;
    let i = 0;
    while (i < n) {
      const st = this.state;
      if (st === S.Tag) i = this.inTag(i, n);
      else if (st === S.Text) i = this.inText(i, n);
      else if (st === S.Value) i = this.inValue(i, n);
      else if (st === S.Probe) i = this.inProbe(i, n);
      else if (st === S.Drop) i = this.inDrop(i, n);
      else i = this.inMarkup(i, n);
    }
    if (this.state === S.Probe && this.from < n) {
      this.held.push(Buffer.from(buf.subarray(this.from)));
      this.from = n;
    }
    this.keepTo(n);
    const w = this.w;
    const prefix = this.prefix;
    this.buf = NONE;
    this.prefix = [];
    if (!prefix.length) return w === n ? buf : buf.subarray(0, w);
    return Buffer.concat([...prefix, buf.subarray(0, w)]);
  }

  /** Moves the kept input up to `to` down to the output. */
  private keepTo(to: number): void {
    const from = this.from;
    if (to <= from) return;
    if (from !== this.w) this.buf.copyWithin(this.w, from, to);
    this.w += to - from;
    this.from = to;
  }

  private putBytes(bytes: number[] | undefined): void {
    if (!bytes) return;
    const buf = this.buf;
    let w = this.w;
    for (const x of bytes) buf[w++] = x;
    this.w = w;
  }

  private inText(i: number, n: number): number {
    const j = this.buf.indexOf(LT, i);
    if (j < 0) return n;
    this.state = S.Lt;
    return j + 1;
  }

  private inValue(i: number, n: number): number {
    const buf = this.buf;
    const j = buf.indexOf(this.quote, i);
    const lt = indexBefore(buf, LT, i, j < 0 ? n : j);
    if (lt >= 0) {
      // an unclosed value: the tag it is in ends here, a new one starts
      this.state = S.Lt;
      return lt + 1;
    }
    if (j < 0) return n;
    this.state = S.Tag;
    this.phase = P.After;
    return j + 1;
  }

  private inTag(i: number, n: number): number {
    const buf = this.buf;
    const t = this.tag;
    t.phase = this.phase;
    i = scanTag(buf, i, n, t);
    let phase = t.phase;
    const gap = t.gap;
    if (i < n) {
      const b = buf[i++]!;
      if (b === GT) this.state = S.Text;
      else {
        this.quote = b;
        if (phase === P.Eq && this.droppable(buf, t.nameStart, t.nameEnd)) {
          this.keepTo(gap);
          this.from = gap;
          this.state = S.Probe;
          this.probed = 0;
        } else this.state = S.Value;
        phase = P.After;
      }
    }
    this.phase = phase;
    // an attribute cut by the chunk's end waits for the next chunk, from its leading spaces
    if (i >= n && this.state === S.Tag && (phase === P.Gap || phase === P.Name || phase === P.AfterName || phase === P.Eq)) {
      this.keepTo(gap);
      this.carry = Buffer.from(buf.subarray(gap));
      this.from = n;
      this.phase = P.After;
    }
    return i;
  }

  private inProbe(i: number, n: number): number {
    const buf = this.buf;
    const q = this.quote;
    const j = scanValue(buf, i, Math.min(n, i + PROBE - this.probed), q);
    this.probed += j - i;
    if (j === n && this.probed < PROBE) return n; // undecided: held at the end of this chunk
    if (j < n && buf[j] !== q && this.probed < PROBE) {
      // '<' or '&': the attribute goes to the parser after all, which checks it
      this.prefix.push(...this.held);
      this.held = [];
      this.state = S.Value;
      return j;
    }
    // The attribute is dropped: up to its closing quote, or (a blob) to its end in the Drop
    // state. In its place: its line breaks and one space (before them, for a blob).
    const closed = j < n && buf[j] === q;
    const end = closed ? j + 1 : j;
    let heldBreaks: number[] = [];
    if (this.held.length) {
      for (const h of this.held) {
        heldBreaks = heldBreaks.concat(breaksOf(h, 0, h.length) ?? []);
        this.dropped += h.length;
      }
      this.held = [];
    }
    this.dropped += end - this.from;
    const breaks = breaksOf(buf, this.from, end);
    this.from = end;
    if (closed) {
      if (heldBreaks.length) this.prefix.push(Buffer.from(heldBreaks));
      this.putBytes(breaks);
      buf[this.w++] = 0x20;
      this.state = S.Tag;
    } else {
      if (this.prefix.length || this.w === 0) this.prefix.push(SPACE, Buffer.from(heldBreaks));
      else buf[this.w++] = 0x20;
      this.putBytes(breaks);
      this.state = S.Drop;
    }
    return end;
  }

  private inDrop(i: number, n: number): number {
    const buf = this.buf;
    const j = buf.indexOf(this.quote, i);
    // a '<' in a blob: its closing quote is missing; what follows is the next tag, kept
    const lt = indexBefore(buf, LT, i, j < 0 ? n : j);
    const end = lt >= 0 ? lt : j < 0 ? n : j + 1;
    this.dropped += end - i;
    this.keepTo(i);
    this.putBytes(breaksOf(buf, i, end));
    this.from = end;
    if (lt >= 0) {
      this.state = S.Lt;
      return lt + 1;
    }
    if (j >= 0) {
      this.state = S.Tag;
      this.phase = P.After;
    }
    return end;
  }

  /** Comments, CDATA, processing instructions, declarations: rare, kept as they are. */
  private inMarkup(i: number, n: number): number {
    const buf = this.buf;
    switch (this.state) {
      case S.Lt: {
        const b = buf[i]!;
        if (b === BANG) {
          this.state = S.Bang;
          return i + 1;
        }
        if (b === QM) {
          this.state = S.Pi;
          this.m = 0;
          return i + 1;
        }
        this.state = S.Tag;
        this.phase = P.ElemName;
        return i;
      }
      case S.Bang: {
        const b = buf[i]!;
        if (b === DASH) {
          this.state = S.BangDash;
          return i + 1;
        }
        if (b === LSQB) {
          this.state = S.Cdata;
          this.m = 0;
          return i + 1;
        }
        this.state = S.Decl;
        return i;
      }
      case S.BangDash: {
        if (buf[i] === DASH) {
          this.state = S.Comment;
          this.m = 0;
          return i + 1;
        }
        this.state = S.Decl;
        return i;
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
            return i + 1;
          } else this.m = 0;
        }
        return n;
      }
      case S.Pi: {
        // ends at '?>'
        for (; i < n; i++) {
          const b = buf[i]!;
          if (b === GT && this.m === 1) {
            this.state = S.Text;
            return i + 1;
          }
          this.m = b === QM ? 1 : 0;
        }
        return n;
      }
      default: {
        // S.Decl
        const j = buf.indexOf(GT, i);
        if (j < 0) return n;
        this.state = S.Text;
        return j + 1;
      }
    }
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


/** Where the tag scan is: the phase, and in the current chunk where the current attribute's
 * leading spaces and name start and where its name ends. */
class TagScan {
  phase = P.ElemName;
  gap = -1;
  nameStart = -1;
  nameEnd = -1;
}

// The two byte loops are small functions of their own: V8 optimises them once and keeps them,
// where one large loop in push() was optimised on the stack and thrown away again and again.

/** Steps through a tag's bytes from i to the next quote or '>' (its index, or n). */
function scanTag(buf: Buffer, i: number, n: number, t: TagScan): number {
  let phase = t.phase;
  for (; i < n; i++) {
    const b = buf[i]!;
    if (b === DQ || b === SQ || b === GT) break;
    if (isSpace(b)) {
      if (phase === P.Name) {
        phase = P.AfterName;
        t.nameEnd = i;
      } else if (phase === P.ElemName || phase === P.After || phase === P.Junk) {
        phase = P.Gap;
        t.gap = i;
      }
    } else if (b === EQ) {
      if (phase === P.Name) {
        t.nameEnd = i;
        phase = P.Eq;
      } else phase = phase === P.AfterName ? P.Eq : P.Junk;
    } else if (phase === P.Gap) {
      phase = P.Name;
      t.nameStart = i;
    } else if (phase !== P.Name && phase !== P.ElemName) phase = P.Junk;
  }
  t.phase = phase;
  return i;
}

/** The index of the first quote q, '<' or '&' in buf[i, stop), or stop. */
function scanValue(buf: Buffer, i: number, stop: number, q: number): number {
  for (; i < stop; i++) {
    const c = buf[i]!;
    if (c === q || c === LT || c === AMP) break;
  }
  return i;
}

/** The index of byte b in buf[from, to), or -1. */
function indexBefore(buf: Buffer, b: number, from: number, to: number): number {
  if (to - from < 64) {
    for (let i = from; i < to; i++) if (buf[i] === b) return i;
    return -1;
  }
  const k = buf.subarray(from, to).indexOf(b);
  return k < 0 ? -1 : from + k;
}

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
