// Hard safety rules 3 and 4 (DESIGN.md) on the text of every outgoing message, applied when a
// reply is rendered and again just before it is sent (an operator's edit passes here too).
// Deliberately conservative: a refused message is only a lost reply; a leaked one can hurt.
//
// Each rule belongs to one category of DESIGN.md's outbound list (police, threat, payment,
// purchase, address, person, personal data, slur, contact details). The patterns read a folded
// copy of the text (lower case, accents and curly quotes folded, spaces collapsed) so that
// "Bétaal", "I’ll" and "ik  ben" cannot slip past. They aim at what a person writes when they do
// the forbidden thing ("ik ben van de politie", "ik betaal u morgen", "bij Jan thuis"), not at the
// topic: "ben je van de politie?" and "50 euro is goed" are a buyer's questions and go through.
// data/outbound/ (bad.jsonl, good.jsonl) is the list they are tested on.
import { isFirstName } from '../../core/first-names.js';
import { cachedByText } from '../../lib/bounded-cache.js';
import { ruleHits } from '../../nlu/safety/rules.js';

export type OutboundCategory = 'contact' | 'police' | 'threat' | 'payment' | 'purchase' | 'address' | 'person' | 'personal_data' | 'slur';

interface Rule {
  category: OutboundCategory;
  reason: string;
  test: (folded: string, original: string) => boolean;
}

const re = (category: OutboundCategory, reason: string, pattern: RegExp): Rule => ({ category, reason, test: (t) => pattern.test(t) });

const digitsIn = (s: string) => s.replace(/\D/g, '').length;

