// Times: clock times (Dutch "half 10" = 9:30, "tien voor half negen", English "half 10" = 10:30,
// "2100", am/pm), minutes from now ("binnen 20 min", "in 10", "kwartierke"), and days (vandaag,
// tonight, morgen, weekdays, weekend). 12-hour clock times are resolved by the context words of
// the message (evening, afternoon, morning); without one a 1–12 hour stays `ambiguous`.
// Past references ("ik heb daar 30 min gestaan"), the current time ("its 9:40"), negated days
// ("zaterdag kan ik ni") and greetings ("goedenavond") give nothing.
import { numberWord, table } from './numbers.js';
import type { ClockTime, Day, TimeSlot } from './types.js';
import type { Scan, Tok } from './tokens.js';

type Ctx = 'evening' | 'afternoon' | 'morning';

interface RawClock {
  pos: number;
  hour: number;
  minute: number;
  /** am/pm or military time: as written */
  fixed: boolean;
}

/** words after a four-digit number that make it a military time */
const MILITARY_AFTER = new Set(['latest', 'sharp', 'stipt', 'tonight', 'vanavond', 'tonite']);
const CLOCK_PREPS = new Set([
  'om', 'at', 'by', 'rond', 'rondt', 'around', 'round', "'round", 'bout', "'bout", 'about', 'tegen', 'vanaf', 'from', 'na', 'after',
  'tot', 'till', 'until', 'til', 'untill', 'before', 'uiterlijk', 'laatste', 'tussen', 'between',
]);
const EVENING = new Set(['vanavond', 'tonight', 'tonite', '2nite', 'vannacht', 'avonds', 'savonds', 'snachts', 'nachts', 'morgenavond', 'soir', 'morgennacht', "tonight's", 'pm']);
const AFTERNOON = new Set(['namiddag', 'arvo', 'middags', 'smiddags', 'morgenmiddag', 'morgennamiddag', 'vanmiddag', 'vannamiddag']);
const MORNING = new Set(['morgens', 'smorgens', 'morgenvroeg', 'ochtend', 'ochtends', 'vanochtend', 'vanmorgen', 'morgenochtend']);
const RELATIVE_PREPS = new Set(['in', 'binnen', 'over', 'within', 'eta', 'gimme', 'nog']);
const MIN_WORDS = new Set(['min', 'mins', 'minuten', 'minuut', 'minuutje', 'minuutjes', 'minuutjes', 'minutes', 'minute', 'minutjes', 'mn', 'minutos', 'mins.', 'minnen']);
const HOUR_WORDS = new Set(['uur', 'uurtje', 'uurke', 'hour', 'hours', 'hr', 'hrs', 'h', 'u', 'uren']);
/** words right after a number that make it no clock time (a unit, a currency, a count) */
const NOT_TIME_AFTER = new Set([
  'g', 'gr', 'gram', 'grams', 'gramme', 'grammes', 'euro', 'euros', 'eur', 'e', 'quid', 'balle', 'bucks', 'pillen', 'pills', 'pil', 'pill',
  'stuks', 'stuk', 'zakjes', 'zakskes', 'bags', 'bag', 'keer', 'times', 'kids', 'kinderen', 'jaar', 'years', 'for', 'voor', 'per', 'a',
  'each', 'procent', 'percent', 'man', 'mannen', 'people', 'personen', 'dagen', 'days', 'weken', 'weeks', 'maanden', 'months', 'x', 'cl', 'ml', 'blokjes', 'tabs', 'caps', 'carts', 'gr.', 'meter', 'km',
]);
const CURRENCY = new Set(['€', '£', '$']);
/** the clause talks about the past: durations and times in it are not plans */
const PAST = new Set([
  'been', 'waited', 'waiting', 'gewacht', 'gestaan', 'gezeten', 'geweest', 'gereden', 'since', 'sinds', 'al', 'already', 'ago', 'geleden',
  'was', 'were', 'stond', 'zat', 'wachtte', 'said', 'zei', 'zegde', 'gezegd', 'stopped', 'gisteren', 'yesterday', 'vorige', 'last', 'afgelopen',
  'kwas', 'twas', 'waren', 'came', 'kwam', 'passed',
]);
// "heb"/"hebt"/"had" mark the past only with a participle in the clause; checked below
const PERFECT_AUX = new Set(['heb', 'hebt', 'had', 'hebben', 'heeft', 'kheb', 'hebde', 'hadde', 'kzat', 'kstond']);
/** Flemish double infinitive after an auxiliary: "kheb 20 min staan wachten" */
const DOUBLE_INFINITIVE = new Set(['staan', 'zitten', 'wachten', 'rijden', 'zoeken']);
const PARTICIPLE = /^ge[a-z]{3,}(?:d|t|en)$/;

