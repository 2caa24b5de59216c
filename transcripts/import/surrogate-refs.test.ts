import { describe, expect, it } from 'vitest';
import { SurrogateRefRewriter, rewriteSurrogateRefs } from './surrogate-refs.js';

describe('rewriteSurrogateRefs', () => {
  it('turns a decimal surrogate pair into the emoji', () => {
    expect(rewriteSurrogateRefs('a &#55357;&#56613; b')).toBe('a \u{1F525} b');
  });
  it('turns a hex surrogate pair into the emoji', () => {
    expect(rewriteSurrogateRefs('&#xD83D;&#xDE0E;')).toBe('\u{1F60E}');
  });
  it('replaces a lone surrogate reference by U+FFFD and leaves other references to the parser', () => {
    expect(rewriteSurrogateRefs('x&#55357;y &#10; &#233; &#55000;')).toBe('x\uFFFDy &#10; &#233; &#55000;');
  });
});

describe('SurrogateRefRewriter', () => {
  const text = 'Top &#55357;&#56613;&#55357;&#56613; wiet &amp; hasj &#10;&#xD83D;&#xDE0E; end&#55357;&#56613;';
  const expected = rewriteSurrogateRefs(text);

  it('gives the same text as the whole-string rewrite for every split into two chunks', () => {
    for (let i = 0; i <= text.length; i++) {
      const r = new SurrogateRefRewriter();
      const got = r.push(text.slice(0, i)) + r.push(text.slice(i)) + r.end();
      expect(got, `split at ${i}`).toBe(expected);
    }
  });

  it('handles chunks of one character', () => {
    const r = new SurrogateRefRewriter();
    let got = '';
    for (const ch of text) got += r.push(ch);
    expect(got + r.end()).toBe(expected);
    expect(expected).toContain('\u{1F525}\u{1F525}');
  });
});
