// Our own story so far, read back from the messages we sent: the name we gave, who we said gave
// us the number, and the last excuse. The renderer keeps to it, so "Jens" never becomes "Kevin".
import { foldText } from './text.js';
import type { Story } from './types.js';

export function emptyStory(): Story {
  return { name: null, numberSource: null, lastExcuse: null, excuses: 0 };
}

const NAME = /(?:\bik ben|\bik heet|\bnoem me|\bi'?m|\bi am|\bit'?s|\bname'?s|\bmy name is|\bmijn naam is)\s+([A-Z][a-z]{2,14})\b/;
/** "Jelle here, …", "just Jelle", "nog altijd Jelle": a capitalised first word before here/hier/a comma */
const NAME_FIRST = /^(?:just |gewoon |still |nog altijd |it'?s )?([A-Z][a-z]{2,14})(?= here\b| hier\b|,| eh\b| zoals| like| haha)/;
// words a message may start with that are no name (openers, interjections)
const NOT_NAMES = new Set(['Sorry', 'Oke', 'Okay', 'Ok', 'Yeah', 'Yes', 'Ya', 'Yah', 'Nice', 'Mate', 'Bro', 'Hey', 'Yo', 'Allez', 'Amai', 'Haha', 'Lol', 'Jaja', 'Jawel', 'Oei', 'Euh', 'Hmm', 'Zeg', 'Kijk', 'Awel', 'Manneke', 'Listen', 'Right', 'Alright', 'Well', 'Oh', 'Ah', 'Nee', 'Neen', 'Top', 'Deal', 'Sure', 'Fine', 'Cool', 'Great', 'Ja', 'Goed', 'Prima', 'Just', 'Not', 'Real', 'Only', 'Here', 'Still', 'The', 'Gewoon', 'Echt', 'Geen', 'Van', 'Niet', 'Nie']);
const SOURCE = /\b(?:nummer|number|nr)\s+(?:gekregen\s+)?(?:van|from|via)\s+([a-z' ]{3,40}?)(?=[,.!?]|$| en | and | maar | but )/;
const EXCUSE_TACTICS = new Set(['apologize_return', 'running_late', 'reschedule']);
const SORRY = /\b(sorry|sry|sorri|excuseer|my bad|oops)\b/;

/** `owed`: an excuse was owed when we sent it (a no-show): the message is the excuse, "sorry" or not. */
export function tellStory(s: Story, text: string, tactic: string | undefined, owed = false): Story {
  const next = { ...s };
  const name = NAME.exec(text.slice(0, 600)) ?? NAME_FIRST.exec(text.slice(0, 600).replace(/^\W+/, '').replace(/^\p{Ll}+, /u, ''));
  if (next.name === null && name && !NOT_NAMES.has(name[1]!)) next.name = name[1]!;
  const f = foldText(text);
  const src = SOURCE.exec(f);
  if (next.numberSource === null && src) next.numberSource = src[1]!.trim();
  if (owed || (tactic !== undefined && EXCUSE_TACTICS.has(tactic)) || SORRY.test(f)) {
    next.lastExcuse = text.slice(0, 600);
    next.excuses++;
  }
  return next;
}