const DAY_WORDS = table<Day>({
  vandaag: 'today', today: 'today', tday: 'today', vanmiddag: 'today', vannamiddag: 'today', vanmorgen: 'today', vanochtend: 'today',
  aujourd: 'today', '2day': 'today',
  vanavond: 'tonight', tonight: 'tonight', tonite: 'tonight', vannacht: 'tonight', 'tonight\'s': 'tonight',
  morgen: 'tomorrow', tmrw: 'tomorrow', tmr: 'tomorrow', tmrow: 'tomorrow', tmw: 'tomorrow', tomorrow: 'tomorrow', tomoro: 'tomorrow',
  tommorow: 'tomorrow', tommorrow: 'tomorrow', tomorow: 'tomorrow', '2moro': 'tomorrow', '2morrow': 'tomorrow', morgenavond: 'tomorrow',
  morgenvroeg: 'tomorrow', morgenmiddag: 'tomorrow', morgennamiddag: 'tomorrow', morgenochtend: 'tomorrow', morgennacht: 'tomorrow',
  demain: 'tomorrow', morge: 'tomorrow',
  weekend: 'weekend', 'week-end': 'weekend', wkend: 'weekend', weekends: 'weekend',
  maandag: 'monday', dinsdag: 'tuesday', woensdag: 'wednesday', donderdag: 'thursday', vrijdag: 'friday', zaterdag: 'saturday', zondag: 'sunday',
  monday: 'monday', tuesday: 'tuesday', wednesday: 'wednesday', thursday: 'thursday', friday: 'friday', saturday: 'saturday', sunday: 'sunday',
  lundi: 'monday', mardi: 'tuesday', mercredi: 'wednesday', jeudi: 'thursday', vendredi: 'friday', samedi: 'saturday', dimanche: 'sunday',
  zatermiddag: 'saturday',
});
/** abbreviations that are ordinary words too: a day only next to a time word or a preposition */
const DAY_ABBREV = table<Day>({ mon: 'monday', tue: 'tuesday', tues: 'tuesday', wed: 'wednesday', thu: 'thursday', thur: 'thursday', thurs: 'thursday', fri: 'friday', sat: 'saturday', sun: 'sunday' });
const TIME_AFTER_HOUR = new Set(['vanavond', 'tonight', 'vannacht', 'morgen', 'tomorrow', 'uur', 's', "'s", 'am', 'pm', 'in', 'savonds', 'smorgens', 'smiddags', 'ten', 'ni', 'niet', 'of', 'or', 'en', 'and', 'ok', 'oke', 'goed']);
const FLEMISH_HOURS = table({ eenen: 1, tweeen: 2, drieen: 3, vieren: 4, vijven: 5, zessen: 6, zevenen: 7, achten: 8, negenen: 9, tienen: 10, elven: 11, twaalven: 12 });
const DURATIONS = table({ kwartier: 15, kwartierke: 15, kwartiertje: 15, halfuur: 30, halfuurtje: 30, halfuurke: 30, anderhalfuur: 90 });
const DAY_PART_AFTER = new Set(['arvo', 'morning', 'afternoon', 'evening', 'eve', 'nite', 'avond', 'ochtend', 'namiddag']);
const ABBREV_SAFE = new Set(['sat', 'sun', 'fri', 'thurs', 'tues', 'wed', 'mon']);
const DAY_PART_SUFFIX = /^(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)(avond|nacht|middag|namiddag|morgen|ochtend|voormiddag)$/;

const NEGATE_AFTER = new Set(['ni', 'niet', 'nie', 'not', 'no', 'nee', 'cant', "can't", 'kan', 'lukt', 'gaat', 'neen', 'nah', 'nope', 'nooit', 'never']);
const NEGATE_BEFORE = new Set(['niet', 'ni', 'nie', 'not', 'geen', 'no', 'cant', "can't", 'cannot', 'nooit', 'never', 'except', 'behalve', 'buiten']);

const isInt = (t: Tok | undefined): boolean => t !== undefined && t.kind === 'num' && Number.isInteger(t.value) && !/[.,]/.test(t.raw);
const adj = (a: Tok | undefined, b: Tok | undefined) => a !== undefined && b !== undefined && b.start === a.end;

/** 1–12 as a digit or a Dutch/English number word ("een" only when `een` is allowed) */
function hourOf(t: Tok | undefined, allowEen = false): number | null {
  if (t === undefined) return null;
  if (isInt(t)) return t!.value <= 24 ? t!.value : null;
  if (t.kind !== 'word') return null;
  if (allowEen && (t.t === 'een' || t.t === 'one')) return 1;
  const v = numberWord(t.t);
  return v !== null && v <= 12 ? v : null;
}
function minuteOf(t: Tok | undefined): number | null {
  if (t === undefined) return null;
  if (t.t === 'kwart' || t.t === 'quarter') return 15;
  if (isInt(t)) return t!.value >= 1 && t!.value <= 29 ? t!.value : null;
  if (t.kind !== 'word') return null;
  const v = numberWord(t.t);
  return v !== null && v <= 29 ? v : null;
}

/** how far (in tokens) a clause-level cue is looked for around a number */
const WINDOW = 12;

