import { describe, expect, it } from 'vitest';
import { readMessage } from './read.js';

const places = (text: string) => readMessage(text).places;
const cases: [string, string[]][] = [
  ['aan het Centraal Station', ['Centraal Station']],
  ['bij de Aldi op de Bredabaan', ['Aldi op de Bredabaan']],
  ['op de Grote Markt om 8', ['Grote Markt']],
  ['meet me outside the Primark on the Meir', ['Primark on the Meir']],
  ['at the Lidl near Zuid', ['Lidl near Zuid']],
  ['aan de ingang van het Stadspark', ['ingang van het Stadspark']],
  ['ik woon in Wilrijk', ['Wilrijk']],
  ['in Ekeren aan de kerk', ['Ekeren aan de kerk']],
  ['op de hoek van de Lange Beeldekensstraat en de Kerkstraat', ['hoek van de Lange Beeldekensstraat en de Kerkstraat']],
  ['corner of Kerkstraat and Dambruggestraat', ['corner of Kerkstraat and Dambruggestraat']],
  ['levering in heel Antwerpen en Mortsel', ['Antwerpen', 'Mortsel']],
  ['bezorgen in Berchem, Wilrijk en Hoboken', ['Berchem', 'Wilrijk', 'Hoboken']],
  ['ik rij van Deurne naar Zuid', ['Deurne', 'Zuid']],
  ['zijt ge in Merksem?', ['Merksem']],
  ['Linkeroever?', ['Linkeroever']],
  ['at the gas station on the Noorderlaan', ['gas station on the Noorderlaan']],
  ['McDo aan de Groenplaats', ['McDo aan de Groenplaats']],
  ['Rooseveltplaats, bushalte', ['Rooseveltplaats', 'bushalte']],
  ['kom naar de Carrefour in Wijnegem', ['Carrefour in Wijnegem']],
  ['at 12 Paleisstraat, ring twice', ['12 Paleisstraat']],
  ['Turnhoutsebaan 200, 2de verdiep', ['Turnhoutsebaan 200']],
  ['im at the tram stop by the Opera', ['tram stop by the Opera']],
  ['aan de nachtwinkel in de Diepestraat', ['nachtwinkel in de Diepestraat']],
  ['near the ATM on De Keyserlei', ['ATM on De Keyserlei']],
  ['De Keyserlei aan de Quick', ['De Keyserlei aan de Quick']],
  ['zit in Lokeren vandaag', ['Lokeren']],
  ['aan de Schijnpoort', ['Schijnpoort']],
  // shops and landmark nouns, and what locates them
  ['ik sta aan de bakkerij in de Kloosterstraat', ['bakkerij in de Kloosterstraat']],
  ['aan de Chinese winkel', ['Chinese winkel']],
  ['we meet at the park by the river', ['park by the river']],
  ['wacht aan de pomp', ['pomp']],
  ['aan het kasteel', ['kasteel']],
  ['outside the Burger King at Groenplaats', ['Burger King at Groenplaats']],
  ['at the Lidl at Kerkstraat', ['Lidl at Kerkstraat']],
  ['ik sta aan de H&M op de Meir', ['H&M op de Meir']],
  ['op de Frankrijklei bij de C&A', ['Frankrijklei bij de C&A']],
  ['at the chicken shop on Green Lanes', ['chicken shop on Green Lanes']],
  ['Zurenborg, the big church square', ['Zurenborg', 'big church square']],
  // a locating noun before the place: "parking van de Aldi"
  ['parking van de Colruyt in Deurne', ['parking van de Colruyt in Deurne']],
  ['ingang van het Stadspark', ['ingang van het Stadspark']],
  // names with "Van" and "en" inside
  ['kzen in de Van Kerckhovenstraat', ['Van Kerckhovenstraat']],
  ['aan de moskee in de Lange Van Bloerstraat', ['moskee in de Lange Van Bloerstraat']],
  ['op de Plantin en Moretuslei', ['Plantin en Moretuslei']],
  ['levering in Hoboken en Wilrijk', ['Hoboken', 'Wilrijk']],
  // "voor de" + a name
  ['Nationalestraat, voor de ModeNatie', ['Nationalestraat', 'ModeNatie']],
  // cities written in lower case
  ['im in london till friday', ['london']],
  ['zit in amsterdam deze week', ['amsterdam']],
  // not places
  ['white van outside', []],
  ['in total 3', []],
  ['aan de overkant', []],
  ['ik sta hier', []],
  ['kom maar bij u', []],
  ['ik sta buiten', []],
  ['voor de deur', []],
  ['ben thuis', []],
  ['in een zwarte Golf', []],
  ['send me the address', []],
  ['not coming to Gent', []],
  ['Mechelen ga ik ni doen', []],
  ['aan de Groenplaats 😂 grapje, aan de Kiel', ['Kiel']],
  ['Antwerp 2 - Genk 1 lol', []],
  ['de beste wiet van de stad', []],
  ['vraag naar Sami aan de deur', []],
  ['hij zit op Snapchat', []],
];

describe('places', () => {
  it.each(cases)('%s', (text, want) => {
    expect(places(text)).toEqual(want);
  });

  it('spans are exact substrings with their offsets', () => {
    const text = 'oké, om 21u aan de Sint-Annatunnel kant Linkeroever, ge kent da?';
    const r = readMessage(text);
    expect(r.places).toEqual(['Sint-Annatunnel kant Linkeroever']);
    const [s] = r.placeSpans;
    expect(text.slice(s!.start, s!.end)).toBe(s!.text);
  });
});
