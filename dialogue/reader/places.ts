// Places the dealer names: exact spans of the message, without the preposition or
// article in front ("aan de Meir" → "Meir"), with the locating phrase attached to them when no comma
// separates it ("Sint-Annatunnel kant linkeroever", "Shell op de Boomsesteenweg", "Carnotstraat
// 112"). A place is found by a gazetteer of Antwerp (and Belgian) names, generic landmark nouns
// (nachtwinkel, Lidl, station, bus stop, …), street-name endings (-straat, -plein, -lei, …), and
// capitalised words after a place preposition. Negated, joked and non-place uses are dropped.
import type { Span } from './types.js';

import type { Scan, Tok } from './tokens.js';

const GAZETTEER = new Set(
  (
    'antwerpen antwerp anvers berchem borgerhout deurne merksem hoboken wilrijk ekeren linkeroever kiel zuid seefhoek luchtbal schoten ' +
    'mortsel edegem wijnegem brasschaat kapellen zwijndrecht zurenborg eilandje stuivenberg gent ghent brussel bruxelles brussels mechelen ' +
    'leuven lier brugge hasselt lokeren boom kontich hemiksem schelle niel aartselaar hove boechout wommelgem ranst zoersel malle ' +
    'sint-niklaas beveren kallo burcht kruibeke temse essen kalmthout stabroek wuustwezel schilde zandhoven ' +
    'turnhout herentals geel mol genk aalst dendermonde vilvoorde zaventem oostende ostend kortrijk brugge liege luik namur namen ' +
    'charleroi bergen mons roeselare ninove halle heist duffel rumst willebroek puurs bornem hemiksem kapelle-op-den-bos ' +
    'amsterdam rotterdam utrecht eindhoven breda tilburg roosendaal maastricht london londen paris parijs lille rijsel keulen koln ' +
    'manchester birmingham liverpool leeds bristol ' +
    'meir groenplaats centraal central keyserlei astridplein opera mas steen sportpaleis kinepolis kruidtuin stadspark rivierenhof ' +
    'nachtegalenpark middelheim theaterplein rooseveltplaats noorderlaan singel oudaan vogelenmarkt suikerrui kammenstraat ' +
    'nationalestraat falconplein handschoenmarkt melkmarkt conscienceplein bolivarplaats zuidstation damplein dam ' +
    'spoor sint-pieters sint-andries sint-jansplein harmonie permeke park-spoor coninckplein wapper zoo gare'
  ).split(' '),
);
const LANDMARK = new Set(
  (
    'station nachtwinkel avondwinkel nightshop lidl aldi delhaize colruyt carrefour spar shell q8 total esso texaco lukoil ' +
    "mcdonald's mcdonalds mcdo macdo quick kfc primark mediamarkt action kruidvat ikea hema stadhuis kerk church moskee mosque " +
    'tramhalte bushalte halte premetro atm bancontact bankautomaat bib bibliotheek library museum park speeltuin playground ' +
    'parking carpark snackbar frituur frietkot café cafe shisha shishabar apotheek pharmacy ziekenhuis hospital campus sporthal ' +
    'zwembad cinema bioscoop hotel mall markt tankstation benzinestation pompstation gym bakkerij kiosk carwash wasserette ' +
    'launderette supermarkt standbeeld statue fontein fountain monument plein pleintje parkje brug bridge tunnel kaai dokken ' +
    'racks fietsenrek fietsenstalling entrance ingang uitgang tramstop metrostation treinstation busstation school decathlon brico gamma zeeman jumbo ' +
    'starbucks panos exki subway intermarche proxy achterkant zijkant voorkant hoofdingang achteringang zij-ingang zijingang ' +
    'winkel winkeltje store supermarket supermarche bakkerij beenhouwerij slagerij kapsalon barbershop pitta pitazaak kebab ' +
    'snackbar nachtwinkeltje wassalon pomp benzinepomp kasteel justitiepaleis paleis gemeentehuis districtshuis postkantoor ' +
    'bpost politiekantoor kathedraal basiliek kapel begraafplaats kerkhof rivier river schelde jachthaven marina pier strand beach ' +
    'zara jbc fnac greggs tesco sainsburys asda wetherspoons pub discotheek disco casino ' +
    'speelhal arcade sporthal voetbalveld pleintje square'
  ).split(' '),
);
/** words that continue a place name next to a place word ("Berchem station", "opera premetro exit") */
const MODIFIER = new Set(
  (
    'station centrum center centre city shopping exit entrance ingang uitgang parking premetro metro stop lot park shop racks noord ' +
    'zuid oost west north south east grote kleine oude nieuwe big old main back front side bike fiets car night tram bus train trein ' +
    'achterkant zijkant voorkant kant hoofdingang square plein'
  ).split(' '),
);
const MULTI: string[][] = [
  ['bus', 'stop'], ['tram', 'stop'], ['metro', 'stop'], ['night', 'shop'], ['car', 'park'], ['parking', 'lot'], ['gas', 'station'],
  ['petrol', 'station'], ['train', 'station'], ['albert', 'heijn'], ['burger', 'king'], ['media', 'markt'], ['grote', 'markt'],
  ['de', 'lijn'], ['de', 'keyserlei'], ['de', 'coninckplein'], ['lotto', 'arena'], ['h', '&', 'm'], ['c', '&', 'a'],
  ['pizza', 'hut'], ['foot', 'locker'], ['lunch', 'garden'], ['night', 'and', 'day'], ['chicken', 'shop'], ['taxi', 'rank'],
];
const MULTI_BY_FIRST = new Map<string, string[][]>();
for (const m of MULTI) MULTI_BY_FIRST.set(m[0]!, [...(MULTI_BY_FIRST.get(m[0]!) ?? []), m]);
const STREET_SUFFIX = /(?:straat|laan|lei|baan|steenweg|plein|plaats|dreef|kaai|vest|markt|rui|park|tunnel|poort|singel|tuin|hof|dok|brug|station|halte|toren|terras|arena|kwartier|street|road|avenue|square|lanes?|plaza|crescent)$/;
const NOT_STREET = new Set(['onderweg', 'halfweg', 'plaats', 'ergens', 'straat', 'laan', 'hof', 'tuin', 'brug', 'dok', 'poort', 'vest', 'markt', 'park', 'station', 'halte', 'avenue', 'street', 'road', 'square', 'lane', 'verplaats', 'plaatsje', 'eerste', 'kaai']);
/** a locating phrase after a place: "aan de", "op de hoek van", "kant", "by the", "near" */
const ATTACH = new Set(['of', 'aan', 'op', 'on', 'by', 'near', 'bij', 'in', 'kant', 'rond', 'naast', 'tegenover', 'opposite', 'achter', 'behind', 'ter', 'at', 'van', 'nearby', 'outside', 'richting']);
const ARTICLES = new Set(['de', 'het', "'t", 'the', 'den', 'heel', 'a', 'een', 'ne', 'nen', 'da', 'die', 'dat', 'that', 'this', 'deze']);
const PLACE_PREP = new Set(['aan', 'op', 'in', 'naar', 'at', 'near', 'outside', 'rond', 'langs', 'achter', 'tegenover', 'opposite', 'behind', 'richting', 'to', 'bij', 'by', 'from', 'van']);
/** never a place, whatever the preposition */
const NEVER = new Set(
  (
    'daar hier there here outside buiten overkant deur door thuis home huis house address adres u ge mij me you him hem haar her ' +
    'auto car audi bmw golf polo mercedes merc vw opel seat van wagen busje gsm phone telefoon snap snapchat insta instagram whatsapp ' +
    'telegram signal facebook tiktok gras straat route buurt centrum stad town city weg midden morning avond night ochtend middag ' +
    'weekend week tijd time trein train bed werk work job gang vakantie holiday haven'
  ).split(' '),
);
const NEGATORS = new Set(['not', 'ni', 'niet', 'nie', 'never', 'nooit', 'geen', 'no', 'dont', "don't", 'aint', 'cant', "can't"]);
const JOKES = new Set(['grapje', 'jk', 'kidding', 'joke', 'joking', 'lol']);