function clauseHasPast(scan: Scan, i: number): boolean {
  const toks = scan.tokens;
  const c = toks[i]!.clause;
  let aux = false;
  let participle = false;
  for (let k = i; k >= 0 && k >= i - WINDOW && toks[k]!.clause === c; k--) {
    scan.steps++;
    const t = toks[k]!.t;
    if (t === 'but' || t === 'maar') break;
    if (PERFECT_AUX.has(t)) aux = true;
    else if (PAST.has(t)) return true;
    if (PARTICIPLE.test(t) || DOUBLE_INFINITIVE.has(t)) participle = true;
  }
  for (let k = i + 1; k < toks.length && k <= i + WINDOW && toks[k]!.clause === c; k++) {
    scan.steps++;
    const t = toks[k]!.t;
    if (t === 'but' || t === 'maar') break;
    if (PERFECT_AUX.has(t)) aux = true;
    else if (PAST.has(t) && t !== 'last' && t !== 'vorige') return true;
    if (PARTICIPLE.test(t) || DOUBLE_INFINITIVE.has(t)) participle = true;
  }
  return aux && participle;
}

/** "its 9:40", "u said 9", "het is 10u": the current or a reported time */
function isCurrentOrReported(scan: Scan, i: number): boolean {
  const toks = scan.tokens;
  const p = toks[i - 1]?.t ?? '';
  const p2 = toks[i - 2]?.t ?? '';
  if (p === 'its' || p === "it's" || p === 'tis' || (p === 'is' && (p2 === 'het' || p2 === "'t" || p2 === 'it'))) return true;
  if (p === 'said' || p === 'zei' || p === 'gezegd' || p2 === 'said' || p2 === 'zei') return true;
  if (p === 'by' && (p2 === 'stopped' || p2 === 'gestopt')) return true;
  return false;
}

function numberNotTime(scan: Scan, k: number): boolean {
  const nx = scan.tokens[k];
  if (nx === undefined) return false;
  return NOT_TIME_AFTER.has(nx.t) || CURRENCY.has(nx.t) || (nx.t === '/' && scan.tokens[k + 1]?.kind === 'word');
}

