// Safety rules layered over the learned classifier, where a miss is unacceptable: an innocent
// person asking us to stop (opt-out → `stop`), a threat or signs of a minor (→ `escalate`).
// Recall is what counts: a false alarm only ends one conversation.
//
// Patterns are regular expressions written in ordinary spelling. They are matched against two
// normalised views of the message, and are themselves normalised the same way when compiled:
//   - lower case, accents and apostrophes removed ("Stóp", "sms'en" → "smsen");
//   - every run of a repeated letter squeezed to one ("STOOOPPP" → "stop"; so "verkeerd nummer"
//     in a pattern matches "verkeerd nummer", "verkerd numer" and "verkeeerd nummmer");
//   - anything but letters and digits becomes one space; letters typed apart are joined
//     ("s t o p" → "stop");
//   - the `words` view also reads digits inside words as letters ("st0p" → "stop", "5t0p"),
//     the `plain` view keeps them (so "ik ben 15" and "3de middelbaar" stay readable).
// Every pattern is anchored at a word start; add `\b` or `$` where a word must end there. A space
// in a pattern also matches words typed together.
// Write only lower case in patterns, and no \S, \W, \D, \B (compilation lower-cases the source).
import type { SafetyFlag } from '../core/acts.js';
import { decodeLeet, foldText, joinSpacedLetters, squeezeLetters, wordsOnly } from './normalize.js';

export type SafetyRule = 'opt_out' | 'threat' | 'minor';

const YOU_NL = '(je|ge|gij|u|jij|jou|jullie)';
const YOU_EN = '(you|u|ya|yu)';
const YOUR = '(uw|je|jouw|your|ur|yer)';

export const OPT_OUT_PATTERNS: readonly string[] = [
  // "stop" as the whole message or its last word ("STOP", "stop pls", "dont know u, stop")
  '(?<!(bus|tram|metro|pit|truck|full) )(stop|stopt|stoppen)( (pls|plz|please|aub|nu|now|asap|dan|hiermee|ermee|aub dank u))?$',
  'stop(pen|t)? (met |with )?(sms|smsen|text|texting|messag|send|sturen|berichten|bericht|contact|mail|bellen|calling|hiermee|this)',
  '(please|pls|plz|gelieve( te)?|aub) (stop|stoppen)',
  '(quit|stop) (sending|texting|messaging|contacting|spamming)',
  'verkeerd(e)? (nummer|nr|numero|persoon)',
  '(wrong|rong) (number|numbr|numer|nr|num|no|person|guy|girl|persoon)\\b',
  '(mis|fout)(e)? (nummer|nr)',
  'ken (u|je|jou|jullie|dit nummer|da nummer|dat nummer) (niet|nie|ni)\\b',
  '(dont|do not|dnt|i dont) (know|kno) (you|u|ya|who you are|who u are|this number)\\b',
  'laat (me|mij|ons) (gerust|met rust|alleen|in vrede)',
  'leave (me|us) alone',
  '(unsubscribe|uitschrijven|afmelden|uitschrijving|opt out|optout|opt-out)',
  '(remove|delete|verwijder|schrap) (me|my number|mijn nummer|mij|this number|dit nummer)',
  '(niet|nie|ni|geen) meer (sturen|smsen|sms|contacteren|berichten|bellen)',
  '(niet|nie|ni) meer (te )?(ontvangen|contacteren)',
  '(sms|text|message|contact|bel|stuur) (me|mij) (niet|nie|ni|niks|niets) (meer)?',
  '(dont|do not|never) (text|message|contact|sms|call|write) (me|this number|here)',
  '(stuur|sms|text|send|message) (me |mij )?(niks|niets|nothing|geen berichten|no more) (meer|more)?',
  '(geen|no) (interesse|interest)\\b',
  'not interested',
  '(bel|call|contact|haal) (de |the )?(politie|police|cops|flikken)',
  '(ik ben|im|i am|i m) (geen|not a|no|not an) (dealer|klant|customer|buyer)',
  '(dit is|this is) (een |a )?(vergissing|mistake|misverstand)',
  '(heb|have) (hier )?(niks|niets|nothing) (mee te maken|to do with)',
  'ben de persoon (niet|nie|ni)',
  '(ge zijt|gij zijt|u bent|je bent|you are|youre|u r) mis\\b',
  'no longer (want|wish|receive)',
  '(laat|laten|gerust) (mij |me |ons )?(gerust|laten)\\b',
  'stop(t|pen)? (met )?(mij|me) te (sms|smsen|bellen|berichten|sturen|contacteren|storen)',
  '(wil|want) (dit|dat|da|this|these|that|deze) (niet|nie|ni|no more|anymore)\\b',
  '(dont|do not) want (this|these|that|your|any of this)',
  '(stop|quit) it\\b',
  '(texts|messages|berichten|smsen|sms|sms jes|berichtjes) (van|from) (dit|this|da|that) (nummer|number)',
];

