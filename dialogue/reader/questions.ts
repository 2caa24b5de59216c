// The dealer's questions to us, by type (data/dialogue/README.md). Each sentence is matched
// against word patterns; a request phrased as an order counts ("zeg mij een prijs"), an
// instruction does not ("bel mij"). A sentence with a question mark that matches no type is
// `other`, unless it is a ping ("?", "hallo?") or our number echoed back ("40??"). A question
// that only proposes a time ("vanavond om half 10?", "tmrw?") is `when`.
import type { QuestionType } from './types.js';
import type { Scan, Tok } from './tokens.js';

export interface QuestionContext {
  /** token indexes of product mentions (not negated) */
  productTokens: ReadonlySet<number>;
  /** token indexes of prices and quantities */
  amountTokens: ReadonlySet<number>;
  /** token indexes of place spans */
  placeTokens: ReadonlySet<number>;
}

// Patterns over a sentence as " w1 w2 w3 " (folded words, apostrophes dropped, numbers as #).
const P = (src: string) => new RegExp(src);
const YOU = '(?:ge|gij|je|jij|u|you|ya|jou|gy|jullie)';
const PATTERNS: [QuestionType, RegExp[]][] = [
  [
    'who_are_you',
    [
      P(` wie (?:zijt|zijde|zyt|zij|bende|ben|bent|is|ist|iseg) (?:${YOU} |da |dat |dit |daar |dees )?`),
      P(` wie is da`),
      P(` who(?:s|se)? (?:dis|this|dat|is this|is dis|is that|r u|are u|are you|u|am i talking|am i speaking|this is) `),
      P(` who (?:tf|the fuck|the hell) (?:is |are )?(?:this|dis|u|you) `),
      P(` who (?:dis|this) `),
      P(` met wie (?:spreek|praat|heb) `),
      P(` hoe heet ${YOU} `),
      P(` (?:wat|wa) is (?:uw|je|jouw|ue) naam `),
      P(` what(?:s| is) (?:ur|your|yo|you) name `),
      P(` (?:ur|your) name `),
      P(` (?:ur|youre|you are|u are|u) the (?:one|guy|dude|person) (?:who|that|from) `),
      P(` (?:ken|kennen) (?:ik|wij|we) ${YOU} `),
      P(` do (?:i|we) know (?:u|you) `),
    ],
  ],
  [
    'how_got_number',
    [
      P(` (?:who|wie) (?:sent|send|gave|give|told|stuurde|heeft|het) (?:u|you|ya|${YOU} )`),
      P(` hoe (?:hebt|hebde|heb|hadde|hadt|heeft) ${YOU} (?:mij|me) gevonden `),
      P(` how (?:did|do|d) (?:u|you|ya) find me `),
    ],
  ],
  [
    'how_much',
    [
      P(` hoeveel `),
      P(` hoevee `),
      P(` how (?:much|many|mutch|mch) `),
      P(` budget `),
      P(` tryna (?:spend|get a (?:quarter|half|g|gram|8th|eighth|ounce|zip)) `),
      P(` (?:zeg|geef) (?:mij|me|ne|eens|es) (?:een|ne|nen|uw) (?:prijs|bedrag|bod) `),
      P(` wilt ${YOU} alles `),
      P(` (?:wil|wilde|wilt) ${YOU} alles `),
      P(` (?:u|you) (?:want|need) (?:it )?(?:all|everything) `),
      P(` (?:hoe|how) (?:veel|much) `),
      P(` (?:wat|wa|what) (?:wilt|wil|wilde|want|tryna) (?:${YOU} )?(?:uitgeven|spenderen|betalen|spend|pay) `),
    ],
  ],
  [
    'what_want',
    [
      P(` (?:wat|wa|wad) (?:moet|moete|moette|moogt|mocht|wilt|wil|wilde|zoekt|zoekte|zal|mag|zou|neemt|pakt|gaat|nodig) (?:${YOU} |het |et |er )`),
      P(` (?:wat|wa) mag (?:het|et|t) zijn `),
      P(` what (?:u|you|ya|do u|do you|does u|r u|are u|are you|you tryna|u tryna|u want|u need|can i get|we doing|it gonna be|will it be|ll it be|u looking|you looking)(?: |$)`),
      P(` wat en hoeveel `),
      P(` (?:wat|wa) (?:zoekte|moette|wilde|moogde|mogde|pakte|neemde|wilde|gade) `),
      P(` whatchu `),
      P(` wadde `),
      // an offer put as a condition: "i can come back if u still want", "als ge nog wilt"
      P(` (?:if|als|as) ${YOU} (?:still |nog |toch )?(?:want|wanna|wilt|wil|need|nodig hebt) `),
    ],
  ],
  [
    'where_are_you',
    [
      P(` waar (?:zijt|zijde|zyt|zit|zitte|zitde|zitten|staat|staatte|sta|staade|blijft|blijfde|blijfte|blijven|ben|bende|bent|ist|is|uhangt|hangt|waart|waarde|was|bleeft|bleefde) (?:${YOU} )?`),
      P(` waar blijf`),
      P(` where (?:u|you|ya|r u|are u|are you|is u|yall|you at|u at|abouts)`),
      P(` wh?ere? u at `),
      P(` wya `),
      P(` (?:wr|wru|whr) (?:u|r u|you)? ?`),
      P(` ${YOU} (?:zijt|zit|staat|zijde) waar `),
      P(` (?:zit|zijt|zitte|staat) ${YOU} (?:ergens|al|nog)? ?(?:in de buurt|op de route|ergens|dichtbij|close) `),
      P(` ${YOU} (?:zit|zijt|staat) ergens `),
      P(` (?:are|r) (?:u|you) (?:close|near|nearby|outside|here|there) `),
      P(` (?:u|you) (?:close|near|nearby|outside|here|there|around) \\? `),
      P(` (?:zijt|zijde|bende|ben|zit|zitte|staat) (?:${YOU} )?(?:er|daar|hier|buiten|al) (?:al |nu )?\\? `),
      P(` how far (?:are |r )?(?:u|you|away)`),
      // our location or address asked for, also as a request: "whats ur location", "stuur uw locatie"
      P(` (?:whats|wats|what|wat|wa|send|sent|stuur|drop|geef|give|share|deel|tell|zeg) (?:is |me |mij |ne |eens |es )?(?:ur|your|yo|uw|ue|je|jouw|jullie) (?:live )?(?:location|loc|locatie|lokatie|adres|address|addy|addie|pin|whereabouts|postcode) `),
      P(` hoe ver `),
    ],
  ],
  [
    'when',
    [P(` wanneer `), P(` hoe laat `), P(` what time `), P(` when `), P(` welk uur `), P(` how long `), P(` hoelang `), P(` hoe lang `), P(` (?:welke|which|what) dag `), P(` what day `), P(` tegen wanneer `), P(` wnr `)],
  ],
  [
    'are_you_police',
    [
      P(` (?:zijt|zijde|zyt|ben|bende|bent|are|r|is|iseg) (?:${YOU}|this|dit|da|dat) (?:een |a |de |the |van de |from the |with the |bij de )?(?:flik|flic|politie|police|cop|wout|agent|undercover|fed|feds|narc|popo|5-0|law|recherche|stille)`),
      P(` (?:u|you) (?:a )?(?:police|cop|fed|narc|undercover|politie|flik|wout|popo) `),
      P(` (?:flikken|politie|police|cops|wout|feds|popo) (?:hebben|heeft|sent|send|stuurde|gestuurd) `),
      P(` law enforcement `),
    ],
  ],
  [
    'are_you_bot',
    [
      P(` (?:bot|robot|computer|automated|automatisch|chatbot|chatgpt|machine|ai|programma|script) `),
      P(` real (?:person|human|guy) `),
      P(` (?:echte|echt) (?:persoon|mens|mense) `),
      P(` (?:een|a) (?:mens|human) `),
    ],
  ],
  [
    'can_call',
    [
      P(` (?:kan|mag|zal|kunt|kunde|wil|wilt) (?:ik|${YOU}) (?:${YOU} |mij |me |efkes |eens |es |ff )?(?:bellen|telefoneren|callen|bel|phone) `),
      P(` (?:can|could|may|should|shall|wanna|want to|lemme) (?:i |u |you |we )?(?:call|ring|phone|facetime|bell) `),
      P(` (?:bellen|telefoneren|bel|call|facetime|callen) `),
      // a voice call put as talking on the phone: "can we talk on the phone", "kunnen we via de telefoon praten"
      P(` (?:talk|speak|chat|praten|spreken|babbelen|klappen) (?:on|over|via|per|op|through|by) (?:the |de |t |a |een )?(?:phone|fone|telefoon|tel|gsm|call) `),
      P(` (?:via|per) (?:de |t )?(?:telefoon|phone|gsm) (?:praten|spreken|babbelen|klappen|talk|speak) `),
      P(` (?:hop|jump|get) on (?:a |the )?(?:call|phone) `),
    ],
  ],
  [
    'ready',
    [
      P(` (?:zijt|zijde|zyt|ben|bende|bent|are|r|is) (?:${YOU} )?(?:al |nu |nog |dan |still )?(?:klaar|ready|onderweg|on the way|on ur way|on your way|otw|coming|comin) `),
      P(` (?:u|you|ya) (?:still )?(?:ready|coming|comin|on ur way|on your way|on the way|otw) `),
      P(` (?:komt|komde|komte|kom) (?:${YOU} )?(?:nu|nog|eraan|of|ofwa|ofni|al|dan|\\?) `),
      P(` ${YOU} (?:komt|komde) (?:of|nu|nog|ni|niet|ofwa)`),
      P(` (?:coming|comin) or (?:not|nah|no) `),
    ],
  ],
  [
    'pay_how',
    [
      P(` (?:hoe|how) (?:betaalt|betaalde|betaal|betalen|pay|paying|are u paying|r u paying|u paying|you paying|u gonna pay|you gonna pay|u pay|you pay|u payin|wilt ge betalen|gaat ge betalen) `),
      P(` how (?:u|you|r u|are you|are u) (?:paying|payin|gonna pay|pay) `),
      P(` (?:cash|payconiq|tikkie|paypal|transfer|overschrijving|bancontact|crypto|btc|revolut) (?:of|or|ofwa|ofzo)? ?`),
      P(` betaalt ${YOU} `),
    ],
  ],
];