export function findTimes(scan: Scan): TimeSlot[] {
  const toks = scan.tokens;
  const clocks: RawClock[] = [];
  const rel: { pos: number; minutes: number }[] = [];
  const days: { pos: number; day: Day }[] = [];
  const ctx: { pos: number; ctx: Ctx }[] = [];
  const claim = (a: number, b: number) => {
    for (let k = a; k <= b; k++) if (toks[k]!.claim === '') toks[k]!.claim = 'time';
  };
  const free = (t: Tok | undefined) => t !== undefined && t.claim === '';
  const addClock = (pos: number, hour: number, minute: number, fixed = false) => {
    if (hour > 24 || minute > 59 || hour < 0) return false;
    if (isCurrentOrReported(scan, pos) || clauseHasPast(scan, pos)) return true;
    clocks.push({ pos, hour: hour === 24 ? 0 : hour, minute, fixed });
    return true;
  };
  const addRel = (pos: number, minutes: number) => {
    if (clauseHasPast(scan, pos)) return;
    rel.push({ pos, minutes });
  };

  for (let i = 0; i < toks.length; i++) {
    scan.steps++;
    const t = toks[i]!;
    if (t.claim !== '') continue;
    const prev = toks[i - 1];
    const pt = prev?.t ?? '';
    const n1 = toks[i + 1];
    const n2 = toks[i + 2];

    // ---- context words and day words --------------------------------------------------------
    const twoWord = t.kind === 'num' && t.raw === '2' && n1 !== undefined && n1.kind === 'word' && adj(t, n1);
    if (t.kind === 'word' || twoWord) {
      const word = twoWord ? '2' + n1!.t : t.t;
      const dayPart = word.length >= 10 && word.length <= 20 ? DAY_PART_SUFFIX.exec(word) : null;
      const goodGreeting = pt === 'good' || pt === 'goeie' || pt === 'goede' || pt === 'goedemorgen';
      let c: Ctx | null = null;
      if (EVENING.has(word)) c = 'evening';
      else if ((word === 'night' || word === 'evening' || word === 'avond' || word === 'nacht') && !goodGreeting && pt !== 'last' && n1?.t !== 'shop' && n1?.t !== 'winkel') c = 'evening';
      else if (AFTERNOON.has(word) || (word === 'afternoon' && !goodGreeting)) c = 'afternoon';
      else if (MORNING.has(word) || (word === 'morning' && !goodGreeting)) c = 'morning';
      else if (dayPart) c = dayPart[2] === 'avond' || dayPart[2] === 'nacht' ? 'evening' : dayPart[2] === 'morgen' || dayPart[2] === 'ochtend' || dayPart[2] === 'voormiddag' ? 'morning' : 'afternoon';
      if (c) ctx.push({ pos: i, ctx: c });
      let day: Day | undefined = DAY_WORDS.get(word) ?? (dayPart ? DAY_WORDS.get(dayPart[1]!) : undefined);
      if (word === 'middag' && (pt === 'deze' || pt === 'this')) day = 'today';
      if (word === 'arvo' && pt === 'this') day = 'today';
      if (word === 'namiddag' && pt === 'deze') day = 'today';
      if ((word === 'evening' || word === 'avond') && (pt === 'this' || pt === 'deze')) day = 'tonight';
      if (word === 'soir' && pt === 'ce') day = 'tonight';
      if (word === 'morning' && pt === 'this') day = 'today';
      if (word === 'morgen' && pt === "'s") day = undefined;
      if (day === undefined && DAY_ABBREV.has(word) && ABBREV_SAFE.has(word)) {
        const okBefore = pt === 'on' || pt === 'this' || pt === 'next' || pt === 'till' || pt === 'til' || pt === 'tot' || pt === 'by' || pt === 'or' || pt === 'and' || pt === 'from';
        // "sat or sun", "fri/sat", "sun arvo"
        const n2w = scan.tokens[i + 2]?.t ?? '';
        const listed = n1 !== undefined && (n1.t === 'or' || n1.t === 'and' || n1.t === 'of' || n1.t === 'en' || n1.t === '/' || n1.t === '-' || n1.t === '&') && (DAY_ABBREV.has(n2w) || DAY_WORDS.has(n2w));
        const okAfter = n1 === undefined || n1.t === '?' || n1.t === 'night' || n1.t === 'at' || n1.t === 'om' || n1.t === ',' || isInt(n1) || listed || DAY_PART_AFTER.has(n1.t);
        const badBefore = pt === 'party' || pt === 'the' || pt === 'i' || pt === 'he' || pt === 'she' || pt === 'we' || pt === 'they' || pt === 'u' || pt === 'you' || pt === 'last';
        if (!badBefore && (okBefore || okAfter)) day = DAY_ABBREV.get(word);
      }
      if (day && (word === 'weekend' || word === 'weekends') && (n1?.t === 'days' || n1?.t === 'dagen')) day = undefined;
      if (day && !dayNegated(scan, i) && !(pt === 'vorige' || pt === 'last' || pt === 'afgelopen' || pt === 'previous' || pt === 'dernier')) {
        days.push({ pos: i, day });
      }
      if (day || c) {
        if (day) claim(i, twoWord ? i + 1 : i);
        if (twoWord) i++;
        continue;
      }
    }

    // ---- fixed phrases ------------------------------------------------------------------------
    if (t.kind === 'word') {
      if (t.t === 'midnight' || t.t === 'middernacht') {
        if (addClock(i, 0, 0, true)) claim(i, i);
        continue;
      }
      if (t.t === 'noon') {
        if (addClock(i, 12, 0, true)) claim(i, i);
        continue;
      }
      // relative fixed durations
      const dur = DURATIONS.get(t.t);
      if (dur !== undefined) {
        addRel(i, dur);
        claim(i, i);
        continue;
      }
      if ((t.t === 'anderhalf' || t.t === 'anderhalve') && n1 && HOUR_WORDS.has(n1.t)) {
        addRel(i, 90);
        claim(i, i + 1);
        i++;
        continue;
      }
      if (t.t === 'half' && n1 && (n1.t === 'uur' || n1.t === 'uurtje' || n1.t === 'hour' || n1.t === 'uurke' || (n1.t === 'an' && n2?.t === 'hour'))) {
        addRel(i, 30);
        const e = n1.t === 'an' ? i + 2 : i + 1;
        claim(i, e);
        i = e;
        continue;
      }
      if ((t.t === 'an' || t.t === 'een' || t.t === "'n" || t.t === 'one' || t.t === 'a') && n1 && (n1.t === 'hour' || n1.t === 'uur' || n1.t === 'uurtje' || n1.t === 'uurke' || n1.t === 'h' || n1.t === 'hr')) {
        if (RELATIVE_PREPS.has(pt) || n1.t === 'uurtje' || n1.t === 'uurke' || (pt === 'me' && toks[i - 2]?.t === 'give')) {
          addRel(i, 60);
          claim(i, i + 1);
          i++;
          continue;
        }
      }
      if (t.t === 'quarter' && n1?.t === 'of' && n2?.t === 'an' && toks[i + 3]?.t === 'hour') {
        addRel(i, 15);
        claim(i, i + 3);
        i += 3;
        continue;
      }
      // "half 10", "half past 9", "half negen"
      if (t.t === 'half') {
        const past = n1?.t === 'past';
        const h = hourOf(past ? n2 : n1, true);
        if (h !== null && h >= 1 && h <= 12 && !numberNotTime(scan, past ? i + 3 : i + 2)) {
          const hour = past || scan.lang === 'en' ? h : h - 1;
          if (addClock(i, hour === 0 ? 12 : hour, 30)) claim(i, past ? i + 2 : i + 1);
          i += past ? 2 : 1;
          continue;
        }
      }
      // "kwart na 8", "kwart voor 11", "quarter to 12", "quarter past 8"
      if (t.t === 'kwart' || t.t === 'quarter') {
        const dir = n1?.t;
        const h = hourOf(n2, true);
        if (h !== null && h >= 1 && h <= 24 && dir && !numberNotTime(scan, i + 3)) {
          if (dir === 'na' || dir === 'over' || dir === 'past' || dir === 'after') {
            if (addClock(i, h, 15)) claim(i, i + 2);
            i += 2;
            continue;
          }
          if (dir === 'voor' || dir === 'to' || dir === 'til' || dir === 'till' || dir === 'before') {
            if (addClock(i, h - 1 === 0 ? 12 : h - 1, 45)) claim(i, i + 2);
            i += 2;
            continue;
          }
        }
      }
    }

    // Flemish hours: "om achten", "tegen tienen", "rond negenen"
    if (t.kind === 'word' && CLOCK_PREPS.has(pt) && FLEMISH_HOURS.has(t.t)) {
      if (addClock(i, FLEMISH_HOURS.get(t.t)!, 0)) claim(i, i);
      continue;
    }
    // "binnen het uur", "within the hour"
    if ((t.t === 'het' || t.t === 'the' || t.t === "'t") && n1 && (n1.t === 'uur' || n1.t === 'hour') && (pt === 'binnen' || pt === 'within')) {
      addRel(i, 60);
      claim(i, i + 1);
      i++;
      continue;
    }

    // ---- numbers ------------------------------------------------------------------------------
    const isNumWord = t.kind === 'word' && numberWord(t.t) !== null;
    if (t.kind !== 'num' && !isNumWord) continue;
    const v = t.kind === 'num' ? t.value : numberWord(t.t)!;

    // "tien voor half negen", "vijf na half elf", "10 voor 9", "20 over 8", "ten past 9"
    {
      const m = minuteOf(t);
      const dir = n1?.t;
      if (m !== null && dir && (dir === 'voor' || dir === 'na' || dir === 'over' || dir === 'past' || dir === 'to' || dir === 'after')) {
        const halfForm = n2?.t === 'half' && (dir === 'voor' || dir === 'na');
        const hTok = halfForm ? toks[i + 3] : n2;
        const h = hourOf(hTok, true);
        const endK = halfForm ? i + 3 : i + 2;
        const words = t.kind === 'word' || hTok?.kind === 'word';
        const timeCue = CLOCK_PREPS.has(pt);
        const priceCue = clauseHasPriceCue(scan, i);
        const nlDir = dir === 'voor' || dir === 'na' || dir === 'over';
        const enDir = dir === 'past' || dir === 'to' || dir === 'after';
        // "vijfentwintig voor een zakske": "een" before a noun is an article, not one o'clock
        const article = (hTok?.t === 'een' || hTok?.t === 'one') && toks[endK + 1]?.kind === 'word' && !TIME_AFTER_HOUR.has(toks[endK + 1]!.t);
        if (h !== null && h >= 1 && h <= 12 && m % 5 === 0 && !article && !numberNotTime(scan, endK + 1) && (words || timeCue || halfForm || (!priceCue && (enDir || nlDir)))) {
          if (!(dir === 'over' && scan.lang === 'en') && !(enDir && dir === 'after' && !words && !timeCue)) {
            let hour: number;
            let minute: number;
            if (halfForm) {
              hour = h - 1;
              minute = dir === 'voor' ? 30 - m : 30 + m;
            } else if (dir === 'voor' || dir === 'to') {
              hour = h - 1;
              minute = 60 - m;
            } else {
              hour = h;
              minute = m;
            }
            if (addClock(i, hour <= 0 ? hour + 12 : hour, minute)) claim(i, endK);
            i = endK;
            continue;
          }
        }
      }
    }

    if (t.kind !== 'num') {
      // number words as hours after a clock preposition: "om acht uur", "om negen"
      const h = hourOf(t);
      if (h !== null && CLOCK_PREPS.has(pt) && !numberNotTime(scan, i + 1)) {
        const uur = n1?.t === 'uur';
        if (addClock(i, h, 0)) claim(i, uur ? i + 1 : i);
        if (uur) i++;
        continue;
      }
      // "twee uur" after a relative preposition
      if (h !== null && RELATIVE_PREPS.has(pt) && n1 && (n1.t === 'uur' || n1.t === 'hours' || n1.t === 'hour' || n1.t === 'uren')) {
        addRel(i, h * 60);
        claim(i, i + 1);
        i++;
        continue;
      }
      if (n1 && MIN_WORDS.has(n1.t)) {
        addRel(i, v);
        claim(i, i + 1);
        i++;
      }
      continue;
    }
    if (!free(t)) continue;
    const int = isInt(t);

    // "9:30", "11:45pm", "21:00"
    if (int && n1?.t === ':' && adj(t, n1) && isInt(n2) && adj(n1, n2) && n2.raw.length === 2 && n2.value <= 59) {
      const ap = ampm(scan, i + 3);
      let h = v;
      if (ap.kind === 'pm' && h < 12) h += 12;
      if (ap.kind === 'am' && h === 12) h = 0;
      if (addClock(i, h, n2.value, ap.kind !== null)) claim(i, ap.end ?? i + 2);
      if (ap.end !== undefined && toks[ap.end]?.t === 'u') claim(ap.end, ap.end);
      i = ap.end ?? i + 2;
      continue;
    }
    // "20.30u", "om 9.30"
    if (!int && /^\d{1,2}\.\d{2}$/.test(t.raw)) {
      const [hs, ms] = t.raw.split('.') as [string, string];
      const suffix = n1 && adj(t, n1) && (n1.t === 'u' || n1.t === 'h' || n1.t === 'uur');
      if ((suffix || (CLOCK_PREPS.has(pt))) && Number(hs) <= 24 && Number(ms) <= 59) {
        const ap = ampm(scan, i + 1);
        let h = Number(hs);
        if (ap.kind === 'pm' && h < 12) h += 12;
        if (addClock(i, h, Number(ms), ap.kind !== null)) claim(i, suffix ? i + 1 : (ap.end ?? i));
        continue;
      }
    }
    if (!int) continue;

    // military "2100", "at 0930"
    if (t.raw.length === 4 && Number(t.raw.slice(0, 2)) <= 23 && Number(t.raw.slice(2)) <= 59) {
      // "2100 u" (uur), but not "for 2000 u get the lot", where "u" is "you"
      const hrs = n1 && (n1.t === 'hrs' || n1.t === 'hours' || n1.t === 'uur' || n1.t === 'h' || (n1.t === 'u' && (scan.lang === 'nl' || n2 === undefined || n2.kind !== 'word')));
      // "2100 at the latest", "2230 sharp", "0100 tonight"
      const n3 = scan.tokens[i + 3];
      const after = n1 && (MILITARY_AFTER.has(n1.t) || (n1.t === 'at' && n2?.t === 'the' && n3?.t === 'latest') || (n1.t === 'ten' && n2?.t === 'laatste'));
      if (hrs || after || (CLOCK_PREPS.has(pt) && pt !== 'from' && pt !== 'vanaf')) {
        if (addClock(i, Number(t.raw.slice(0, 2)), Number(t.raw.slice(2)), true)) claim(i, hrs ? i + 1 : i);
        if (hrs) i++;
        continue;
      }
    }

    // "3 kwartier": three quarters of an hour
    if (n1 && (n1.t === 'kwartier' || n1.t === 'kwartiertjes' || n1.t === 'kwartierkes') && v >= 1 && v <= 8) {
      addRel(i, v * 15);
      claim(i, i + 1);
      i++;
      continue;
    }
    // N + minutes word: "5 min", "15 more mins", "10min"
    if (v >= 1 && v <= 240 && n1 && (MIN_WORDS.has(n1.t) || (n1.t === 'more' && n2 && MIN_WORDS.has(n2.t)) || (n1.t === 'm' && adj(t, n1) && (!n2 || n2.kind !== 'word')))) {
      const e = n1.t === 'more' ? i + 2 : i + 1;
      addRel(i, v);
      claim(i, e);
      i = e;
      continue;
    }
    // N + hour word
    if (n1 && HOUR_WORDS.has(n1.t) && v <= 24) {
      const attached = adj(t, n1);
      const relPrep = RELATIVE_PREPS.has(pt) && !(pt === 'over' && scan.lang === 'en');
      if (relPrep && (n1.t !== 'u' || attached)) {
        // "binnen 1 h", "over 2 uur", "in 1 hour", "binnen 1u"
        addRel(i, v * 60);
        claim(i, i + 1);
        i++;
        continue;
      }
      if ((n1.t === 'u' || n1.t === 'h') && attached) {
        // "22u", "23h", "22u30", "22h30"
        const mTok = n2 && adj(n1, n2) && isInt(n2) && n2.raw.length === 2 && n2.value <= 59 ? n2 : undefined;
        if (addClock(i, v, mTok ? mTok.value : 0)) claim(i, mTok ? i + 2 : i + 1);
        i += mTok ? 2 : 1;
        continue;
      }
      // a spaced "h" is an hour ("1 h"); a spaced "u" is "you" in English texting
      if (n1.t === 'h' && v <= 3) {
        addRel(i, v * 60);
        claim(i, i + 1);
        i++;
        continue;
      }
      if (n1.t === 'uur') {
        const after = n2?.t ?? '';
        if (!(after === 'in' || after === 'per' || after === 'lang' || after === 'op') && v <= 23) {
          if (addClock(i, v, 0)) claim(i, i + 1);
          i++;
          continue;
        }
      }
    }
    // am/pm: "10pm", "10 pm", "2am"
    {
      const ap = ampm(scan, i + 1);
      if (ap.kind !== null && v >= 1 && v <= 12) {
        const h = ap.kind === 'pm' ? (v === 12 ? 12 : v + 12) : v === 12 ? 0 : v;
        if (addClock(i, h, 0, true)) claim(i, ap.end!);
        i = ap.end!;
        continue;
      }
    }
    // "11ish", "9en" (Flemish "9 o'clock")
    if (n1 && adj(t, n1) && (n1.t === 'ish' || n1.t === 'en' || n1.t === 'uurkes') && v >= 1 && v <= 24) {
      if (addClock(i, v, 0)) claim(i, i + 1);
      i++;
      continue;
    }
    // preposition + hour: "om 8", "at 10", "after 6", "till 11", "tussen 7 en 8"
    if (CLOCK_PREPS.has(pt) && v >= 0 && v <= 24 && t.raw.length <= 2 && !numberNotTime(scan, i + 1) && !(n1 && adj(t, n1) && n1.kind === 'word') && !houseNumber(scan, i)) {
      const isLaatste = pt === 'laatste' ? toks[i - 2]?.t === 'ten' : true;
      if (isLaatste && !priceAfterPrep(scan, i)) {
        const uur = n1?.t === 'uur';
        if (addClock(i, v, 0)) claim(i, uur ? i + 1 : i);
        if (uur) i++;
        // "tussen 7 en 8", "om 7 of 8", "at 7 or 8"
        const c1 = toks[i + 1];
        const c2 = toks[i + 2];
        if (c1 && (c1.t === 'en' || c1.t === 'and' || c1.t === 'of' || c1.t === 'or' || c1.t === '-') && isInt(c2) && c2.value <= 24 && free(c2) && !numberNotTime(scan, i + 3)) {
          const uur2 = toks[i + 3]?.t === 'uur' || (toks[i + 3]?.t === 'u' && adj(c2, toks[i + 3]));
          if (addClock(i + 2, c2.value, 0)) claim(i + 1, uur2 ? i + 3 : i + 2);
          i += uur2 ? 3 : 2;
        }
        continue;
      }
    }
    // relative preposition + bare number: "in 10", "binnen 5", "gimme 15", "eta 25", "c u in 10"
    {
      const relPrep = pt === 'in' || pt === 'binnen' || pt === 'within' || pt === 'eta' || pt === 'gimme' || (pt === 'over' && scan.lang === 'nl') || (pt === 'me' && (toks[i - 2]?.t === 'give' || toks[i - 2]?.t === 'geef'));
      if (relPrep && v >= 1 && v <= 90 && t.raw.length <= 2 && !numberNotTime(scan, i + 1) && !(n1 && n1.kind === 'word' && !isFiller(n1.t))) {
        addRel(i, v);
        claim(i, i);
        continue;
      }
    }
  }

  // resolve 12-hour clock times with the nearest context word
  const out: { pos: number; slot: TimeSlot }[] = [];
  // both lists are in text order: one pass finds the nearest context word of every clock time
  let ci = 0;
  for (const c of clocks) {
    scan.steps++;
    while (ci + 1 < ctx.length && ctx[ci + 1]!.pos <= c.pos) ci++;
    let best: Ctx | null = null;
    let d = Infinity;
    for (const cand of [ctx[ci], ctx[ci + 1]]) {
      if (cand && Math.abs(cand.pos - c.pos) < d) {
        d = Math.abs(cand.pos - c.pos);
        best = cand.ctx;
      }
    }
    out.push({ pos: c.pos, slot: resolveClock(c, best) });
  }
  for (const r of rel) out.push({ pos: r.pos, slot: { kind: 'relative', minutes: r.minutes } });
  for (const d of days) out.push({ pos: d.pos, slot: { kind: 'day', day: d.day } });
  out.sort((a, b) => a.pos - b.pos);
  const seen = new Set<string>();
  const slots: TimeSlot[] = [];
  for (const o of out) {
    const key = o.slot.kind === 'clock' ? `c${o.slot.hour}:${o.slot.minute}` : o.slot.kind === 'relative' ? `r${o.slot.minutes}` : `d${o.slot.day}`;
    if (seen.has(key)) continue;
    seen.add(key);
    slots.push(o.slot);
  }
  return slots;
}