type Cls = 'gaz' | 'landmark' | 'street' | 'mod' | 'cap' | null;

function isCapital(t: Tok): boolean {
  const c = t.raw[0]!;
  return c !== c.toLowerCase();
}

function classify(t: Tok, multi: ReadonlySet<number>): Cls {
  if (multi.has(t.i)) return 'landmark';
  if (t.kind !== 'word') return null;
  if (GAZETTEER.has(t.t)) return 'gaz';
  // "Antwerpen-Centraal", "Antwerpen-Berchem", "Gent-Sint-Pieters"
  if (t.t.includes('-') && t.t.split('-').some((p) => GAZETTEER.has(p) && p.length > 3)) return 'gaz';
  if (LANDMARK.has(t.t)) return 'landmark';
  if (t.t.length >= 7 && STREET_SUFFIX.test(t.t) && !NOT_STREET.has(t.t)) return 'street';
  if (MODIFIER.has(t.t)) return 'mod';
  if (isCapital(t) && t.t.length >= 2) return 'cap';
  return null;
}

export interface PlaceOptions {
  /** token indexes of product mentions (never places) */
  productTokens: ReadonlySet<number>;
  /** token indexes of the dealer's name */
  nameTokens?: ReadonlySet<number>;
}

export interface PlaceSpan extends Span {
  /** first and last token */
  from: number;
  to: number;
}

