// Drops the value of one XML attribute (`data`: the base64 of MMS pictures, often MBs, most of
// a backup's bytes) from the raw bytes before they are decoded and parsed, so neither the UTF-8
// decoder nor the SAX parser ever builds those strings. The value becomes `""`, keeping only its
// line breaks so that line numbers of later errors stay right.
//
// It is a byte-level state machine over XML's lexical structure (text, tags, quoted values,
// comments, CDATA, processing instructions), carried across chunks, so a `data="` written in a
// message text, a comment or another attribute's value is never taken for the attribute. The
// long runs (text, attribute values) are crossed with native indexOf; only tag bytes between
// values are stepped one by one. All the structural bytes are ASCII, which never occur inside
// a multi-byte UTF-8 sequence, so working on bytes is exact.

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
  Drop, // the value that is dropped
}

const LT = 0x3c;
const GT = 0x3e;
const EQ = 0x3d;
const DQ = 0x22;
const SQ = 0x27;
const BANG = 0x21;
const QM = 0x3f;
const DASH = 0x2d;
const LSQB = 0x5b;
const RSQB = 0x5d;
const LF = 0x0a;
const CR = 0x0d;

const isSpace = (b: number) => b === 0x20 || b === LF || b === CR || b === 0x09;

export class AttributeSkipper {
  private readonly name: Uint8Array;
  private state = S.Text;
  /** Tag: how much of `name` the current attribute name matched (-1: none; name.length: all;
   * name.length + 1: and its '='). Comment/Cdata/Pi: how many closing characters were seen. */
  private m = -1;
  private quote = 0;
  /** bytes dropped so far, for tests and for the profile */
  dropped = 0;

  constructor(name: string) {
    this.name = Buffer.from(name, 'latin1');
  }

  /** The chunk without the skipped values (the same Buffer when nothing was dropped). */
  push(buf: Buffer): Buffer {
    const keep: Buffer[] = [];
    let from = 0; // start of the kept range in progress
    let i = 0;
    const n = buf.length;
    const name = this.name;
    const nl = name.length;
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
          this.m = -1;
          i = j + 1;
          break;
        }
        case S.Drop: {
          const j = buf.indexOf(this.quote, i);
          const end = j < 0 ? n : j;
          this.dropped += end - i;
          keep.push(buf.subarray(from, i), lineBreaks(buf, i, end));
          from = end;
          if (j < 0) {
            i = n;
            break;
          }
          this.state = S.Tag;
          this.m = -1;
          i = j + 1;
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
            // the element name is not an attribute name; the byte is read again as a tag byte
            this.state = S.Tag;
            this.m = -1;
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
          let m = this.m;
          for (; i < n; i++) {
            const b = buf[i]!;
            if (b === DQ || b === SQ) {
              this.quote = b;
              this.state = m === nl + 1 ? S.Drop : S.Value;
              i++;
              break;
            }
            if (b === GT) {
              this.state = S.Text;
              i++;
              break;
            }
            if (isSpace(b)) {
              if (m < nl) m = 0;
            } else if (b === EQ) m = m === nl ? nl + 1 : -1;
            else m = m >= 0 && m < nl && b === name[m] ? m + 1 : -1;
          }
          this.m = m;
          break;
        }
      }
    }
    if (from === 0) return buf;
    keep.push(buf.subarray(from));
    return Buffer.concat(keep);
  }
}

const NONE = Buffer.alloc(0);

/** The CR and LF bytes of buf[from, to), in order (usually none: base64 has no line breaks). */
function lineBreaks(buf: Buffer, from: number, to: number): Buffer {
  const part = buf.subarray(from, to);
  if (part.indexOf(LF) < 0 && part.indexOf(CR) < 0) return NONE;
  const out: number[] = [];
  for (const b of part) if (b === LF || b === CR) out.push(b);
  return Buffer.from(out);
}