const FILLERS = new Set(['min', 'ben', 'bro', 'fam', 'ok', 'oke', 'he', 'hé', 'ja', 'yes', 'yeah', 'g', 'man', 'maat', 'mate', 'ok', 'lol', 'ofzo', 'or', 'of', 'en', 'and', 'max', 'tops', 'ish', 'ik', 'i', 'im', 'k', 'we', 'ge', 'u', 'ill', 'kzen', 'kben', 'ben', 'bij', 'aan', 'at', 'there', 'daar', 'er', 'ready', 'klaar', 'outside', 'buiten', 'dan']);
function isFiller(t: string): boolean {
  return FILLERS.has(t);
}

const STREET = /(?:straat|laan|lei|baan|steenweg|plein|plaats|dreef|kaai|vest|street|road|avenue|lane)$/;
/** "at 12 Paleisstraat", "45 Lange Kievitstraat": a house number */
function houseNumber(scan: Scan, i: number): boolean {
  const a = scan.tokens[i + 1];
  const b = scan.tokens[i + 2];
  if (a === undefined || a.kind !== 'word') return false;
  return STREET.test(a.t) || (a.raw[0] !== a.raw[0]!.toLowerCase() && b !== undefined && b.kind === 'word' && STREET.test(b.t));
}

function ampm(scan: Scan, k: number): { kind: 'am' | 'pm' | null; end?: number } {
  const t = scan.tokens[k];
  if (t === undefined) return { kind: null };
  if (t.t === 'pm' || t.t === 'p.m' || t.t === 'pm.') return { kind: 'pm', end: k };
  if (t.t === 'am' && (scan.tokens[k - 1] === undefined || scan.tokens[k - 1]!.kind === 'num')) {
    // "i am" never follows a number; "at 10 am" does
    return { kind: 'am', end: k };
  }
  if ((t.t === 'p' || t.t === 'a') && scan.tokens[k + 1]?.t === '.' && scan.tokens[k + 2]?.t === 'm') return { kind: t.t === 'p' ? 'pm' : 'am', end: k + 2 };
  return { kind: null };
}

