import { describe, expect, it } from 'vitest';
import { AttributeSkipper } from './attribute-skipper.js';

function skip(xml: string, chunkSize = xml.length): string {
  const s = new AttributeSkipper('data');
  const bytes = Buffer.from(xml, 'utf8');
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) out.push(s.push(bytes.subarray(at, at + chunkSize)));
  return Buffer.concat(out).toString('utf8');
}

const MMS = `<?xml version='1.0' ?>
<!-- a comment with <part data="kept"> -->
<smses><mms><parts>
<part seq="0" ct="image/jpeg" data="/9j/4AAQ
SkZJRg==" name="p.jpg" />
<part ct='image/png' data = 'iVBORw0KGgo=' />
<part ct="text/plain" text="see data=&quot;x&quot; and data='y' 😀" metadata="kept" data-x="kept" />
<![CDATA[ <part data="kept"> ]]><?pi data="kept"?>
</parts></mms>
<sms body='say data="hi"' data2="kept" /></smses>`;

const EXPECTED = `<?xml version='1.0' ?>
<!-- a comment with <part data="kept"> -->
<smses><mms><parts>
<part seq="0" ct="image/jpeg" data="
" name="p.jpg" />
<part ct='image/png' data = '' />
<part ct="text/plain" text="see data=&quot;x&quot; and data='y' 😀" metadata="kept" data-x="kept" />
<![CDATA[ <part data="kept"> ]]><?pi data="kept"?>
</parts></mms>
<sms body='say data="hi"' data2="kept" /></smses>`;

describe('AttributeSkipper', () => {
  it('empties only the values of the data attribute, keeping their line breaks', () => {
    expect(skip(MMS)).toBe(EXPECTED);
  });

  it('gives the same result at every chunk size (state carried across chunks)', () => {
    for (const size of [1, 2, 3, 5, 7, 11, 64]) expect(skip(MMS, size), `chunk ${size}`).toBe(EXPECTED);
  });

  it('returns the chunk itself when there is nothing to drop, and counts what it dropped', () => {
    const s = new AttributeSkipper('data');
    const b = Buffer.from('<sms body="x" />');
    expect(s.push(b)).toBe(b);
    s.push(Buffer.from('<part data="AAAA" />'));
    expect(s.dropped).toBe(4);
  });
});