/**
 * The words a pattern starts with, read from its source (" wie …", " (?:hoe|waar) …", " ${YOU} …"),
 * so that a sentence is matched only against the patterns whose first word it holds; null: always.
 */
function firstWords(re: RegExp): Set<string> | null {
  const m = /^ (?:\(\?:([a-z|]+)\)|([a-z]+)) /.exec(re.source);
  if (!m) return null;
  return new Set((m[1] ?? m[2]!).split('|'));
}
interface Pattern {
  type: QuestionType;
  re: RegExp;
}
const ALL: Pattern[] = PATTERNS.flatMap(([type, pats]) => pats.map((re) => ({ type, re })));
/** first word → the patterns that start with it; patterns without one are always tried */
const BY_FIRST = new Map<string, number[]>();
const ALWAYS: number[] = [];
ALL.forEach((p, k) => {
  const first = firstWords(p.re);
  if (first === null) ALWAYS.push(k);
  else for (const w of first) BY_FIRST.set(w, [...(BY_FIRST.get(w) ?? []), k]);
});

const QUESTION_ORDER = PATTERNS.map(([type]) => type);
const YOU_RE = new RegExp(` ${YOU} `);
const NUMBER_WORDS = new Set(['nummer', 'number', 'nr', 'nummertje', 'phone']);
/** "dont send ur address": a negated request asks for nothing */
const NO_REQUEST = / (?:dont|never|nooit|niet|ni|nie|geen|no) /;
const LOCATION_ASK = / (?:ur|your|yo|uw|ue|je|jouw|jullie) (?:live )?(?:location|loc|locatie|lokatie|adres|address|addy|addie|pin|whereabouts|postcode) /;