export const THREAT_PATTERNS: readonly string[] = [
  `(weet|ken|kweet|know|kno|no) (waar|where) (${YOU_NL.slice(1, -1)}|${YOU_EN.slice(1, -1)}|ur) ?(woont|woon|werkt|zit|slaapt|live|lives|work|stay|sleep)`,
  `(ken|kennen|know|kno|got|heb|have|hebben) ${YOUR} (adres|address|huis|house|family|familie|school|werk|job|kids|kinderen)`,
  '(er)?van lusten',
  '(gaat|gade|ga|gaan) eraan\\b',
  `(maak|make|maken) (${YOU_NL.slice(1, -1)}|you) (af|kapot|dead)`,
  'kapot (maken|slaan|steken|schieten)',
  `(ga|gaan|zal|zullen) ${YOU_NL} (kapot|afmaken|pakken|halen|krijgen|slaan|steken|neersteken|neerschieten)`,
  `(kom|komen) ${YOU_NL} (halen|pakken|zoeken|opzoeken)`,
  `(coming|come|comin) (for|after|to get) ${YOU_EN}\\b`,
  `(steek|steken|stab|shoot|schiet|schieten|slice|hurt|beat) (${YOU_NL.slice(1, -1)}|${YOU_EN.slice(1, -1)})\\b`,
  '(neer|dood|kapot)(steken|schieten|slaan|stek)',
  `(ge|je|jij|gij|u|you|youre|ur|u r|your|zijde) (zijt |bent |are |r |is )?(een |a )?(dood|dead)( man| meat)?\\b`,
  '(kill|killen|vermoord|vermoorden|murder|afmaken)',
  `(als|when|if|wanneer|wacht maar tot|wait till|wait until) (ik|i|we|wij) ${'(je|u|jou|you|ya)'} (vind|find|zie|see|tegenkom|tegen kom|catch|vang)`,
  `(we|wij|ill|i will|we will|gonna|ga|gaan|zullen) ${'(je|u|jou|you|ya)'} (wel )?(vinden|find|pakken|get|krijgen|catch)`,
  `(we|wij|ik) vinden ${YOU_NL}\\b`,
  `vinden ${YOU_NL} wel`,
  `(will|gonna|ll|we|i) find ${YOU_EN}\\b`,
  `(fuck|f) ${YOU_EN} up\\b`,
  `(watch|mind) ${YOUR} (back|family|kids|mother|mom|mum|wife|girl)`,
  `(pas op|let op|kijk uit|pas maar op) (voor )?${YOUR} (familie|kinderen|moeder|ma|rug|vrouw|lief)`,
  `(kijk|let) (maar )?(goed )?(achter|om) ${YOU_NL}\\b`,
  '(spijt krijgen|spijt van krijgen|gonna regret|will regret|ll regret|you ll regret|regret this)',
  `(laten verdwijnen|make ${YOU_EN} disappear)`,
  '(gun|strap|pistool|blaffer|knife|wapen|weapon|glock|mes|machete|kalash)\\b',
  '(stuur|send|sending|sturen) (mijn|my|de) (mannen|boys|jongens|gasten|mannekes|guys|people|mannen)',
  '(get|getting|gonna get|will get|ll get) (hurt|hurted|smoked|wet)\\b',
  'pijn (doen|gaan doen)',
  `(smash|bash|break|breek|breken|kick|slaan|sla|klop|kloppen|schop) ${YOUR} (head|face|legs|teeth|kop|hoofd|smoel|bakkes|tanden|benen)`,
  `(kop|hoofd|smoel|bakkes) (in|kapot)\\b`,
  '(nie|niet|ni) meer herkennen',
  '(zijt|zijde|bent) er geweest',
  `(youre|ur|you are|u r) (done|finished|dead|gone)\\b`,
  `(ik|i) (ga|gonna|will|ll) (je|u|jou|you) (krijgen|pakken|get|hurt|find)`,
  '(ill|i will|gonna) get (you|u|ya)\\b',
  `(waar|where) (${YOU_NL.slice(1, -1)}|${YOU_EN.slice(1, -1)}|ur) ?(woont|woon|live|stay|slaapt|sleep)\\b`,
  `(?<!(dont|do not|dnt|didnt) )(weet|know|kno|ken) (wie|who) (${YOU_NL.slice(1, -1)}|${YOU_EN.slice(1, -1)}) (zijt|bent|are|r)\\b`,
  `(kom|komen|coming|come|langs|pull up) .{0,15}(naar |to |at )?${YOUR} (huis|house|home|crib|werk|work|school|deur|door)`,
  `(foto|pic|picture|photo|fotos|pics) (van|of) ${YOUR} (huis|house|auto|car|familie|family|kids|kinderen|moeder|mom|mum|vrouw|wife)`,
  `(kijk uit|pas op|let op|watch|mind) (voor )?${YOUR} (auto|car|huis|house|back|family|familie|kinderen|kids|rug|moeder|mom)`,
  '(gewaarschuwd|been warned|laatste waarschuwing|last warning|final warning)',
  '(ziekenhuis|hospital|spoed|rolstoel|wheelchair)\\b',
  '(in elkaar (slaan|timmeren|stampen|laten slaan)|beaten up|beat (you|u|ya) up)',
  '(bloeden|bleed|bloed)\\b',
  '(huis|house|auto|car|winkel|shop) .{0,15}(branden|burn|in brand|fikken|afbranden)',
  `(wreck|smoke|merk|pop|shank|jump) ${YOU_EN}\\b`,
  '(zijde|zijt|bent|zal) (ge |gij )?zuur\\b',
  `(steek|stab|shoot|schiet|sla) (ik |i )?(${YOU_NL.slice(1, -1)}|${YOU_EN.slice(1, -1)}) (neer|dood|kapot|down)`,
  `(ga|gaan|zal|ill|i will|gonna) ${'(je|u|jou|you|ya)'} (vinden|find|opzoeken|zoeken|track)`,
  '(youll|ull|you will|gonna|ill) regret',
  `(steek|schiet|sla|stab|shoot) ik ${YOU_NL}\\b`,
  '(cut|slice) (you|u|ya) (up|open)',
  // veiled threats (found missing by the challenge set)
  '(see|watch) what (happens|will happen|gonna happen)',
  '(ge gaat|je gaat|gij gaat|ge zult|je zal|ge zal|gaat) (nog )?(wel )?(zien|merken) (wat|wa) (er )?(gebeurt|er van komt|ervan komt)',
  '(wat|wa) er (met )?(u|je|jou) (gaat )?(gebeurt|gebeuren)',
  `(something|smth) (bad )?(gonna|will|might|could) happen to ${YOU_EN}\\b`,
  `(er )?(gaat|zal) (iets|wa|wat) (ergs )?(met|gebeuren met) ${YOU_NL}\\b`,
  '(youll|you will|ull|u will|ge gaat|je gaat) (see|zien)$',
];