/** "voor u 20", "from 2g": a number after a clock preposition that is a price or an amount */
function priceAfterPrep(scan: Scan, i: number): boolean {
  const toks = scan.tokens;
  const p = toks[i - 1]!.t;
  // "na 20 euro" etc. are caught by numberNotTime; "from 50" in English money talk
  if ((p === 'from' || p === 'vanaf') && clauseHasPriceCue(scan, i)) return true;
  if (p === 'tot' && toks[i - 2]?.kind === 'num') return true;
  // "at 60 a g"
  const n1 = toks[i + 1];
  if (n1 && (n1.t === 'a' || n1.t === 'per' || n1.t === 'each' || n1.t === '/' || n1.t === 'de')) return true;
  return false;
}

const PRICE_CUES = new Set(['euro', 'eur', '€', '£', '$', 'quid', 'prijs', 'price', 'g', 'gram', 'pillen', 'pills', 'stuks', 'korting', 'off', 'kost', 'cost', 'costs']);
function clauseHasPriceCue(scan: Scan, i: number): boolean {
  const toks = scan.tokens;
  const c = toks[i]!.clause;
  for (let k = i - 1; k >= 0 && k >= i - WINDOW && toks[k]!.clause === c; k--) {
    scan.steps++;
    if (PRICE_CUES.has(toks[k]!.t)) return true;
  }
  for (let k = i + 1; k < toks.length && k <= i + WINDOW && toks[k]!.clause === c; k++) {
    scan.steps++;
    if (PRICE_CUES.has(toks[k]!.t)) return true;
  }
  return false;
}