/** a question tag at the end of a sentence stands for its question mark ("… een computer ofwa") */
const TAG_END = / (?:ofwa|ofwat|ofni|ofnie|ofniet|of wa|of wat|of ni|of nie|of niet|or what|or nah|or not|or no) $/;

/**
 * Words after which a wh-word opens an embedded clause, not a question: "u know who u are",
 * "tell the driver who sent u", "no matter how long u been buying". Only for sentences without a
 * question mark; "let me know how much u need" is still a request.
 */
const EMBED_BEFORE = new Set(['know', 'knows', 'knew', 'weet', 'weten', 'wist', 'told', 'ask', 'asks', 'asked', 'asking', 'vraag', 'vraagt', 'vragen', 'matter', 'care', 'remember', 'forget', 'wonder', 'understand', 'snap', 'decide', 'see', 'zie', 'zien', 'explain', 'idk', 'dunno']);
/** people a relative "who" refers back to: "tell the driver who sent u", "the real ones who been …" */
const WHO_AFTER_NOUN = new Set(['driver', 'chauffeur', 'people', 'ones', 'someone', 'anyone', 'everyone', 'everybody', 'customer', 'customers', 'those', 'guys']);
const REQUEST_BEFORE = / (?:let me|lemme|laat me|laat mij|lmk|wanna|want to|need to|wil|moet) (?:know |weten |nog |eens |es )*$/;
const NOT_WORDS = new Set(['niet', 'ni', 'nie', 'not', 'dont', 'doesnt', 'didnt']);
const WH_START = new Set(['who', 'whod', 'whos', 'wie', 'how', 'howd', 'hows', 'hoe', 'what', 'whats', 'wat', 'wa', 'where', 'whered', 'wheres', 'waar', 'when', 'wanneer', 'hoeveel', 'welk', 'welke', 'which']);

