// A small bilingual concept lexicon for the safety model: Dutch (Flemish forms included) and
// English words for one concept share one feature, so that what is learnt from "ge gaat ervoor
// betalen, op de ene of andere manier" carries over to "u'll pay one way or another", and a
// synonym seen once in training shares the weight of its concept. Words are matched on the
// featurizer's folded tokens (lower case, accents and apostrophes removed), so list the inflected
// forms people type. A word may belong to several concepts; keep concepts narrow (one meaning).

const CONCEPTS: Readonly<Record<string, string>> = {
  // harm and menace
  pay: 'betalen betaal betaalt betaald boeten boet pay pays paying paid',
  bad: 'slecht slechte erg erge ergs bad badly worse worst',
  problem: 'probleem problemen problem problems trouble issue',
  careful: 'voorzichtig careful',
  safe: 'veilig veilige safe',
  regret: 'spijt regret regrets',
  hurt: 'pijn hurt hurts pain',
  die: 'dood dode dooie sterven death dead die dies',
  kill: 'vermoorden vermoord kill killen afmaken murder',
  hit: 'slaan sla slaat klop kloppen hit punch beat smack',
  break: 'breken breek breekt gebroken break broken',
  blood: 'bloed bloeden blood bleed',
  hospital: 'ziekenhuis spoed hospital',
  weapon: 'mes messen pistool wapen knife gun blade',
  burn: 'branden brand brandt burn burns',
  luck: 'geluk succes luck',
  warn: 'waarschuwing gewaarschuwd verwittigd warning warned',
  enemy: 'vijand vijanden enemy enemies',
  lesson: 'lesje lesson',
  owe: 'schuldig owe owes debt',
  // wanting out
  stop: 'stop stoppen stopt ophouden staken quit cease',
  never: 'nooit never',
  ordered: 'besteld bestellen bestelling ordered order asked gevraagd',
  wrong: 'verkeerd verkeerde fout wrong mistaken',
  drugs: 'drugs drug',
  police: 'politie flikken flik police cops cop wijkagent',
  report: 'melden gemeld aangeven rapporteren gerapporteerd report reported reporting',
  block: 'blokkeren geblokkeerd blokkeer block blocked blocking',
  spam: 'spam rommel junk crap',
  grand: 'oma opa bomma bompa grootmoeder grootvader grandma grandmother grandad grandpa nan nana granny',
  illegal: 'illegaal strafbaar illegal',
  // being a minor
  school: 'school scholen college atheneum lyceum middelbaar secundair internaat',
  class: 'klas klassen les lessen lesuur class classes lesson period',
  teacher: 'leerkracht juf meester leraar lerares teacher teachers tutor',
  parents: 'ouders parents pa papa vader dad father',
  exam: 'examen examens toets toetsen test tests exam exams',
  pocket: 'zakgeld weekgeld pocket allowance',
  curfew: 'curfew bedtijd bedtime',
  break_time: 'speeltijd pauze recess break',
  // dealers' broadcasts
  business: 'zaak service plug shop',
  delivery: 'levering leveren lever deliver delivery delivering drop',
  quality: 'kwaliteit quality',
  price: 'prijs prijzen prijslijst price prices',
  free: 'gratis free',
  stock: 'voorraad stock lading batch aangevuld restocked',
  deal: 'deal deals actie promo special aanbieding korting discount sale',
  goods: 'wit groen wiet coke sneeuw hasj pillen pillekes snoep gras white green weed snow hash pills candy grass',
};

const CONCEPT_OF = new Map<string, string[]>();
for (const [concept, words] of Object.entries(CONCEPTS)) {
  for (const w of words.split(' ')) {
    const list = CONCEPT_OF.get(w) ?? [];
    if (!list.includes(concept)) list.push(concept);
    CONCEPT_OF.set(w, list);
  }
}

/** The concepts of a message's folded tokens (repeats count). */
export function concepts(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const c = CONCEPT_OF.get(t);
    if (c) out.push(...c);
  }
  return out;
}