export function findPlaces(scan: Scan, opts: PlaceOptions): PlaceSpan[] {
  const toks = scan.tokens;
  const multi = new Set<number>();
  for (let i = 0; i < toks.length; i++) {
    const list = MULTI_BY_FIRST.get(toks[i]!.t);
    if (list === undefined) continue;
    for (const m of list) {
      let ok = true;
      for (let k = 1; k < m.length && ok; k++) ok = toks[i + k]?.t === m[k];
      if (ok) for (let k = 0; k < m.length; k++) multi.add(i + k);
    }
  }
  const cls: Cls[] = toks.map((t) => {
    scan.steps++;
    if (opts.productTokens.has(t.i) || t.claim === 'time') return null;
    const c = classify(t, multi);
    if (c === 'cap' && (CAP_STOP.has(t.t) || opts.nameTokens?.has(t.i))) return null;
    // a capitalised "Van" inside a name ("Lange Van Bloerstraat", "de Van Kerckhovenstraat"), not the vehicle
    if (c === 'cap' && t.t === 'van' && toks[t.i + 1]?.kind === 'word' && isCapital(toks[t.i + 1]!) && !NEVER.has(toks[t.i + 1]!.t)) return 'cap';
    if (c !== null && NEVER.has(t.t) && !multi.has(t.i)) return c === 'mod' ? 'mod' : null;
    return c;
  });
  const anchor = (i: number): boolean => {
    const c = cls[i];
    if (c === 'gaz' || c === 'street') return true;
    if (c === 'landmark') {
      const t = toks[i]!.t;
      // "ring", "park", "plein", "markt" need an article or a place preposition before them
      if (!GENERIC_NEEDS_ARTICLE.has(t)) return true;
      // brand names that are ordinary words too ("in total", "be quick", "busy atm"): an article
      if (BRAND_WORDS.has(t)) return ARTICLES.has(toks[i - 1]?.t ?? '') && toks[i - 1]!.t !== 'heel';
      // an article or a place preposition before it, over adjectives ("aan de grote speeltuin")
      let k = i - 1;
      while (k >= 0 && k >= i - 3 && (ADJ_BEFORE_HEAD.has(toks[k]!.t) || cls[k] === 'gaz' || cls[k] === 'mod' || cls[k] === 'landmark' || cls[k] === 'cap')) k--;
      if (k < i - 1) return true;
      return ARTICLES.has(toks[k]?.t ?? '') || PLACE_PREP.has(toks[k]?.t ?? '');
    }
    if (toks[i]!.t === 'ring' && (toks[i - 1]?.t === 'the' || toks[i - 1]?.t === 'de') && (PLACE_PREP.has(toks[i - 2]?.t ?? '') || toks[i - 2]?.t === 'on')) return true;
    if (c === 'cap') {
      // a capitalised word after a place preposition ("in Lokeren", "aan de Vogelenmarkt")
      let k = i - 1;
      if (ARTICLES.has(toks[k]?.t ?? '')) k--;
      const p = toks[k];
      // "voor de ModeNatie": "voor" (also "for") only with an article
      if (p?.t === 'voor' && k < i - 1) return true;
      if (!p || !PLACE_PREP.has(p.t) || p.t === 'bij' || p.t === 'to' || p.t === 'by' || p.t === 'from' || p.t === 'van') return false;
      if (p.t === 'naar' && (toks[k - 1]?.t === 'vraag' || toks[k - 1]?.t === 'vragen')) return false;
      return true;
    }
    return false;
  };
  const inNp = (i: number, clause: number): boolean => {
    const t = toks[i];
    if (t === undefined || t.clause !== clause || (t.kind !== 'word' && !multi.has(i))) return false;
    const c = cls[i];
    return c !== null;
  };

  // "Plantin en Moretuslei", "Frans en Lodewijkstraat": a capitalised word that is no place itself,
  // en/and, then a capitalised street name, is one name
  const joinedStreetName = (b: number): boolean => {
    const j = toks[b + 1];
    const st = toks[b + 2];
    return cls[b] === 'cap' && j !== undefined && (j.t === 'en' || j.t === 'and') && st !== undefined && cls[st.i] === 'street' && isCapital(st) && j.clause === toks[b]!.clause && st.clause === j.clause;
  };

  const spans: { a: number; b: number }[] = [];
  for (let i = 0; i < toks.length; i++) {
    scan.steps++;
    if (!anchor(i)) continue;
    const clause = toks[i]!.clause;
    let a = i;
    let b = i;
    // grow left over place words, capitalised words and modifiers ("grote speeltuin", "45 Lange Kievitstraat")
    while (a - 1 >= 0 && inNp(a - 1, clause) && !(cls[a - 1] === 'mod' && MODIFIER_RIGHT_ONLY.has(toks[a - 1]!.t))) a--;
    if (a - 1 >= 0 && toks[a - 1]!.kind === 'num' && toks[a - 1]!.clause === clause && toks[a - 1]!.claim === '' && isCapital(toks[a]!) && scan.lang === 'en') a--;
    // grow right
    for (;;) {
      scan.steps++;
      if (inNp(b + 1, clause) && !(cls[b + 1] === 'cap' && toks[b + 1]!.t.length < 2)) {
        b++;
        continue;
      }
      if (joinedStreetName(b)) {
        b += 2;
        continue;
      }
      // house number after a street, postcode after a city: "Carnotstraat 112", "Antwerpen 2060"
      const nx = toks[b + 1];
      if (nx && nx.kind === 'num' && nx.clause === clause && (nx.claim === '' || nx.claim === 'skip') && nx.sp && (cls[b] === 'street' || (cls[b] === 'gaz' && nx.raw.length === 4) || (toks[b]!.t === 'gate' && nx.raw.length <= 2))) {
        b++;
        continue;
      }
      break;
    }
    // attached locating phrases, no comma between: "aan de Primark", "op de hoek van de Carnotstraat", "kant linkeroever"
    for (;;) {
      const p = toks[b + 1];
      if (!p || p.clause !== toks[b]!.clause || !ATTACH.has(p.t)) break;
      // "van" after a locating noun or a shop ("achterkant van het station", "de McDonald's van de Groenplaats")
      if ((p.t === 'van' || p.t === 'of') && !LOCATING_HEADS.has(toks[b]!.t) && !(p.t === 'van' && cls[b] === 'landmark')) break;
      let k = b + 2;
      if (p.t === 'ter' && toks[k]?.t === 'hoogte' && toks[k + 1]?.t === 'van') k += 2;
      if (ARTICLES.has(toks[k]?.t ?? '') && toks[k]!.t !== 'heel') k++;
      // a locating phrase: a place word, a capitalised name, "gate 3", "hoek van …"
      let e = k - 1;
      let sawPlace = false;
      while (toks[e + 1] && toks[e + 1]!.clause === p.clause) {
        const t = toks[e + 1]!;
        const c = cls[e + 1];
        if (t.t === 'gate' && toks[e + 2]?.kind === 'num') {
          sawPlace = true;
          e += 2;
          continue;
        }
        if (c === 'gaz' || c === 'street' || c === 'landmark' || (c === 'cap' && !CAP_STOP.has(t.t)) || LOCATING_HEADS.has(t.t)) {
          sawPlace = true;
          e++;
          continue;
        }
        if (e >= k && joinedStreetName(e)) {
          e += 2;
          continue;
        }
        if (c === 'mod' || (t.kind === 'word' && ADJ_BEFORE_HEAD.has(t.t))) {
          e++;
          continue;
        }
        if (t.t === 'gate' && toks[e + 2]?.kind === 'num') {
          sawPlace = true;
          e += 2;
          continue;
        }
        break;
      }
      if (!sawPlace || e < k) break;
      // "in" only joins a named place ("Lidl in Berchem"), never "in a black audi"
      if (p.t === 'in' && !(cls[e] === 'gaz' || cls[e] === 'street' || cls[e] === 'cap')) break;
      if (p.t === 'at' && !(cls[e] === 'landmark' || cls[e] === 'gaz' || cls[e] === 'street')) break;
      // the attached phrase must end on a place word, not on a modifier ("by the bike" + nothing)
      while (e >= k && cls[e] === 'mod' && !LOCATING_HEADS.has(toks[e]!.t) && !['station', 'shopping', 'parking', 'exit', 'entrance', 'ingang', 'uitgang', 'racks', 'stop', 'lot', 'park', 'shop'].includes(toks[e]!.t)) e--;
      if (e < k) break;
      b = e;
    }
    // "corner of A and B", "hoek van A en B"
    {
      const art = ARTICLES.has(toks[a - 1]?.t ?? '') ? 1 : 0;
      if ((toks[a - 1 - art]?.t === 'of' && toks[a - 2 - art]?.t === 'corner') || (toks[a - 1 - art]?.t === 'van' && toks[a - 2 - art]?.t === 'hoek')) {
        a -= 2 + art;
        const j = toks[b + 1];
        const art2 = ARTICLES.has(toks[b + 2]?.t ?? '') ? 1 : 0;
        if (j && (j.t === 'and' || j.t === 'en' || j.t === '&') && toks[b + 2 + art2] && anchor(b + 2 + art2)) {
          b += 2 + art2;
          while (inNp(b + 1, toks[b]!.clause)) b++;
        }
      }
    }
    // "parking van de Aldi", "ingang van het Stadspark", "back of the Lidl": a locating noun before
    {
      const art = ARTICLES.has(toks[a - 1]?.t ?? '') && toks[a - 1]!.t !== 'heel' ? 1 : 0;
      const v = toks[a - 1 - art];
      const head = toks[a - 2 - art];
      if (v && head && (v.t === 'van' || v.t === 'of') && head.clause === toks[a]!.clause && (LOCATING_HEADS.has(head.t) || ['back', 'front', 'side'].includes(head.t)) && !spans.some((o) => o.b >= head.i)) {
        a = head.i;
      }
    }
    spans.push({ a, b });
    i = b;
  }

  // ---- filter and cut ---------------------------------------------------------------------------
  const out: PlaceSpan[] = [];
  for (const s of spans) {
    scan.steps += s.b - s.a + 1;
    let { a, b } = s;
    // articles that belong to the name stay ("De Coninckplein", "De Keyserlei", "De Lijn")
    while (a <= b && ARTICLES.has(toks[a]!.t) && !(toks[a]!.raw === 'De' && DE_NAMES.has(toks[a + 1]?.t ?? ''))) a++;
    while (a <= b && (PLACE_PREP.has(toks[a]!.t) || toks[a]!.t === 'heel') && !(toks[a]!.raw === 'Van' && a < b && isCapital(toks[a + 1]!))) a++;
    if (a > b) continue;
    // a lone modifier or capitalised word that is no place ("Back", "Big")
    const words = toks.slice(a, b + 1);
    if (!words.some((t, k) => anchor(a + k) || cls[a + k] === 'gaz' || cls[a + k] === 'street' || cls[a + k] === 'landmark')) continue;
    if (words.every((t) => NEVER.has(t.t))) continue;
    if (placeNegated(scan, a, b)) continue;
    if (placeJoked(scan, b)) continue;
    if (scoreContext(scan, b)) continue;
    // "de Shell" in "de situatie aan de haven": handled by NEVER; "van 't stad": stad is no anchor
    if (words.length === 1 && words[0]!.kind === 'word' && words[0]!.t.length < 2) continue;
    const start = toks[a]!.start;
    const end = toks[b]!.end;
    const text = scan.text.slice(start, end);
    if (!out.some((o) => o.text === text)) out.push({ text, start, end, from: a, to: b });
  }
  return out;
}