/** in a sentence without a mark, is the match an embedded clause ("u know who u are")? */
function embedded(words: string, re: RegExp, breaks: readonly number[]): boolean {
  const m = re.exec(words);
  if (m === null || m.index === 0 || breaks.includes(m.index + 1)) return false;
  const head = words.slice(m.index + 1, words.indexOf(' ', m.index + 1));
  if (!WH_START.has(head)) return false;
  const before = words.slice(0, m.index + 1);
  const cut = before.lastIndexOf(' ', before.length - 2);
  let prev = before.slice(cut + 1, -1);
  // "ik weet niet wanneer", "i dont know when": past a negation
  if (NOT_WORDS.has(prev) && cut > 0) prev = before.slice(before.lastIndexOf(' ', cut - 1) + 1, cut);
  if (!EMBED_BEFORE.has(prev) && !(head === 'who' && WHO_AFTER_NOUN.has(prev))) return false;
  return !REQUEST_BEFORE.test(before);
}

/** types whose patterns only count in a sentence with a question mark */
const NEEDS_MARK = new Set<QuestionType>(['are_you_bot', 'can_call', 'pay_how', 'ready', 'when']);
/** question frames that make a sentence a question without a mark */
const FRAME = / (?:zijt|zijde|ben|bende|bent|are|r|is|kan|can|could|wil|wilt|will|moet|do|does|did|hebt|heb|hebde|got) (?:ge|gij|je|jij|u|you|ya|this|dit|da|i|ik) /;
const PING = new Set(['hallo', 'hello', 'helo', 'allo', 'hey', 'hei', 'hi', 'yo', 'ey', 'oei', 'yoo', 'heyy', 'heyyy', 'hallooo', 'halloo', 'ok', 'oke', 'okay', 'k', 'ja', 'nee', 'wa', 'what', 'huh', 'eh', 'he', 'ewa', 'salam', 'allez', 'bro', 'fam', 'manneke', 'ket', 'hmm', 'hm', 'daar', 'there']);
/** fillers a time proposal may carry ("morgen om 8, goed?") */
const TIME_FILLER = new Set(['ok', 'oke', 'okay', 'goed', 'good', 'fine', 'works', 'werkt', 'lukt', 'past', 'of', 'or', 'om', 'at', 'rond', 'around', 'tegen', 'by', 'dan', 'then', 'is', 'da', 'dat', 'that', 'voor', 'u', 'ge', 'gij', 'you', 'for', 'kan', 'can', 'kunt', 'kunde', 'maybe', 'misschien', 'en', 'and', 'so', 'dus', 'allez', 'he', 'eh', 'bro', 'fam', 'ofzo', 'ofwa', 'ergens', 'iets', 'like', 'same', 'time', 'zelfde', 'uur', 'na', 'after', 'before', 'tot', 'till', 'vanaf', 'from', 'het', 'de', 'the', 'this', 'deze', 'next', 'volgende', 'op', 'on', 'in', 'ook', 'too', 'nog', 'still', 'beter', 'better', 'liever', 'rather', 'wel', 'toch', 'mss', 'idk', 'perhaps', 'wat', 'what', 'about', 'denk', 'think', 'night', 'nacht', 'avond', 'evening', 'morning', 'ochtend', 'middag', 'namiddag', 'afternoon', 'arvo', 'vroeg', 'early', 'laat', 'late', "'s", 's', 'avonds', 'morgens', 'middags', 'pm', 'am']);
const OFFER_WORDS = new Set(['snoepjes', 'snoepkes', 'iets', 'something', 'some', 'sum', 'spul', 'stuff']);
const WANT = / (?:want|wanna|wilt|wil|wilde|need|nodig|zoekt|zoekte|looking|lookin|tryna get|interested|interesse|zin) /;

