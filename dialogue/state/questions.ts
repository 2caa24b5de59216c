// The dealer's direct questions: the reader's question types, plus forms a reply must answer
// that the reader leaves as `other` or misses: asking where we are or for an address/area/street,
// whether we want it ("ja of nee", "u want or not", an offer "7g voor 60?"), for a call or voice
// note, for our name/job/socials, how we know him, whether we are police, a bare quantity check
// ("1 of 2", "dus 2?"), a bare confirmation request ("…, ok?"), and a consistency trap about what
// we said before ("gisteren zei ge dat ge Jens waart??"). Each pattern runs on the folded text.
import type { Reading } from '../reader/types.js';
import type { PendingQuestion as QuestionType } from './types.js';
import { foldText } from './text.js';

const CONFIRM = /(\b(ok|oke|goed|deal|right|cool|goed voor u|good for u|good for you|works for (u|you)|afgesproken)\s*\?+\s*$)|\bok\?/;
const TRAP = /\b(zei ge|zegde ge|zeide ge|ge zei|gij zei|ge zegt|u said|you said|u told me|you told me|said ur|said your|u were|you were called|je zei)\b/;
const NAME_OR_STORY = /\b(u were|you were|ge waart|gij waart|naam|noemt|heet|waart|name|called|student|werk|work|job|studeert|study|ge zijt|u are|ur)\b/;

