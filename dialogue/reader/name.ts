// The name the dealer gives for himself: "ik ben X", "kzen (de) X", "het is X", "it's X",
// "this X", "X here", "c'est X", "you're talking to X", "zeg maar X", "ge kunt mij X noemen",
// "save this as X", "vraag naar / ask for X", "tell him X sent u", and signatures ("groetjes,
// Rico", "— Milo", "Peace, Marcus"). Third persons ("mijn chauffeur heet Ali"), our name ("ben
// jij Kevin?") and "ik ben er" / "its me" are no names.
import type { Scan, Tok } from './tokens.js';

export interface NameFound {
  name: string;
  from: number;
  to: number;
}

/** words that follow "ik ben", "its", "this" without being a name */
const NOT_NAME = new Set(
  (
    'er hier daar here there me moi mij it that the a an back good goed fine ok oke okay busy coming outside buiten thuis home weg gone late ' +
    'te nie ni niet not no u you zeker sure legit real fire done alone free vrij available onderweg bijna klaar ready aan in op bij at on by ' +
    'near van voor for with met nu now de het een den die da dat dit deze this da is was al nog ook ma maar but and en of or so zo ' +
    'weekend week morning evening night arvo afternoon tonight today tomorrow morgen vandaag vanavond time tijd guy man bro fam dude ' +
    'shit stuff true false crazy mad what wat wa who wie why how hoe where waar when wanneer automated computer bot robot cop police ' +
    'politie flik wout nen ne iemand someone somebody nobody niemand everyone iedereen all alles just only enkel gewoon echt really ' +
    'very heel veel much great perfect cool nice top beste best new nieuw nieuwe same zelfde over gedaan finished open closed dicht ' +
    'sorry srry sry welkom welcome pure puur cheap duur'
  ).split(' '),
);
const GREETING = new Set(['yo', 'hey', 'hi', 'hello', 'ey', 'sup', 'wassup', 'wsg', 'oi', 'salam', 'salut', 'hallo', 'allo']);
const SIGN_OFF = new Set(['groetjes', 'groeten', 'greetz', 'grtz', 'peace', 'cheers', 'regards', 'mvg', 'salukes', 'respect', 'bless', 'love', 'liefs', 'thanks', 'merci', 'bedankt', 'later', 'ciao', 'xoxo']);

const isCapital = (t: Tok) => t.raw[0] !== t.raw[0]!.toLowerCase();
const isWord = (t: Tok | undefined): t is Tok => t !== undefined && t.kind === 'word';