/** generic landmark nouns that need an article or a preposition to be a meeting point */
const BRAND_WORDS = new Set(['total', 'quick', 'action', 'atm', 'subway', 'proxy']);
const GENERIC_NEEDS_ARTICLE = new Set(['winkel', 'winkeltje', 'store', 'pitta', 'kebab', 'pomp', 'kasteel', 'paleis', 'rivier', 'river', 'pub', 'square', 'strand', 'beach', 'pier', 'casino', 'arcade', 'disco', 'zijingang', 'zij-ingang', 'achterkant', 'zijkant', 'voorkant', 'hoofdingang', 'achteringang', 'total', 'quick', 'action', 'atm', 'school', 'subway', 'proxy', 'park', 'plein', 'markt', 'kaai', 'brug', 'bridge', 'tunnel', 'kerk', 'church', 'hotel', 'mall', 'gym', 'station', 'parking', 'racks', 'entrance', 'ingang', 'uitgang', 'playground', 'speeltuin', 'museum', 'bib', 'library', 'statue', 'standbeeld', 'fontein', 'fountain', 'monument', 'cinema']);
/** modifiers that only follow a place word ("Berchem station", not "station Berchem"… which is also fine) */
const MODIFIER_RIGHT_ONLY = new Set(['exit', 'entrance', 'ingang', 'uitgang', 'stop', 'lot', 'racks', 'kant', 'achterkant', 'zijkant', 'voorkant']);
/** nouns that locate within a place ("de hoek van", "the bike racks", "gate 3") */
const LOCATING_HEADS = new Set(['zijingang', 'zij-ingang', 'achteringang', 'side', 'station', 'hoek', 'corner', 'kant', 'zijkant', 'achterkant', 'voorkant', 'ingang', 'entrance', 'uitgang', 'exit', 'racks', 'standbeeld', 'statue', 'speeltuin', 'playground', 'museum', 'bib', 'parking', 'gate', 'fontein', 'fountain', 'hoofdingang']);
const ADJ_BEFORE_HEAD = new Set(['grote', 'kleine', 'oude', 'nieuwe', 'big', 'old', 'main', 'back', 'front', 'side', 'bike', 'fiets', 'achterste', 'voorste', 'linker', 'rechter', 'left', 'right']);
const DE_NAMES = new Set(['coninckplein', 'keyserlei', 'lijn', 'meir']);
DE_NAMES.delete('meir');
/** capitalised words that are not places */
const CAP_STOP = new Set(
  (
    'ik i im ge gij u you je jij we wij hij he zij she they ze het de the een a an en and of or is ben zijt ok oke okay ja yes nee no ' +
    'hey hallo hi yo salut salam ewa wesh bro fam man maat mate broer merci thanks dank sorry sry allez amai oei goeiemorgen ' +
    'maandag dinsdag woensdag donderdag vrijdag zaterdag zondag monday tuesday wednesday thursday friday saturday sunday ' +
    'januari februari maart april mei juni juli augustus september oktober november december january february march june july august october ' +
    'vanavond tonight morgen tomorrow vandaag today cash menu promo price prijs prices prijzen wit white coke weed hash hasj kush haze ' +
    'molly md mdma xtc ket speed pep lsd acid carts snow blanche skunk amnesia special dm text sms bel call tel whatsapp snap ' +
    'thc vape cart pills pillen good goed beste best nieuwe new fresh verse top fire legit dag daag ciao peace groetjes greetz mvg ' +
    'ten laatste eerst bestel minimum levering delivery wie who waar where wanneer when hoe how wat what wa meet kom come go ' +
    'driver chauffeur runner police politie flikken'
  ).split(' '),
);