/** Extra patterns per question type, tried in this order (a message may ask several). */
const EXTRA: ReadonlyArray<[QuestionType, RegExp]> = [
  ['who_are_you', /\b(uw naam|ur name|your name|naam\b|name\b|stel u (eens )?voor|introduce|insta|snap|selfie|foto van u|pic of u|uw job|ur job|your job|wat doet ge in het leven|for a living|werkt ge\b|wie heeft er gestuurd|who texted|who dis|wie is dit|wie zijt ge|who (is|r|are) (this|u|you)|ge waart al klant)\b/],
  ['how_got_number', /\b(van waar kent ge|waar (hebben|kennen) we elkaar|hoe kent ge mij|how (u|you|d u|did u|did you) (know|get) (me|my)|where do we know|how'?d (u|you) get|via wie|thru who|through who|1 naam van iemand|one name of someone|wie gaf|who gave)\b/],
  ['are_you_police', /\b(zijt ge|zit ge|ben je|bent ge|r u|are u|are you|u a|ur not|you'?re not|u work for|werkt ge voor)\b.{0,24}\b(politie|police|flik|juut|cop|undercover|journalist)|\b(politie|police|flik|cop|undercover)\s*\?/],
  ['are_you_bot', /\b(robot|bot|ai|automatisch|automated)\b\s*\?/],
  ['can_call', /\b(bel (me|mij)|eerst bellen|neem (eens )?op|neemt ge (nie|niet|ni) op|neemt (nie|niet|ni) op|spraakbericht|voice ?note|voice ?message|call me|call first|gotta call|pick up|picking up|hij belt u|he'?s calling)\b/],
  ['where_are_you', /\b(adres|address|addy|huisnummer|house number|postcode|zip|straat|straatnaam|street|gemeente|wijk|area|buurt|where|waar|welke plek|plek in de buurt|spot nearby|another spot|andere plaats|ander plek|u out or|corner|hoek|ur house|uw huis)\b|,\s*(gij|u)\s*\?\s*$|\b(thuis|home)\s*\?|\b[1-9]\d{3}\s*(of|or)\s*[1-9]\d{3}\b/],
  ['how_much', /^\s*(dus )?\d+\s*(g|gr|gram)?\s*(of|or)\s*\d+\s*(g|gr|gram)?\s*\??\s*$|^\s*(dus |so )?\d+\s*(g|gr|gram)?\s*\?/],
  ['what_want', /\b(ja of (nee|wa|neen)|yes or (no|what)|ge wilt\b|wilt ge\b|u want\b|want (it|em|or)|interesse|interested|profiteren|still buying|u down\b|wou iets|wanted something|zeg (maar|gewoon) wat ge wilt|kies (maar|iets)|pick (something|one)|iets concreets|something concrete|whats it gonna be|klant (zijt|bent)|still a customer|wat mag ik u geven|deal\b.*\?|de deal\b|deal (of|or) (nie|no)|wat moet ik meebrengen|what strain|what flavour|want something|\d+\s*(g|gr|voor|for)\s*\d+\s*\?|\d+ (for|voor) \d+\s*\?)/],
  ['ready', /\b(geld klaar|cash ready|zijt ge klaar|u ready|komt ge(?! aan)|u coming|coming by)\b|\bready\s*\?/],
  ['when', /\b(wanneer|when)\b/],
];

/** "so r u?", "en?", "zijt ge?": the question before, asked again */
const FOLLOW_UP = /^\s*((so|and|en|well|nou|allez)\s+)?(r u|are u|are you|zijt ge|bent ge|ja)\s*\?+\s*$|^\s*(so|and|en|well|nou|allez|en dan)\s*\?+\s*$/;
/** "hoeveel kost 1g wit bij mij?", "what did i say the weed costs": does he read my prices? */
const PRICE_TEST = /\b(hoeveel kost .{0,30} bij mij|wat kost .{0,30} bij mij|wat (zei|zegde) ik .{0,30}(kost|prijs)|what did i say .{0,30}(cost|price)|how much (do i|did i) (charge|say))/;
/** "why u replying to a number u dont know?": why we write at all */
const WHY_WRITE = /\b(waarom|why)\b.{0,40}\b(antwoord|stuurt|sms|reply|replying|text|texting|writing|nummer|number)/;
const POSTCODES = /\b[1-9]\d{3}\s*(of|or)\s*[1-9]\d{3}\b/;
/**
 * "5g hasj? 50", "3 pillen?", "10 wiet? 100": an amount of a product put to us as a question, at
 * the start of his message, asks whether that is how much we take (the reader leaves it `other`,
 * and "ja, prima" does not say how much)
 */
/** "which one bro" (no question mark) after he offered two places: where we want to meet */
const WHICH_ONE = /^\W*((so|dus|en|allez|ok|oke) )?(which one|wich one|which 1|welke van de (2|twee)|wat van de (2|twee))\b/;
const AMOUNT_OF_PRODUCT = /^\s*(dus |so |ok |oke |of |or )?\d+([.,]\d)?\s*(g|gr|gram|grams|grammen|pillen|pills)?\s*[\p{L}']{2,14}\s*\?/u;

/** The question types of one dealer message; `previous`: those of his message before. */
export function questionsOf(r: Reading, text: string, previous: readonly QuestionType[] = []): QuestionType[] {
  const f = foldText(text);
  if (FOLLOW_UP.test(f) && previous.some((q) => q !== 'other')) return previous.filter((q) => q !== 'other');
  if (PRICE_TEST.test(f)) return ['price_test'];
  if (WHY_WRITE.test(f) && !r.questions.some((q) => q !== 'other')) return ['why_write'];
  let out: QuestionType[] = [...r.questions];
  // "2018 of 2020?" asks a postcode, not an amount
  if (POSTCODES.test(f)) out = out.filter((q) => q !== 'how_much');
  for (const [type, re] of EXTRA) if (!out.includes(type) && re.test(f)) out.push(type);
  if (!out.includes('how_much') && !out.includes('what_want') && r.products.length > 0 && AMOUNT_OF_PRODUCT.test(f)) out.push('how_much');
  if (!out.includes('where_are_you') && r.products.length === 0 && WHICH_ONE.test(f)) out.push('where_are_you');
  if (TRAP.test(f) && NAME_OR_STORY.test(f) && !out.includes('who_are_you')) out.unshift('who_are_you');
  // a bare time with a question mark ("22u30?") proposes a time: a confirmation request, not "when?"
  if (out.includes('when') && r.times.some((t) => t.kind === 'clock') && !/\b(wanneer|when|hoe laat|what time)\b/.test(f)) out = out.map((q) => (q === 'when' ? 'other' : q));
  // a specific reading replaces the reader's `other`
  if (out.length > 1) out = out.filter((q) => q !== 'other');
  if (CONFIRM.test(f) && !out.includes('other') && out.length === 0) out.push('other');
  return out;
}

/** Adds a message's questions to the pending ones, each type once, the newest last. */
export function addPending(pending: readonly QuestionType[], qs: readonly QuestionType[]): QuestionType[] {
  const out = pending.filter((q) => !qs.includes(q));
  out.push(...qs);
  return out;
}
