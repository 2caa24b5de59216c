import { describe, expect, it } from 'vitest';
import { AttributeSkipper } from './attribute-skipper.js';

const KEEP = ['ct', 'text', 'name', 'body'];

function skip(xml: string, chunkSize = xml.length): string {
  const s = new AttributeSkipper(KEEP);
  const bytes = Buffer.from(xml, 'utf8');
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) out.push(s.push(bytes.subarray(at, at + chunkSize)));
  out.push(s.end());
  return Buffer.concat(out).toString('utf8');
}

const MMS = `<?xml version='1.0' ?>
<!-- a comment with <part data="kept"> -->
<smses count="1"><mms><parts>
<part seq="0" ct="image/jpeg" data="/9j/4AAQ
SkZJRg==" name="p.jpg" />
<part ct='image/png' data = 'iVBORw0KGgo=' />
<part ct="text/plain" text="see data=&quot;x&quot; and data='y' 😀" meta="a&amp;b" x:y="kept" />
<![CDATA[ <part data="kept"> ]]><?pi data="kept"?>
</parts></mms>
<sms body='say data="hi"' date_sent="1"
  contact_name="(Unknown)"/></smses>`;

const EXPECTED = `<?xml version='1.0' ?>
<!-- a comment with <part data="kept"> -->
<smses ><mms><parts>
<part  ct="image/jpeg"
  name="p.jpg" />
<part ct='image/png'  />
<part ct="text/plain" text="see data=&quot;x&quot; and data='y' 😀" meta="a&amp;b" x:y="kept" />
<![CDATA[ <part data="kept"> ]]><?pi data="kept"?>
</parts></mms>
<sms body='say data="hi"' 
 /></smses>`;

describe('AttributeSkipper', () => {
  it('drops the attributes not kept, leaving a space and their line breaks; values with & or < and odd names stay', () => {
    expect(skip(MMS)).toBe(EXPECTED);
  });

  it('gives the same result at every chunk size (state carried across chunks)', () => {
    for (const size of [1, 2, 3, 5, 7, 11, 64]) expect(skip(MMS, size), `chunk ${size}`).toBe(EXPECTED);
  });

  it('returns the chunk itself when there is nothing to drop, and counts what it dropped', () => {
    const s = new AttributeSkipper(KEEP);
    const b = Buffer.from('<sms body="x" />');
    expect(s.push(b)).toBe(b);
    s.push(Buffer.from('<part data="AAAA" />'));
    expect(s.dropped).toBe(' data="AAAA"'.length);
  });

  it('drops a long value (a picture) without holding it, whatever the chunks', () => {
    const xml = `<part ct="image/jpeg" data="${'A'.repeat(20_000)}&amp;" name="x" />`;
    for (const size of [1000, 65536]) expect(skip(xml, size)).toBe('<part ct="image/jpeg"  name="x" />');
  });

  it('gives back an attribute cut by the end of the input, for the parser to report', () => {
    expect(skip('<sms body="a" date_sent=', 4)).toBe('<sms body="a" date_sent=');
  });
});