function dayNegated(scan: Scan, i: number): boolean {
  const toks = scan.tokens;
  const c = toks[i]!.clause;
  for (let k = i - 1; k >= 0 && k >= i - 3 && toks[k]!.clause === c; k--) if (NEGATE_BEFORE.has(toks[k]!.t)) return true;
  for (let k = i + 1; k < toks.length && k <= i + 4 && toks[k]!.clause === c; k++) {
    const t = toks[k]!.t;
    if (t === 'maar' || t === 'but' || t === 'wel' || DAY_WORDS.has(t)) break;
    if (t === 'kan' || t === 'gaat' || t === 'lukt') {
      // "zaterdag kan ik ni", "morgen gaat ni": a negation follows the verb
      for (let j = k + 1; j < toks.length && j <= k + 3 && toks[j]!.clause === c; j++) if (toks[j]!.t === 'ni' || toks[j]!.t === 'niet' || toks[j]!.t === 'nie') return true;
      continue;
    }
    if (NEGATE_AFTER.has(t)) return true;
  }
  return false;
}

function resolveClock(c: RawClock, ctx: Ctx | null): ClockTime {
  const { hour, minute } = c;
  if (c.fixed || hour >= 13 || hour === 0) return { kind: 'clock', hour, minute };
  if (ctx === 'evening') {
    if (hour >= 5 && hour <= 11) return { kind: 'clock', hour: hour + 12, minute };
    if (hour === 12) return { kind: 'clock', hour: 0, minute };
    return { kind: 'clock', hour, minute };
  }
  if (ctx === 'afternoon') {
    if (hour >= 1 && hour <= 7) return { kind: 'clock', hour: hour + 12, minute };
    if (hour === 12) return { kind: 'clock', hour: 12, minute };
    return { kind: 'clock', hour, minute, ambiguous: true };
  }
  if (ctx === 'morning') return { kind: 'clock', hour, minute };
  return { kind: 'clock', hour, minute, ambiguous: true };
}