const AGE =
  '(1[0-7]|[89]|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|' +
  'eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)';
// "ik ben 15 min te laat" is not an age
const NOT_A_UNIT = '(?! ?(min|minuten|minuutjes|minutes|mins|m|sec|u|uur|h|hr|hrs|hours|e|eur|euro|euros|km|meter|gram|gr|g|x|keer|stuks|pillen|pills|dagen|days|weken|weeks)\\b)';

export const MINOR_PATTERNS: readonly string[] = [
  `(ik ben|ben|bende|im|i am|i m|iam|am) (pas |nog maar |nog |maar |only |just |still )?${AGE}\\b${NOT_A_UNIT}`,
  `${AGE} ?(jaar|jr|j|yo|y o|years|yrs|year old|jarige|jaar oud)\\b`,
  `(age|aged|leeftijd) ${AGE}\\b`,
  '([1-6]|eerste|tweede|derde|vierde|vijfde|zesde|1ste|1e|2de|2e|3de|3e|4de|4e|5de|5e|6de|6e) (jaar |graad )?(middelbaar|secundair|humaniora|lager|leerjaar)',
  '(middelbaar|secundair|humaniora|lagere school|basisschool|primary school|middle school|high school|highschool|junior high)',
  '(year|grade|yr|jaar) ?([5-9]|1[0-2])\\b',
  '([5-9]|1[0-2])(th|st|nd|rd|de|e) (grade|leerjaar)',
  '(na|after|voor|before|naar|op|from|van|at|in|uit) (de |het )?(school|skool|skul|class|klas|les)\\b',
  '(huiswerk|homework|schoolbel|speelplaats|schooltas|rapport|report card)',
  '(mijn|my|me|mn) (mama|mam|ma|moeder|mum|mom|mommy|mammy|papa|pa|vader|dad|daddy|ouders|parents|stiefvader|stepdad|stiefmoeder|stepmom) ' +
    '(checkt|check|checks|checking|kijkt|pakt|leest|reads|looks|takes|took|mag|weet|knows|finds|vindt|controleert|controls|zal|will|would|gaat|mogen|gonna|kills|vermoordt|mag niet|mogen niet|doesnt|dont|cant)',
  '(ouders|parents|mama|mum|mom) (mogen|mag|must|cant|can not|may) (dit |dat |da |this |that )?(niet|nie|ni|not|never)? ?(weten|know|find out)',
  '(minderjarig|underage|under age|too young|te jong|nog geen 18|not 18|under 18|onder 18|niet meerderjarig|nie meerderjarig|nog geen achttien|not eighteen)',
  '(leerkracht|juf|teacher|leraar|lerares)\\b',
  '(mag|mogen|allowed) .{0,20}(van mijn|by my) (ma|mama|mum|mom|ouders|parents|pa|papa|dad)',
  '(mijn|my) (gsm|phone|telefoon) (wordt|gets|is|word) (gecheckt|checked|afgepakt|taken|gecontroleerd)',
  '(bedtijd|bedtime|curfew)',
  '(moet|must|have to|gotta|need to) (om|at|by|before|voor|tegen) .{0,12}(thuis|binnen|home)',
];

