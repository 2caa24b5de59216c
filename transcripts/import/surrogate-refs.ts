// SMS Backup & Restore writes an emoji as two numeric character references, one per UTF-16
// surrogate (`&#55357;&#56613;`). XML forbids references to surrogates, so strict parsers
// (saxes included) reject them. This rewrites such pairs into the character itself before the
// parser sees the text; a lone surrogate reference becomes U+FFFD. It works on a stream of
// chunks: a reference (or the first half of a pair) cut by a chunk boundary is held back
// until the next chunk completes it.

const REF = /&#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}));/y;
// only references that can be surrogates; plain ones (&#10;) are left to the parser
const SURROGATE_REF = /&#(?:x0*[dD][89a-fA-F][0-9a-fA-F]{2}|0*5[5-7][0-9]{3});(?:&#(?:x0*[dD][c-fC-F][0-9a-fA-F]{2}|0*5[6-7][0-9]{3});)?/g;
// the longest text a pair of references can take, with some leading zeros to spare
const HOLD = 40;

function refCode(ref: string): number {
  REF.lastIndex = 0;
  const m = REF.exec(ref);
  if (!m) return -1;
  return m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2]!, 10);
}

function splitRefs(s: string): string[] {
  return s.split(';').filter(Boolean).map((r) => r + ';');
}

function replaceRefs(match: string): string {
  const [a, b] = splitRefs(match);
  const hi = refCode(a!);
  // e.g. &#55000; is a plain character: leave it to the parser, but still fix a following half
  if (hi < 0xd800 || hi > 0xdfff) return a! + (b !== undefined ? replaceRefs(b) : '');
  if (b !== undefined) {
    const lo = refCode(b);
    if (hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff) return String.fromCharCode(hi, lo);
    const second = lo >= 0xd800 && lo <= 0xdfff ? '\uFFFD' : b;
    return '\uFFFD' + second;
  }
  return '\uFFFD';
}

const SURROGATE_AT = new RegExp(SURROGATE_REF.source, 'y');

export function rewriteSurrogateRefs(text: string): string {
  // Only a reference starting '&#5', '&#0' or '&#x' can be a surrogate: find those with indexOf
  // and try the pattern right there (a global replace over the whole chunk was the slow part).
  let out = '';
  let from = 0;
  for (let i = text.indexOf('&#'); i >= 0; i = text.indexOf('&#', i + 2)) {
    const c = text.charCodeAt(i + 2);
    if (c !== 0x35 && c !== 0x30 && c !== 0x78) continue; // '5' (55296..57343), '0', 'x'
    SURROGATE_AT.lastIndex = i;
    const m = SURROGATE_AT.exec(text);
    if (!m) continue;
    out += text.slice(from, i) + replaceRefs(m[0]);
    from = i + m[0].length;
    i = from - 2;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Stateful chunk rewriter: `push` returns text that is safe to parse now, `end` the rest. */
export class SurrogateRefRewriter {
  private carry = '';

  push(chunk: string): string {
    const text = this.carry + chunk;
    // Hold back from the first '&' in the tail: it may start a reference or a pair that the
    // next chunk completes. If a complete reference sits just before it, that may be the high
    // half of a pair, so hold that back too.
    let cut = text.indexOf('&', Math.max(0, text.length - HOLD));
    if (cut < 0) {
      this.carry = '';
      return rewriteSurrogateRefs(text);
    }
    // (only a high surrogate: moving back onto the low half of a pair would split that pair)
    const before = text.lastIndexOf('&#', cut - 1);
    if (before >= 0 && cut - before <= 12) {
      const code = refCode(text.slice(before, cut));
      if (code >= 0xd800 && code <= 0xdbff && text.slice(before, cut).endsWith(';')) cut = before;
    }
    this.carry = text.slice(cut);
    return rewriteSurrogateRefs(text.slice(0, cut));
  }

  end(): string {
    const rest = rewriteSurrogateRefs(this.carry);
    this.carry = '';
    return rest;
  }
}
