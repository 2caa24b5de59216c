// Where a JSON text goes wrong, without quoting it. Node 20's JSON.parse messages carry the
// first bytes of the input ("Unexpected token 'r', "root:x:0:0"... is not valid JSON"), and an
// input file may be anything a symlink points at; error messages name a line and a column
// instead. The scanner follows RFC 8259 and only runs once JSON.parse has already refused.

/** The offset of the first character JSON.parse cannot accept (text.length: input ends too soon); null if valid. */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const fail = (at: number): never => {
    throw new JsonStop(at);
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++) if (text[i + k] !== word[k]) fail(Math.min(i + k, n));
    i += word.length;
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= n) fail(n);
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail(i);
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === undefined) fail(n);
        if (e === 'u') {
          for (let k = 2; k < 6; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) fail(Math.min(i + k, n));
          i += 6;
        } else if ('"\\/bfnrt'.includes(e!)) i += 2;
        else fail(i + 1);
      } else i++;
    }
  };
  const digits = () => {
    const s = i;
    while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
    if (i === s) fail(i);
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  // containers on an explicit stack: a file of a million '[' must not overflow the call stack
  const stack: string[] = [];
  const key = () => {
    ws();
    if (i >= n) fail(n);
    if (text[i] !== '"') fail(i);
    string();
    ws();
    if (i >= n) fail(n);
    if (text[i] !== ':') fail(i);
    i++;
  };
  try {
    let wantValue = true;
    for (;;) {
      ws();
      if (wantValue) {
        if (i >= n) fail(n);
        const c = text[i]!;
        if (c === '{' || c === '[') {
          const close = c === '{' ? '}' : ']';
          i++;
          ws();
          if (text[i] === close) {
            i++;
            wantValue = false;
          } else {
            stack.push(close);
            if (c === '{') key();
          }
          continue;
        }
        if (c === '"') string();
        else if (c === '-' || (c >= '0' && c <= '9')) number();
        else if (c === 't') literal('true');
        else if (c === 'f') literal('false');
        else if (c === 'n') literal('null');
        else fail(i);
        wantValue = false;
        continue;
      }
      if (stack.length === 0) {
        if (i < n) fail(i);
        return null;
      }
      if (i >= n) fail(n);
      const close = stack[stack.length - 1]!;
      if (text[i] === close) {
        stack.pop();
        i++;
      } else if (text[i] === ',') {
        i++;
        if (close === '}') key();
        wantValue = true;
      } else fail(i);
    }
  } catch (e) {
    if (e instanceof JsonStop) return e.at;
    throw e;
  }
}

class JsonStop {
  constructor(readonly at: number) {}
}

/**
 * Why `text` is not JSON, in words that quote nothing of it: "JSON parse error at line 3,
 * column 7" (or "…: the text ends too soon (line 9)", "…: binary data, not text").
 */
export function describeJsonError(text: string): string {
  // U+FFFD: what Buffer#toString('utf8') makes of bytes that are not UTF-8; NUL: binary
  if (/[\u0000\uFFFD]/.test(text.slice(0, 4096))) return 'JSON parse error: binary data, not text';
  const at = jsonErrorOffset(text) ?? 0;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - (before.lastIndexOf('\n') + 1) + 1;
  if (at >= text.length) return text.trim() ? `JSON parse error: the text ends too soon (line ${line})` : 'JSON parse error: the file is empty';
  return `JSON parse error at line ${line}, column ${column}`;
}