function compile(patterns: readonly string[]): RegExp {
  // a space in a pattern also matches no space: "wrongnumber", "ikweetwaarjewoont"
  const src = patterns.map((p) => squeezeLetters(foldText(p)).replace(/ /g, ' ?')).join('|');
  return new RegExp(`(?:^| )(?:${src})`);
}

const RULES: readonly { rule: SafetyRule; re: RegExp }[] = [
  { rule: 'opt_out', re: compile(OPT_OUT_PATTERNS) },
  { rule: 'threat', re: compile(THREAT_PATTERNS) },
  { rule: 'minor', re: compile(MINOR_PATTERNS) },
];

/** The two views the patterns are matched against (exported for tests and debugging). */
export function safetyViews(text: string): { words: string; plain: string } {
  const folded = foldText(text);
  const view = (s: string) => squeezeLetters(joinSpacedLetters(wordsOnly(s)));
  const plain = view(folded);
  const leet = decodeLeet(folded);
  return { words: leet === folded ? plain : view(leet), plain };
}

export interface SafetyCheck {
  flag: SafetyFlag;
  /** the rule groups that fired, in rule order */
  rules: SafetyRule[];
}

export function checkSafety(text: string): SafetyCheck {
  const { words, plain } = safetyViews(text);
  const rules: SafetyRule[] = [];
  const same = words === plain;
  for (const { rule, re } of RULES) if (re.test(words) || (!same && re.test(plain))) rules.push(rule);
  return { flag: flagFor(rules), rules };
}

/** escalate (threat, minor) outranks stop: escalating also stops the conversation. */
export function flagFor(rules: readonly SafetyRule[]): SafetyFlag {
  if (rules.includes('threat') || rules.includes('minor')) return 'escalate';
  if (rules.includes('opt_out')) return 'stop';
  return null;
}