export function findName(scan: Scan, productTokens: ReadonlySet<number>): NameFound | null {
  const toks = scan.tokens;
  const nameAt = (i: number, lowercaseOk: boolean): NameFound | null => {
    let k = i;
    if (toks[k]?.t === 'de' || toks[k]?.t === 'den') k++;
    const t = toks[k];
    if (!isWord(t) || NOT_NAME.has(t.t) || t.t.length < 2 || /[0-9]/.test(t.t)) return null;
    if (!isCapital(t) && !lowercaseOk) return null;
    if (productTokens.has(t.i) && t.t !== 'charlie') return null;
    // two capitalised words ("Big D")
    let end = k;
    const n = toks[k + 1];
    if (isWord(n) && isCapital(n) && n.sp && n.clause === t.clause && !NOT_NAME.has(n.t) && (n.t.length <= 2 || isCapital(t)) && toks[k + 2]?.kind !== 'word') end = k + 1;
    return { name: scan.text.slice(t.start, toks[end]!.end), from: k, to: end };
  };
  let found: NameFound | null = null;
  for (let i = 0; i < toks.length && found === null; i++) {
    scan.steps++;
    const t = toks[i]!;
    if (t.kind !== 'word') continue;
    const n1 = toks[i + 1];
    const n2 = toks[i + 2];
    const w = t.t;
    // "tell him Dre sent u": the name is the sender, even after "ask for Marco"
    if (isWord(n1) && (n1.t === 'sent' || n1.t === 'stuurt' || n1.t === 'gestuurd') && isCapital(t) && (toks[i - 1]?.t === 'him' || toks[i - 1]?.t === 'her' || toks[i - 1]?.t === 'dat' || toks[i - 1]?.t === 'da' || toks[i - 1]?.t === 'say')) {
      found = nameAt(i, false);
      break;
    }
    // "ik ben het, Sami", "its me, Dre"
    const meFrame = (w === 'ik' && n1?.t === 'ben' && n2?.t === 'het') || ((w === 'its' || w === "it's") && n1?.t === 'me') || (w === 'kzen' && n1?.t === 'het');
    if (meFrame) {
      const k = i + (w === 'ik' ? 3 : 2);
      if (toks[k]?.t === ',' || toks[k]?.t === '-') found = nameAt(k + 1, false);
      if (found) break;
    }
    if (w === 'ik' && n1?.t === 'ben') found = nameAt(i + 2, false);
    else if ((w === 'im' || w === "i'm" || w === 'iam' || (w === 'i' && n1?.t === 'am')) && isWord(w === 'i' ? n2 : n1) && isCapital((w === 'i' ? n2 : n1)!)) found = nameAt(w === 'i' ? i + 2 : i + 1, false);
    else if ((w === 'naam' || w === 'name') && (n1?.t === 'is' || n1?.t === 'es') && (toks[i - 1]?.t === 'mijn' || toks[i - 1]?.t === 'my' || toks[i - 1]?.t === 'de' || toks[i - 1]?.t === 'the' || toks[i - 1]?.t === 'm\'n')) found = nameAt(i + 2, false);
    else if ((w === 'names' || w === "name's") && isWord(n1)) found = nameAt(i + 1, false);
    else if ((w === 'noemt' || w === 'noemen' || w === 'call') && (n1?.t === 'mij' || n1?.t === 'me') && isWord(n2) && isCapital(n2) && (toks[i - 1]?.t === 'iedereen' || toks[i - 1]?.t === 'they' || toks[i - 1]?.t === 'people' || toks[i - 1]?.t === 'ze' || toks[i - 1]?.t === 'everyone' || toks[i - 1]?.t === 'just')) found = nameAt(i + 2, false);
    else if ((w === 'kzen' || w === 'kben' || w === "'kben" || w === 'kzijn') && n1) found = nameAt(i + 1, false);
    else if (w === "'k" && n1?.t === 'ben') found = nameAt(i + 2, false);
    else if ((w === 'het' || w === "'t") && n1?.t === 'is' && !isWord(toks[i - 1]) ) found = nameAt(i + 2, false);
    else if ((w === 'het' || w === "'t") && n1?.t === 'is' && (toks[i - 1]?.t === 'hey' || toks[i - 1]?.t === 'hoi' || toks[i - 1]?.t === 'yo' || toks[i - 1]?.t === 'ja')) found = nameAt(i + 2, false);
    else if (w === 'tis' || w === "it's" || w === 'its' || (w === 'it' && n1?.t === 'is')) found = nameAt(w === 'it' ? i + 2 : i + 1, w !== 'it');
    else if (w === 'this' && n1?.t === 'is') found = nameAt(i + 2, false);
    else if (w === 'this' && isWord(n1) && (n2 === undefined || n2.kind !== 'word' || n2.t === 'here') && (i === 0 || toks[i - 1]!.kind !== 'word' || GREETING.has(toks[i - 1]!.t))) found = nameAt(i + 1, true);
    else if (w === 'dit' && n1?.t === 'is') found = nameAt(i + 2, false);
    else if ((w === "c'est" || w === 'cest') && n1) found = nameAt(i + 1, false);
    else if ((w === "you're" || w === 'youre' || w === 'ur' || w === 'u') && n1?.t === 'talking' && n2?.t === 'to') found = nameAt(i + 3, false);
    else if ((w === 'spreekt' || w === 'praat') && n1?.t === 'met' && (toks[i - 1]?.t === 'ge' || toks[i - 1]?.t === 'je' || toks[i - 1]?.t === 'gij')) found = nameAt(i + 2, false);
    else if (w === 'zeg' && n1?.t === 'maar') found = nameAt(i + 2, false);
    else if ((w === 'noem' || w === 'call') && (n1?.t === 'mij' || n1?.t === 'me') && isWord(n2) && isCapital(n2)) found = nameAt(i + 2, false);
    else if ((w === 'mij' || w === 'me') && isWord(n1) && isCapital(n1) && (n2?.t === 'noemen' || n2?.t === 'noemen.')) found = nameAt(i + 1, false);
    else if (w === 'save' && isWord(n1) && n2?.t === 'as') found = nameAt(i + 3, false);
    else if (w === 'save' && n1?.t === 'as') found = nameAt(i + 2, false);
    else if (w === 'as' && (toks[i - 2]?.t === 'save' || toks[i - 3]?.t === 'save')) found = nameAt(i + 1, false);
    else if (w === 'als' && (toks[i - 1]?.t === 'op' || toks[i - 2]?.t === 'sla') && toks[i - 1]?.t !== 'mijn') found = nameAt(i + 1, false);
    else if ((w === 'vraag' || w === 'vragen') && n1?.t === 'naar') found = nameAt(i + 2, false);
    else if (w === 'ask' && n1?.t === 'for') found = nameAt(i + 2, false);
    else if (isWord(n1) && (n1.t === 'here' || n1.t === 'hier') && isCapital(t) && (i === 0 || toks[i - 1]!.kind !== 'word' || toks[i - 1]!.t === 'its' || GREETING.has(toks[i - 1]!.t) || (isCapital(toks[i - 1]!) && (i === 1 || toks[i - 2]!.kind !== 'word' || GREETING.has(toks[i - 2]!.t)))) && !NOT_NAME.has(w) && !productTokens.has(i)) {
      // "Dizzy here.", "Mo hier"
      const after = toks[i + 2];
      // "Big Mo hier": two capitalised words
      const p = toks[i - 1];
      const two = p !== undefined && p.kind === 'word' && isCapital(p) && !NOT_NAME.has(p.t) && !GREETING.has(p.t) && (i - 1 === 0 || toks[i - 2]!.kind !== 'word' || GREETING.has(toks[i - 2]!.t));
      if (after === undefined || after.kind !== 'word') found = two ? { name: scan.text.slice(p!.start, t.end), from: i - 1, to: i } : nameAt(i, false);
    }
    if (found && (w === 'vraag' || w === 'vragen' || w === 'ask')) {
      // "ask for Marco …, tell him Dre sent u": a sender named later wins
      for (let j = found.to + 1; j < toks.length; j++) {
        if (toks[j]!.t === 'sent' || toks[j]!.t === 'stuurt') {
          const c = toks[j - 1];
          if (c && isCapital(c)) found = nameAt(j - 1, false);
          break;
        }
      }
    }
    // "ben jij Kevin?" is our name, "ge staat in mijn gsm als Kevin" too
    if (found && (toks[found.from - 1]?.t === 'jij' || toks[found.from - 1]?.t === 'gij')) found = null;
  }
  if (found) return found;
  // signatures at the end: "groetjes, Rico", "Peace, Marcus", "— Milo", "- Milo"
  let last = toks.length - 1;
  while (last >= 0 && (toks[last]!.kind === 'emoji' || toks[last]!.kind === 'nl' || (toks[last]!.kind === 'sym' && toks[last]!.t !== '-'))) last--;
  if (last >= 1) {
    const t = toks[last]!;
    let k = last;
    // allow two capitalised words at the end
    if (isWord(t) && isCapital(t) && isWord(toks[last - 1]) && isCapital(toks[last - 1]!) && !SIGN_OFF.has(toks[last - 1]!.t)) k = last - 1;
    const before = toks[k - 1];
    const before2 = toks[k - 2];
    const signed = (before && (before.t === '-' || before.t === '--' || before.t === '~' || before.raw === '—' || before.raw === '–')) || (before && SIGN_OFF.has(before.t)) || (before?.t === ',' && before2 && SIGN_OFF.has(before2.t));
    if (signed && isWord(toks[k]) && isCapital(toks[k]!) && !NOT_NAME.has(toks[k]!.t)) return { name: scan.text.slice(toks[k]!.start, t.end), from: k, to: last };
  }
  return null;
}
