// How people actually text: inconsistent capitals, dropped commas, doubled or missing question
// marks, the odd typo and missing accent. Applied after the no-repeat check, and never inside
// slot values, so the bot's name and place stay exactly as the persona has them.
import type { Rng } from '../lib/random.js';

export interface Segment {
  text: string;
  /** slot values: never altered */
  fixed: boolean;
  /** the answer to a dealer's question: styled, but no typo (it must read as that answer) */
  noTypo?: boolean;
}

export function styleMessage(segments: readonly Segment[], rng: Rng): string {
  const segs = segments.map((s) => ({ ...s }));
  const free = segs.filter((s) => !s.fixed && /\p{L}/u.test(s.text));

  const caseMode = rng.next();
  if (caseMode < 0.3) {
    for (const s of free) s.text = s.text.toLowerCase();
  } else if (caseMode < 0.75 && segs[0] && !segs[0].fixed) {
    segs[0].text = segs[0].text.charAt(0).toUpperCase() + segs[0].text.slice(1);
  }
  if (rng.bool(0.25)) for (const s of free) s.text = s.text.replace(/,(?=\s)/g, '');
  if (rng.bool(0.5)) for (const s of free) s.text = s.text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
  const typoable = free.some((s) => s.noTypo) ? free.filter((s) => !s.noTypo) : free;
  if (typoable.length && rng.bool(0.12)) addTypo(rng.pick(typoable), rng);

  let text = segs.map((s) => s.text).join('').trim();
  const r = rng.next();
  if (text.endsWith('?')) {
    if (r < 0.15) text = text.slice(0, -1);
    else if (r < 0.3) text += '?';
  } else if (/[\p{L}\p{N}]$/u.test(text)) {
    if (r < 0.12) text += '.';
    else if (r < 0.2) text += '!';
    else if (r < 0.27) text += '..';
  }
  return text;
}

/** One slip of the thumb in a word of 4+ letters: swapped, doubled or dropped letter. */
function addTypo(seg: Segment, rng: Rng): void {
  const words = [...seg.text.matchAll(/\p{L}{4,}/gu)];
  if (!words.length) return;
  const w = rng.pick(words);
  const word = w[0];
  const i = 1 + rng.int(word.length - 2);
  let typo: string;
  switch (rng.int(3)) {
    case 0:
      typo = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
      break;
    case 1:
      typo = word.slice(0, i) + word[i] + word.slice(i);
      break;
    default:
      typo = word.slice(0, i) + word.slice(i + 1);
  }
  seg.text = seg.text.slice(0, w.index) + typo + seg.text.slice(w.index! + word.length);
}