/** lower case, no accents, straight quotes, single spaces */
export function foldForFilter(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[‘’ʼ`´]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

// who speaks: "ik ben", "kzen", "we are", "im" … (a question "ben je …?" does not start like this)
const I_AM = String.raw`(?:^|[^a-z'])(?:ik ben|kben|kzen|ik zen|ik zit bij|ik werk bij|ik werk voor|wij zijn|we zijn|wij werken|we werken|hier is|dit is|this is|i'?m|i am|we'?re|we are|we work|i work)`;
const POLICE_WORD = String.raw`(?:politie\w*|flik\w*|cops?|police\w*|agent\w*|officers?|detectives?|recherche\w*|undercover|feds?|federal agent|drugsbrigade|drugs ?squad|narcotics|wijkagent\w*|inspecteur\w*|commissaris\w*|law enforcement|de wouten|de zwaantjes)`;
// every word of an authority, for the broad rule below (a customer never speaks as one)
const AUTHORITY =
  /\b(?:politie\w*|police\w*|flik\w*|cops?|agent\w*|officers?|detectives?|inspect\w*|commissaris\w*|recherche\w*|undercover|feds?|fbi|dea|interpol|europol|sheriff\w*|marshals?|douane\w*|customs|border force|parket|procureur\w*|prosecutor\w*|openbaar ministerie|justitie|gerechtelijke?|onderzoeksrechter|magistra\w*|narcotics|drugsbrigade|drugs ?squad|vice squad|law enforcement|the met|constable|sergeant|brigadier|hoofdinspecteur|pc [a-z]+|dc [a-z]+|ds [a-z]+|right to remain silent|zwijgrecht|op de tap|afgeluisterd|being (?:logged|recorded|monitored|tapped)|worden? (?:opgenomen|gelogd|afgeluisterd|bewaard als bewijs)|as evidence|als bewijs|is evidence|under (?:arrest|investigation|surveillance)|aangehouden|gearresteerd|verdacht van|suspected of)\b/;
// "ben je van de politie?", "r u a cop", "ik ben geen flik": a buyer's question or denial
const ASKS_OR_DENIES =
  /\b(?:ben je|ben jij|bende|zijt ge|zijde|zijt gij|bent u|ben jij|is dit|is da|are (?:you|u)|r (?:u|you)|ru|you a|u a|is this|are they|zijn ze|zijn jullie)\b[^.!]*\?|\b(?:geen|gene|genen|niet|ni|nie|not|no|never|nooit|aint|ain't|isn't|isnt)\b(?:\s+\S+){0,2}\s+(?:politie|police|flik|cop|agent|fed|undercover)/;

const PERSON_RELATION =
  'zus|zuster|broer|neef|nicht|nonkel|tante|oom|buurman|buurvrouw|buren|maat|makker|collega|vriendin|vriend|lief|schoonbroer|schoonzus|' +
  'cousin|brother|bro|sister|sis|neighbour|neighbor|uncle|aunt|auntie|mate|girlfriend|boyfriend|friend|colleague|flatmate|roommate';
const HANDOVER =
  'bij|aan|naar|voor|tegen|zeg tegen|talk to|tell|ask|vraag|vraag naar|vraag voor|ask for|leave it with|give it to|geef het aan|geef het af bij|afgeven bij|lever bij|leveren bij|breng het naar|bel aan bij|ring at|with';

const RULES: Rule[] = [
  // contact details and bank data
  re('contact', 'contains an IBAN or account number', /\b[a-z]{2}\d{2}(?:[ ]?[a-z0-9]{4}){2,7}(?:[ ]?[a-z0-9]{1,3})?\b/),
  {
    category: 'contact',
    reason: 'contains a phone number',
    // runs of digits with spaces, dots, dashes or slashes that add up to 8+ digits
    test: (t) => (t.match(/\+?\d[\d\s./()-]{5,}\d/g) ?? []).some((m) => digitsIn(m) >= 8),
  },
  re('contact', 'contains an e-mail address', /[^\s@]+@[^\s@]+\.[a-z]{2,}/),
  re('contact', 'contains a link', /https?:\/\/|\bwww\./),

  // posing as police or any authority
  // a denial ("ik ben geen flik", "im not a cop") is not a claim
  re('police', 'poses as police', new RegExp(`${I_AM}\\s+(?!(?:\\S+\\s+)?(?:geen|gene|genen|ni|niet|nie|not|no|never|nooit)\\b)(?:\\S+\\s+){0,3}?${POLICE_WORD}\\b`)),
  re(
    'police',
    'poses as police',
    /\b(?:politie hier|police here|officer here|\w*agent here|\w*agent hier|cop here|(?:antwerp|antwerpse|federale|federal|lokale|local|metropolitan|met) (?:politie|police)|recherche\b|drugsbrigade|narcotics (?:unit|squad|team)|law enforcement|huiszoeking\w*|(?:search )?warrant|under investigation|onder onderzoek|afgeluisterd|wordt opgenomen|being recorded|wordt geregistreerd|parket|justitie|hand yourself in|geef u (?:zelf )?over|op onze lijst|on our (?:list|radar)|flagged by|controle van de|we volgen u|we(?:'ve| have) been (?:watching|following)|we are watching|we'?re watching|under arrest|aangehouden|gearresteerd|detective \w+|undercover)\b/,
  ),

  {
    category: 'police',
    reason: 'poses as police',
    test: (t) => AUTHORITY.test(t) && !ASKS_OR_DENIES.test(t),
  },

  // threats: the safety reader's threat rules (one vocabulary of threats, nlu/safety/rules.ts), then more
  { category: 'threat', reason: 'contains a threat', test: (_t, original) => ruleHits(original).some((h) => h.category === 'threat') },
  re(
    'threat',
    'contains a threat',
    /\b(?:(?:kop|hoofd|smoel|bakkes|gezicht|face|head|skull|teeth|tanden) (?:in|kapot|inslaan|in slaan|in elkaar)|sla (?:uw|je|uwe) (?:\w+ )?(?:kop|hoofd|smoel|bakkes) in|in de fik|fikken|in het ziekenhuis|in hospital|in the hospital|in de hospital|put (?:u|you) in|coming for (?:u|you|ya)|komen? (?:u|je) (?:halen|zoeken|pakken)|(?:ik|we|wij) (?:kom|komen) (?:met \w+ \w+ )?naar (?:u|je|jou)|wacht maar tot|wait (?:till|until|til) (?:i|we)|see what happens|zien wat er gebeurt|(?:better|beter) (?:be careful|oppassen|uitkijken)|gaat (?:ook )?boeten|gonna pay|jump (?:u|you|ya)|rechtstaat|nog (?:1|een|ene) (?:sms|bericht|keer) en|one more (?:text|word|message) and|(?:gun|knife|blade|machete|pistool|wapen|mes|revolver|glock)\b)/,
  ),

  // threats
  re(
    'threat',
    'contains a threat',
    /\b(?:kill|murder|shoot|stab|hurt (?:u|you|ya)|beat (?:u|you) up|burn (?:ur|your|down)|vermoord\w*|doodmaken|dood maken|maak (?:je|u|ou) (?:dood|af|kapot)|kapotmaken|kapot maken|afmaken|neerschieten|neersteken|steek (?:je|u)\b|schiet (?:je|u)\b|in elkaar (?:slaan|meppen|trappen)|sla (?:u|je) (?:in elkaar|kapot|verrot)|in brand|heelhuids|ramen ingooien|ruiten ingooien|ruiten kapot|one eye open|watch (?:ur|your|yo) back|look over (?:ur|your) shoulder|achter (?:u|je|uw rug) (?:kijken|uitkijken)|pas (?:maar |goed |mar )?op\b|ge gaat het zien|gij gaat het zien|je gaat het zien|ge zult het zien|ge gaat spijt|je gaat spijt|spijt krijgen|(?:u|you|u'll|you'll|youll) (?:will )?regret|ur dead|you'?re dead|youre dead|ge zijt dood|je bent dood|won'?t walk again|wont walk again|finish (?:this|u|you)|break (?:both )?(?:ur|your) \w+|breek (?:uw|je) \w+|kom (?:u|je) (?:\w+ )?halen|ik vind (?:u|je)|we(?:'ll| will)? find (?:u|you)|gonna find (?:u|you)|ill find (?:u|you))\b/,
  ),
  re('threat', 'contains a threat', /\b(?:ik weet|we weten|wij weten|i know|we know) (?:waar|where) (?:ge|gij|je|jij|u|you|ur|u r)\b/),
  re('threat', 'contains a threat', /\b(?:mijn|onze|my|our) (?:mannen|jongens|gasten|maten|boys|lads|guys|mates|people) (?:\w+ )?(?:vinden|komen|pakken|weten|zoeken|are coming|are on|will|know|gonna|r coming)\b/),
  re('threat', 'contains a threat', /\b(?:i'?ll|ill|i will|im gonna|i'?m gonna|gonna|we'?ll|we will|kzal|ik zal|ik ga|we gaan) (?:\w+ ){0,2}(?:hurt|kill|murder|shoot|stab|smash|slaan|pakken|afmaken|kapotmaken|breken)\b/),

  // payment: promises, reports, means or details
  re(
    'payment',
    'mentions a payment',
    /\b(?:betaal\w*|betaald|betalen|betaling\w*|overgeschreven|overschrij\w*|overmaken|overgemaakt|storten|gestort|storting|tikkie|payconiq|bancontact|kredietkaart|credit ?card|debit ?card|pincode|my pin|mijn pin|cash ?app|cashapp|venmo|revolut|paypal|zelle|western union|moneygram|crypto\w*|bitcoin|btc|wallet|iban|bic|rekeningnummer|bankrekening|op (?:uw|je|mijn) rekening|account number|sort code|bank transfer|wire|wired|transfer\w*|pay|paid|paying|payment|upfront|voorschot|deposit)\b/,
  ),
  re(
    'payment',
    'mentions a payment',
    /\b(?:geld (?:ligt )?klaar|het geld (?:ligt|is)|hier is (?:het|uw|je) geld|(?:send|sending|sent|stuur|stuurde|gestuurd) (?:u |you |ya |je )?(?:the |het )?(?:money|geld|cash|\d+)|money'?s ready|money is ready|cash (?:is )?ready|here'?s the (?:cash|money)|cash klaar)\b/,
  ),

  re(
    'payment',
    'mentions a payment',
    /\b(?:geld|cash|money|moneys|poen|centen|duiten|quid|bucks|euro'?s?)\b(?:\s+\S+){0,4}\s+(?:erop|staat erop|mee|meebrengen|bij|ligt|klaar|ready|in (?:ur|your|uw|je) (?:account|rekening)|op (?:uw|je) rekening|bring|brengen|geef|give|hand|stuur|send|sent|overgemaakt|gestort)\b|\b(?:ik|kzal|ill|i'?ll|i will|we) (?:\w+ )?(?:stort|storten|bring (?:the|de|het)? ?(?:cash|money|geld)|geef (?:u|je) (?:het|de|uw)? ?(?:geld|cash))|\bik heb (?:het|de|uw) (?:cash|geld) mee\b|\bmoney'?s in\b|\b(?:ur|your|uw|je) (?:paypal|revolut|iban|rekening|account|bank|cashapp|venmo|tikkie)\b/,
  ),

  // completing a purchase (the bot wants, asks and haggles; it never buys)
  re(
    'purchase',
    'completes a purchase',
    /\b(?:ik (?:neem|koop|pak) (?:ze|het|da|dat|alles|er|\d+|een|ne|nen|1|de|die)|(?:ik|kzal|ik zal|ik ga) (?:ze|het|da|dat|alles|er \d+|\d+ \w+) (?:nemen|kopen|pakken)|kzal ze nemen|i'?ll (?:take|buy) (?:it|them|em|'em|\d+|the|all|a|one|two|three)|ill (?:take|buy)|i'?m (?:buying|taking (?:it|them|em))|im (?:buying|taking (?:it|them|em))|buying (?:\d+|it|them|now)|ordering|order (?:placed|confirmed)|bestelling|besteld|verkocht|\bsold\b|put me down for|akkoord voor|i buy|ik koop)\b/,
  ),
  re('purchase', 'completes a purchase', /\b(?:deal|done|afgesproken|akkoord|agreed|top)[,!. ]+\d+ (?:voor|for) \d+/),
  re('purchase', 'completes a purchase', /(?:^|[^a-z])(?:deal|done|ok|oke|top|afgesproken|akkoord|confirmed|agreed)\b[,!. ]+(?:\w+ ){0,3}(?:ik neem|ik koop|i'?ll take|ill take|i'?ll buy|ill buy|ordering|buying|bring (?:it|them|em) (?:over|tonight|now))/),

  re(
    'purchase',
    'completes a purchase',
    /\b(?:doe (?:mij|me) (?:maar )?(?:er )?\d+|(?:leg|hou|houd|zet) (?:er )?(?:\d+|ze|die|het) (?:\w+ )?(?:opzij|apart|aan de kant)|ik wil er \d+|ik bestel|koop ik|pak (?:het|ze|da|dat) (?:maar )?in|\d+ (?:\w+ )?(?:for me|voor mij)|i'?ll grab|ill grab|gimme (?:the|\d+|a|an)|i want \d+ of|(?:it'?s|its) a deal|done deal|deal done|place (?:my|the|an) order|my order|buying (?:the|a|an|some)|purchase|when can i (?:collect|pick (?:it|them) up)|(?:bet|say less|sorted),? (?:i'?ll|ill|im|i'?m) (?:take|grab|have|buy)|die zijn van mij|zijn voor mij)\b/,
  ),

  // addresses and homes
  re(
    'address',
    'contains a street address',
    /[\p{L}'-]*(?:straat|laan|lei|plein|steenweg|weg|dreef|kaai|kade|markt|vest|baan|singel|hof|plaats|gracht|dijk|pad|wal|berg|dal|veld|street|road|avenue|lane|drive|close|crescent|way|gardens|terrace)\s+(?:nummer |nr\.? ?|no\.? ?)?\d{1,4}[a-z]?\b/u,
  ),
  re('address', 'contains a street address', /\b\d{1,4}[a-z]? (?:[a-z']+ ){1,2}(?:st|street|rd|road|lane|ln|avenue|ave|drive|dr|close|way|crescent|gardens|terrace|place)\b/),
  re('address', 'contains a street address', /\b\d{1,4}[a-z]? [\p{L}'-]*(?:straat|laan|lei|plein|steenweg|dreef|kaai|vest|baan|singel)\b/u),
  re('address', 'contains a postcode and town', /\b[1-9]\d{3}\s+(?!euro\b|eur\b|gram\b|gr\b)[a-z]{3,}/),
  re('address', 'contains a postcode', /,\s*[1-9]\d{3}\b/),
  re(
    'address',
    'names a home',
    /\b(?:ik woon|we wonen|i live|we live|mijn adres|my address|address is|adres is|my place is|my place\b|mijn huis|my house|my flat|my home|bij mij (?:thuis|aan huis)|aan huis|thuis|mijn kot|my crib|huisnummer|\d+ ?hoog|(?:op |at )?(?:nr\.?|nummer|number|no\.) ?\d+|(?:flat|apt|apartment|appartement|unit|bus) \d+\w?|(?:deliver|drop it|send it|come|bring it) (?:to|at) \d)\b/,
  ),

  // a third person, or someone's home
  {
    category: 'person',
    reason: 'names a person',
    test: (t, original) => namesAPerson(t, original),
  },

  // personal data
  re(
    'personal_data',
    'contains personal data',
    /\b(?:\d-[a-z]{3}-\d{3}|[a-z]{2}\d{2} ?[a-z]{3}|nummerplaat|licen[cs]e plate|plate (?:is|number)|kenteken|paspoort\w*|passport|national insurance|rijksregister\w*|identiteitskaart|id ?(?:card|number|nummer)|social security|volledige naam|full name|achternaam|surname|last name)\b/,
  ),
  re(
    'personal_data',
    'contains personal data',
    /(?:^|\s)@[a-z0-9_.]{3,}|\b(?:insta|instagram|ig|snap|snapchat|sc|tiktok|telegram|signal|facebook|fb|discord|twitter|x)(?: name| handle| naam)?\s*(?:is\b|:)\s*@?[a-z0-9_.]{3,}|\b(?:add|follow|volg|voeg) (?:me|mij) (?:on|op) (?:insta|instagram|ig|snap|snapchat|tiktok|telegram|signal|facebook|fb|discord)\b|\b\d{3}-\d{4}\b|\bni (?:number|no)\b/,
  ),

  // slurs and insults
  re(
    'slur',
    'contains a slur or insult',
    /\b(?:kanker\w*|tyfus\w*|tering\w*|mongool|mongol|flikker|nikker|nigg\w*|fag+ot\w*|retard\w*|hoer\w*|slet|teef|trut|bitch\w*|cunt|whore|spast\w*|makak|klootzak\w*|smeerlap|debiel\w*|achterlijk\w*|vreten|zwerver|janet|vuile (?:rat|junk\w*|zwerver|\w+)|junkie|junky|lul|eikel|rat\b|scumbag|piece of shit|pos\b|crackhead|loser|waste of (?:oxygen|space|air)|dickhead|twat|wanker|prick|asshole|arsehole|bastard|moron|idiot|kut\w+|motherfuck\w*|fucker\w*|fat pig|pig|varken|dikzak|vetzak|hufter|lelijkerd|sukkel)\b/,
  ),
];

// compiled once, not on every reply checked
const RELATION_NAMED = new RegExp(`\\b(?:${PERSON_RELATION}) (?!is\\b|zegt\\b|says\\b)([a-z][a-z'-]{1,})\\b`);
const RELATION_WORD = new RegExp(`\\b(?:${PERSON_RELATION}) ([a-z][a-z'-]{1,})`, 'g');
const HANDOVER_WORD = new RegExp(`\\b(?:${HANDOVER}) ([a-z][a-z'-]{1,})`, 'g');

/**
 * A third person named as a handover point or a home: "bij Jan", "vraag naar Kevin", "mijn neef
 * Youssef", "mevrouw Claes", "Tom's house", "Jessica Wouters". The bot's own first name in an
 * introduction ("ik ben Jonas") is not a third person.
 */
function namesAPerson(folded: string, original: string): boolean {
  if (/\b(?:mevrouw|meneer|madame|mevr|mnr|de familie|familie|mrs|mr|ms|miss)\.? [a-z][a-z'-]{2,}/.test(folded)) return true;
  // matchAll works on a copy of a global pattern, so the shared ones keep no lastIndex between texts
  if (RELATION_NAMED.test(folded)) {
    for (const x of folded.matchAll(RELATION_WORD)) if (isFirstName(x[1]!.replace(/'s$/, '')) || capitalisedIn(original, x[1]!)) return true;
  }
  for (const x of folded.matchAll(HANDOVER_WORD)) if (isFirstName(x[1]!.replace(/'s$/, ''))) return true;
  for (const x of folded.matchAll(/\b([a-z]{2,})'s (?:house|place|flat|garage|home|shop|car)\b/g)) if (isFirstName(x[1]!) || capitalisedIn(original, x[1]!)) return true;
  for (const x of folded.matchAll(/\b(?:het huis|de garage|de winkel|den winkel|het appartement|de flat|de auto) van (?:\w+ )?([a-z][a-z'-]{1,})/g))
    if (isFirstName(x[1]!) || capitalisedIn(original, x[1]!)) return true;
  // any capitalised first name but the writer's own in an introduction ("ik ben Jonas", "its Josh")
  for (const x of original.matchAll(/\p{Lu}[\p{L}'-]+/gu)) {
    // capitalised only: "dan", "ward", "toon", "els" are also words
    const w = foldForFilter(x[0]).replace(/'s$/, '');
    if (!isFirstName(w)) continue;
    const before = foldForFilter(original.slice(Math.max(0, x.index! - 24), x.index!));
    if (/(?:ik ben|kben|ik heet|mijn naam is|noem me|i'?m|i am|im|its|it'?s|this is|dit is|'t is|het is|my name'?s|my name is|call me)\s+(?:\S+\s+)?$/.test(before)) continue;
    return true;
  }
  // a first name followed by a capitalised surname, anywhere but in "ik ben X"/"i'm X"
  for (const x of original.matchAll(/(?:^|[^\p{L}])(\p{Lu}\p{Ll}+)\s+((?:(?:van|de|den|der|van den|van der|le|la)\s+)?\p{Lu}\p{Ll}+)/gu)) {
    if (isFirstName(foldForFilter(x[1]!))) return true;
  }
  return false;
}

// capitalised words that are not names: the English "I" forms
const NOT_NAMES: ReadonlySet<string> = new Set(["i", "i'm", "i'll", "i've", "i'd", 'im', 'ive', 'ill']);

function capitalisedIn(original: string, foldedWord: string): boolean {
  const w = foldedWord.replace(/'s$/, '');
  if (NOT_NAMES.has(w)) return false;
  for (const m of original.matchAll(/\p{Lu}[\p{L}'-]+/gu)) if (foldForFilter(m[0]).replace(/'s$/, '') === w) return true;
  return false;
}

export interface OutboundRefusal {
  category: OutboundCategory | 'length';
  reason: string;
}

/** The first rule the text breaks, with its category, or null when it may be sent. */
export function outboundRefusal(text: string): OutboundRefusal | null {
  if (!text.trim()) return { category: 'length', reason: 'is empty' };
  if (text.length > 480) return { category: 'length', reason: 'is longer than 3 SMS (480 characters)' };
  const folded = foldForFilter(text);
  for (const r of RULES) if (r.test(folded, text)) return { category: r.category, reason: r.reason };
  return null;
}

// every reply is checked when it is rendered and again just before it is sent, and the
// catalogue's sentences recur across conversations: the verdicts of recent texts are kept
const violations = cachedByText((text) => outboundRefusal(text)?.reason ?? null, { capacity: 10_000, maxKeyLength: 2_000 });

/** Why the text may not be sent, or null when it may. */
export function outboundViolation(text: string): string | null {
  return violations(text);
}

/** The meeting place the engine gives the renderer: always one of the operator's list. */
export function pickPlace(places: readonly string[], pick: (n: number) => number): string {
  if (places.length === 0) throw new RangeError('the operator list of meeting places is empty');
  return places[pick(places.length)]!;
}