interface Sentence {
  words: string;
  mark: boolean;
  marks: number;
  tokens: Tok[];
  /** offsets in `words` of the words that open a clause after the first ("…vraagt, wie zijt ge") */
  breaks: number[];
}

function sentences(scan: Scan): Sentence[] {
  const out: Sentence[] = [];
  let cur: Tok[] = [];
  const flush = () => {
    if (cur.length === 0) return;
    let words = ' ';
    let mark = false;
    let marks = 0;
    const breaks: number[] = [];
    let clause = cur[0]!.clause;
    for (const t of cur) {
      if ((t.kind === 'word' || t.kind === 'num') && t.clause !== clause) {
        clause = t.clause;
        breaks.push(words.length);
      }
      if (t.kind === 'word') words += (t.t.includes("'") ? t.t.replace(/'/g, '') : t.t) + ' ';
      else if (t.kind === 'num') words += (t.claim === 'phone' ? 'phone' : '#') + ' ';
      else if (t.t[0] === '?') {
        mark = true;
        marks = Math.max(marks, t.t.length);
        words += '? ';
      }
    }
    out.push({ words, mark, marks, tokens: cur, breaks });
    cur = [];
  };
  let sent = -1;
  for (const t of scan.tokens) {
    scan.steps++;
    if (t.sent !== sent) {
      flush();
      sent = t.sent;
    }
    cur.push(t);
  }
  flush();
  return out;
}

export function findQuestions(scan: Scan, ctx: QuestionContext): QuestionType[] {
  const found = new Set<QuestionType>();
  const all = sentences(scan);
  const messageHasCash = scan.tokens.some((t) => t.t === 'cash' || t.t === 'contant' || t.t === 'payconiq');
  for (const s of all) {
    // cap the matched text: patterns are linear, and a dealer's question is short
    const words = s.words.length > 600 ? s.words.slice(0, 600) : s.words;
    const hits = new Set<QuestionType>();
    // the patterns whose first word the sentence holds, in pattern order; and the words that
    // the rules below look for, so that their patterns run only where they can match
    const cand: number[] = [...ALWAYS];
    let numberWord = false;
    let coming = false;
    for (const t of s.tokens) {
      if (t.kind !== 'word') {
        // a phone number reads as the word "phone" in the sentence
        if (t.kind === 'num' && t.claim === 'phone') numberWord = true;
        continue;
      }
      const w = t.t.includes("'") ? t.t.replace(/'/g, '') : t.t;
      const list = BY_FIRST.get(w);
      if (list) for (const k of list) cand.push(k);
      if (NUMBER_WORDS.has(w)) numberWord = true;
      else if (w === 'comin' || w === 'coming') coming = true;
    }
    cand.sort((a, b) => a - b);
    const matched = new Set<QuestionType>();
    for (let c = 0; c < cand.length; c++) {
      const k = cand[c]!;
      if (c > 0 && cand[c - 1] === k) continue;
      const p = ALL[k]!;
      if (matched.has(p.type)) continue;
      scan.steps++;
      if (p.re.test(words)) matched.add(p.type);
    }
    for (const type of QUESTION_ORDER) {
      if (!matched.has(type)) continue;
      if (NEEDS_MARK.has(type) && !s.mark && !TAG_END.test(words) && !strongWithoutMark(type, words)) continue;
      if (!s.mark && embeddedOnly(type, words, s.breaks)) continue;
      if (type === 'are_you_police' && !s.mark && !FRAME.test(words) && !/ law enforcement /.test(words)) continue;
      if (type === 'where_are_you' && !s.mark && !/ (?:waar|where|wya|waar|wr) /.test(words) && !FRAME.test(words) && !(LOCATION_ASK.test(words) && !NO_REQUEST.test(words))) continue;
      if (type === 'who_are_you' && !s.mark && / (?:ben|zijt|are|r) (?:jij|gij|je|ge|u|you) [a-z]+ \? /.test(words)) continue;
      hits.add(type);
    }
    // "how did u get this number", "hoe komt ge aan mijn nummer", "van wie hebt ge dit nummer"
    // contracted wh-words: "where'd u get this number", "how'd u get my number", "who'd u get it from"
    if (numberWord && / (?:hoe|how|howd|waar|where|whered|wie|who|whod|van wie|from who|wie heeft) /.test(words) && YOU_RE.test(words)) {
      if (!/ (?:mijn|my) (?:nummer|number) (?:is|veranderd|changed) /.test(words)) hits.add('how_got_number');
    }
    if (hits.has('how_got_number')) {
      hits.delete('who_are_you');
      hits.delete('ready');
      hits.delete('where_are_you');
    }
    // "ben jij Kevin?", "are u Sam?": asks who we are
    if (s.mark && askedName(s)) hits.add('who_are_you');
    if (hits.has('how_got_number') && / (?:who is this|who dis|wie is da|wie zijt) /.test(words)) hits.add('who_are_you');
    // "ik ben geen flik, zijt gij er een?": a police word in a question to us
    if (s.mark && / (?:flik|flikken|politie|police|cop|cops|wout|undercover|narc|fed|feds|popo) /.test(words) && YOU_RE.test(words)) hits.add('are_you_police');
    // "u got it?" after "cash only"
    if (s.mark && messageHasCash && / (?:u|you|ge|gij) (?:got|hebt|heb) (?:it|da|dat|het) /.test(words)) hits.add('pay_how');
    // "can_call" only as a proposal of a call, not "hij belt u als hij er is"
    if (hits.has('can_call') && !s.mark && !/ (?:can|could|may|kan|mag|wanna|lemme) /.test(words)) hits.delete('can_call');
    // ready: "u comin or not" without a mark counts; "k kom eraan" does not
    if (coming && !hits.has('ready') && / (?:u|you) (?:still )?(?:comin|coming)(?: or (?:not|nah|no))? /.test(words) && (s.mark || / or (?:not|nah|no) /.test(words))) hits.add('ready');
    if (hits.has('ready') && / (?:ik|k|i|im|kben|kom) (?:kom|come|coming|ben|am) /.test(words) && !s.mark) hits.delete('ready');
    // the rules below read questions with a mark only
    if (!s.mark) {
      for (const h of hits) found.add(h);
      continue;
    }

    const hasAmounts = s.tokens.some((t) => ctx.amountTokens.has(t.i));
    const hasProduct = s.tokens.some((t) => ctx.productTokens.has(t.i)) || s.tokens.some((t) => OFFER_WORDS.has(t.t));
    const hasTime = s.tokens.some((t) => t.claim === 'time');
    const contentWords = s.tokens.filter((t) => t.kind === 'word' && t.claim !== 'time');
    // alternatives between amounts or sizes: "20 of 25?", "nen twintiger of nen veertiger?", "a g or 2?"
    if (s.mark && hasAmounts && s.tokens.some((t) => t.t === 'of' || t.t === 'or') && !hasProduct) hits.add('how_much');
    // a number alone with one mark is a proposal ("2?"); with more it is our number echoed ("40??")
    const onlyNumbers = s.tokens.every((t) => t.kind !== 'word' || ctx.amountTokens.has(t.i));
    if (s.mark && onlyNumbers && s.tokens.some((t) => t.kind === 'num' && ctx.amountTokens.has(t.i))) {
      if (s.marks === 1) hits.add('how_much');
      continue;
    }
    // offers: "ge wilt wit of groen?", "u want some pills too?", "snoepjes voor het weekend?"
    if (s.mark && !hasProduct && hasAmounts && WANT.test(words) && !hits.has('how_much') && !s.tokens.some((t) => t.t === 'of' || t.t === 'or')) hits.add('what_want');
    if (s.mark && hasProduct && !hits.has('how_much') && !hits.has('what_want')) {
      const alt = s.tokens.some((t) => t.t === 'of' || t.t === 'or');
      if (WANT.test(words) || alt || contentWords.every((t) => ctx.productTokens.has(t.i) || OFFER_WORDS.has(t.t) || TIME_FILLER.has(t.t) || t.t === 'voor' || t.t === 'wat' || t.t === 'nog' || t.t === 'ook')) {
        hits.add('what_want');
      }
    }
    // a time proposal put as a question: "vanavond om half 10?", "tmrw?", "monday ok?", also as the
    // asked clause after a statement: "cant do tonight, monday ok?"
    if (s.mark && hasTime && hits.size === 0 && (timeProposal(s.tokens) || timeProposal(markedClause(s)))) hits.add('when');
    // a place proposal or any other question to us
    if (s.mark && hits.size === 0) {
      const meaningful = s.tokens.filter((t) => t.kind === 'word' && !PING.has(t.t));
      if (meaningful.length > 0 && !(s.tokens.every((t) => t.kind !== 'word' || PING.has(t.t) || t.t === 'daar')) && !echoOnly(s, ctx)) {
        // "zijt ge op 't Kiel?": asks where we are
        if (s.tokens.some((t) => ctx.placeTokens.has(t.i)) && (/ (?:zijt|zijde|zit|zitte|ben|bende|are|r|staat) (?:ge|gij|je|jij|u|you) /.test(words) || / (?:ge|gij|je|jij|u|you|ur|youre) (?:still |nog |al |toch )?(?:zit|zijt|staat|zijde|are|r|in|at) /.test(words))) hits.add('where_are_you');
        else hits.add('other');
      }
    }
    for (const h of hits) found.add(h);
  }
  const order = ['who_are_you', 'how_got_number', 'how_much', 'what_want', 'where_are_you', 'when', 'are_you_police', 'are_you_bot', 'can_call', 'ready', 'pay_how', 'other'] as const;
  return order.filter((q) => found.has(q));
}

/** every pattern of the type that matches the unmarked sentence matches as an embedded clause */
function embeddedOnly(type: QuestionType, words: string, breaks: readonly number[]): boolean {
  let any = false;
  for (const p of ALL) {
    if (p.type !== type || !p.re.test(words)) continue;
    if (!embedded(words, p.re, breaks)) return false;
    any = true;
  }
  return any;
}

/** "ben jij Kevin?": a question frame followed by a capitalised name and the mark */
function askedName(s: Sentence): boolean {
  const t = s.tokens;
  for (let i = 0; i + 2 < t.length; i++) {
    const a = t[i]!.t;
    const b = t[i + 1]!.t;
    const frame = (a === 'ben' || a === 'zijt' || a === 'bende' || a === 'are' || a === 'r') && (b === 'jij' || b === 'gij' || b === 'je' || b === 'ge' || b === 'u' || b === 'you');
    const thisFrame = a === 'is' && (b === 'this' || b === 'dit' || b === 'da' || b === 'dat' || b === 'het');
    if (!frame && !thisFrame) continue;
    let k = i + 2;
    if (t[k]!.t === 'de' || t[k]!.t === 'die') k++;
    const n = t[k];
    if (n && n.kind === 'word' && n.raw[0] !== n.raw[0]!.toLowerCase() && t[k + 1] && t[k + 1]!.t[0] === '?') return true;
  }
  return false;
}

function timeProposal(tokens: readonly Tok[]): boolean {
  let time = false;
  for (const t of tokens) {
    if (t.claim === 'time') time = true;
    else if (t.kind === 'word' && !TIME_FILLER.has(t.t.replace(/'/g, ''))) return false;
  }
  return time;
}

/** the tokens of the clause that holds the sentence's first question mark */
function markedClause(s: Sentence): Tok[] {
  const q = s.tokens.find((t) => t.t[0] === '?');
  return q === undefined ? [] : s.tokens.filter((t) => t.clause === q.clause);
}

function echoOnly(s: Sentence, ctx: QuestionContext): boolean {
  void ctx;
  return s.marks >= 2 && s.tokens.every((t) => t.kind !== 'word' || /^(?:euro|e|voor|for|wa|what|gram|g)$/.test(t.t)) && s.tokens.some((t) => t.kind === 'num');
}

function strongWithoutMark(type: QuestionType, words: string): boolean {
  switch (type) {
    case 'are_you_bot':
      // "am i talking to a real person", "praat ik hier met een computer", "spreek ik met een bot"
      return / (?:is this|is dit|is da|is dat|are (?:u|you)|r u|ben (?:je|jij)|zijt (?:ge|gij)|bende|am i (?:talking|speaking|texting|chatting)|(?:praat|spreek|sms|chat|typ|babbel) ik) /.test(words);
    case 'can_call':
      return / (?:can|could|may|kan|mag|wanna|lemme|kunt|kunde) (?:i|ik|u|you|we|ge|gij) /.test(words);
    case 'pay_how':
      return / (?:how|hoe) (?:u|you|r u|are u|are you|betaalt|betaal|betalen|gaat ge|wilt ge) /.test(words);
    case 'ready':
      return / (?:coming|comin) or (?:not|nah|no) /.test(words) || / (?:u|you) (?:comin|coming) /.test(words);
    case 'when':
      // a bare "when" only opens a question ("when u free"); "hit me up when ur ready" is none
      return / (?:wanneer|hoe laat|what time|how long|hoelang|welk uur) /.test(words) || /^ (?:(?:yo|so|ok|and|en|bro) )?when /.test(words);
    default:
      return false;
  }
}