function placeNegated(scan: Scan, a: number, b: number): boolean {
  const toks = scan.tokens;
  const clause = toks[a]!.clause;
  for (let k = a - 1; k >= 0 && k >= a - 5 && toks[k]!.clause === clause; k--) if (NEGATORS.has(toks[k]!.t)) return true;
  for (let k = b + 1; k < toks.length && k <= b + 5 && toks[k]!.clause === clause; k++) {
    const t = toks[k]!.t;
    if (t === 'ni' || t === 'niet' || t === 'nie' || t === 'not' || t === 'never' || t === 'nooit') return true;
    if (t === 'maar' || t === 'but') break;
  }
  return false;
}

function placeJoked(scan: Scan, b: number): boolean {
  const toks = scan.tokens;
  for (let k = b + 1; k < toks.length && k <= b + 3; k++) {
    const t = toks[k]!;
    if (JOKES.has(t.t) || (t.kind === 'emoji' && t.t.codePointAt(0) === 0x1f602 && toks[k + 1] && JOKES.has(toks[k + 1]!.t))) return true;
    if (t.kind === 'word' && !JOKES.has(t.t)) return false;
  }
  return false;
}

/** "Antwerp 3 - Brugge 0": a team with its score */
function scoreContext(scan: Scan, b: number): boolean {
  const nx = scan.tokens[b + 1];
  return nx !== undefined && nx.kind === 'num' && nx.claim === 'skip' && (scan.tokens[b + 2]?.t === '-' || scan.tokens[b - 1]?.t === '-');
}
