/** Realistic Dutch firm data (names, KvK, BTW-id, NAW, phones as people type them), deterministic per (seed, index). */
import { createRng, mixSeed } from './random.js';

import type { Rng } from './random.js';

export type FakeContact = {
  firstName: string;
  initials: string;
  /** Tussenvoegsel: '' | 'van' | 'van der' | 'de' | ... */
  prefix: string;
  lastName: string;
  gender: 'Male' | 'Female' | 'Unknown';
  phone: string;
  mobile: string;
  email: string;
};

export type FakeCompany = {
  name: string;
  kvk: string;
  vat: string;
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  country: 'NL';
  phone: string;
  email: string;
  website: string;
  contact: FakeContact;
};

type City = { name: string; area: string; pc: readonly [number, number] };
// Area codes without the trunk 0; 2-digit areas have 7-digit subscriber numbers, 3-digit areas 6 digits.
const CITIES: readonly City[] = [
  { name: 'Amsterdam', area: '20', pc: [1011, 1109] },
  { name: 'Rotterdam', area: '10', pc: [3011, 3089] },
  { name: 'Den Haag', area: '70', pc: [2491, 2599] },
  { name: "'s-Gravenhage", area: '70', pc: [2491, 2599] },
  { name: 'Utrecht', area: '30', pc: [3511, 3585] },
  { name: 'Eindhoven', area: '40', pc: [5611, 5658] },
  { name: 'Groningen', area: '50', pc: [9711, 9747] },
  { name: 'Tilburg', area: '13', pc: [5011, 5049] },
  { name: 'Almere', area: '36', pc: [1311, 1364] },
  { name: 'Breda', area: '76', pc: [4811, 4839] },
  { name: 'Nijmegen', area: '24', pc: [6511, 6546] },
  { name: 'Haarlem', area: '23', pc: [2011, 2037] },
  { name: 'Arnhem', area: '26', pc: [6811, 6846] },
  { name: 'Amersfoort', area: '33', pc: [3811, 3829] },
  { name: 'Zwolle', area: '38', pc: [8011, 8047] },
  { name: 'Leiden', area: '71', pc: [2311, 2334] },
  { name: 'Maastricht', area: '43', pc: [6211, 6229] },
  { name: 'Dordrecht', area: '78', pc: [3311, 3329] },
  { name: 'Zoetermeer', area: '79', pc: [2711, 2729] },
  { name: 'Enschede', area: '53', pc: [7511, 7548] },
  { name: 'Apeldoorn', area: '55', pc: [7311, 7336] },
  { name: 'Leeuwarden', area: '58', pc: [8911, 8939] },
  { name: "'s-Hertogenbosch", area: '73', pc: [5211, 5249] },
  { name: 'Alkmaar', area: '72', pc: [1811, 1834] },
  { name: 'Delft', area: '15', pc: [2611, 2629] },
  { name: 'Hilversum', area: '35', pc: [1211, 1223] },
  { name: 'Venlo', area: '77', pc: [5911, 5928] },
  { name: 'Zaandam', area: '75', pc: [1501, 1509] },
  { name: 'Deventer', area: '570', pc: [7411, 7431] },
  { name: 'Gouda', area: '182', pc: [2801, 2809] },
  { name: 'Ede', area: '318', pc: [6711, 6718] },
  { name: 'Lelystad', area: '320', pc: [8211, 8245] },
  { name: 'Emmen', area: '591', pc: [7811, 7833] },
  { name: 'Assen', area: '592', pc: [9401, 9409] },
  { name: 'Hoorn', area: '229', pc: [1621, 1628] },
  { name: 'Middelburg', area: '118', pc: [4331, 4339] },
  { name: 'Goes', area: '113', pc: [4461, 4465] },
  { name: 'Roosendaal', area: '165', pc: [4701, 4709] },
  { name: 'Heerenveen', area: '513', pc: [8441, 8448] },
  { name: 'Purmerend', area: '299', pc: [1441, 1448] },
  { name: 'Harderwijk', area: '341', pc: [3841, 3848] },
  { name: 'Doetinchem', area: '314', pc: [7001, 7009] },
  { name: 'Oss', area: '412', pc: [5341, 5349] },
  { name: 'Roermond', area: '475', pc: [6041, 6046] },
  { name: 'Helmond', area: '492', pc: [5701, 5709] },
  { name: 'Almelo', area: '546', pc: [7601, 7611] },
];

const STREETS = [
  'Dorpsstraat',
  'Kerkstraat',
  'Hoofdstraat',
  'Molenweg',
  'Stationsweg',
  'Schoolstraat',
  'Nieuwstraat',
  'Marktplein',
  'Industrieweg',
  'Julianalaan',
  'Beatrixstraat',
  'Wilhelminastraat',
  'Prins Bernhardlaan',
  'Kanaalweg',
  'Havenstraat',
  'Parallelweg',
  'Eikenlaan',
  'Lindenlaan',
  'Beukenlaan',
  'Berkenlaan',
  'Kastanjelaan',
  'Sportlaan',
  'Raadhuisplein',
  'Herengracht',
  'Keizersgracht',
  'Oude Gracht',
  'Zuidsingel',
  'Noordkade',
  'Westerstraat',
  'Oosterweg',
  'Ambachtsweg',
  'Nijverheidsweg',
  'Energieweg',
  'Handelsweg',
  'Edisonstraat',
  'Koningin Emmaplein',
  'Van Goghlaan',
  'Rembrandtstraat',
  'Vondelstraat',
  'Bilderdijkstraat',
  'Generaal Foulkesweg',
  'Burgemeester de Withstraat',
] as const;

const MALE = [
  'Jan',
  'Pieter',
  'Kees',
  'Henk',
  'Willem',
  'Johan',
  'Gerard',
  'Marco',
  'Sander',
  'Bas',
  'Daan',
  'Thijs',
  'Ruud',
  'Erik',
  'Mark',
  'Joost',
  'Jeroen',
  'Mohamed',
  'Ahmed',
  'Youssef',
  'Rik',
  'Stefan',
  'Niels',
  'Martijn',
  'Bram',
  'Frank',
  'Hans',
  'Wouter',
  'Dennis',
  'Koen',
] as const;
const FEMALE = [
  'Anna',
  'Maria',
  'Sanne',
  'Anouk',
  'Lotte',
  'Emma',
  'Femke',
  'Ingrid',
  'Petra',
  'Marieke',
  'Esther',
  'Linda',
  'Ilse',
  'Fatima',
  'Noor',
  'Eva',
  'Sophie',
  'Judith',
  'Annemiek',
  'Karin',
  'Monique',
  'Saskia',
  'Wendy',
  'Marloes',
  'Yvonne',
  'Mirjam',
  'Hanneke',
  'Priya',
  'Daphne',
  'Nicole',
] as const;
// Second given names for initials like "J.P.".
const EXTRA_INITIALS = ['A', 'C', 'E', 'G', 'H', 'J', 'L', 'M', 'P', 'W'] as const;

const PREFIXES = [
  '',
  '',
  '',
  '',
  '',
  'van',
  'van der',
  'de',
  'van den',
  'van de',
  'ter',
  "van 't",
  'den',
  'te',
] as const;
const LAST_NAMES = [
  'Jong',
  'Jansen',
  'Vries',
  'Berg',
  'Dijk',
  'Bakker',
  'Janssen',
  'Visser',
  'Smit',
  'Meijer',
  'Boer',
  'Mulder',
  'Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'Leeuwen',
  'Dekker',
  'Brouwer',
  'Wit',
  'Dijkstra',
  'Smits',
  'Graaf',
  'Meer',
  'Linden',
  'Kok',
  'Jacobs',
  'Haan',
  'Vermeulen',
  'Heuvel',
  'Veen',
  'Broek',
  'Bruijn',
  'Beek',
  'Willems',
  'Hoekstra',
  'Koster',
  'Prins',
  'Huisman',
  'Kuipers',
  'Schouten',
  'Postma',
  'Wouters',
  'Maas',
  'Verhoeven',
  'Boersma',
  'El Amrani',
  'Yilmaz',
  'Bakkali',
  'Nguyen',
  'Kramer',
  'Timmermans',
  'Sanders',
  'Steenbergen',
] as const;

const TRADES = [
  'Bakkerij',
  'Slagerij',
  'Transportbedrijf',
  'Installatiebedrijf',
  'Bouwbedrijf',
  'Schildersbedrijf',
  'Garage',
  'Autobedrijf',
  'Kapsalon',
  'Fysiotherapie',
  'Tandartspraktijk',
  'Administratiekantoor',
  'Adviesbureau',
  'Hoveniersbedrijf',
  'Loodgietersbedrijf',
  'Dakdekkersbedrijf',
  'Timmerbedrijf',
  'Cafetaria',
  'Restaurant',
  'Eetcafé',
  'Bloemenhandel',
  'Rijwielhandel',
  'Elektrotechniek',
  'Metaalbewerking',
  'Schoonmaakbedrijf',
  'Makelaardij',
  'Architectenbureau',
  'Drukkerij',
  'Kinderopvang',
  'Dierenkliniek',
  'Loonbedrijf',
  'Melkveebedrijf',
  'Kwekerij',
  'IJssalon',
  'Koffiebranderij',
  'Reclamebureau',
  'Vertaalbureau',
  'Fietsenmaker',
] as const;
const FANCY = [
  'Noorderlicht',
  'De Eendracht',
  'Zonnehoek',
  'Het Anker',
  'De Molen',
  'Polderzicht',
  'Kroon',
  'Westland',
  'Delta',
  'Duinzicht',
  'De Linde',
  'Oranje',
  'Horizon',
  'Vlieland',
  'Rivierenland',
  'De Hoeve',
  'Koploper',
  'Vakwerk',
] as const;
const SUFFIX_TRADES = [
  'Installatietechniek',
  'Techniek',
  'Advies',
  'Bouw',
  'Logistiek',
  'Groep',
  'Beheer',
  'Vastgoed',
  'Consultancy',
  'Media',
  'Projecten',
  'Handelsonderneming',
  'Zorg',
  'Design',
  'Services',
  'ICT',
] as const;

const MOBILE_STYLES = 7;
const LANDLINE_STYLES = 9;

/** Formats a national number (area code without trunk 0, subscriber digits) the way a person might type it. */
export function formatPhoneAsTyped(rng: Rng, area: string, subscriber: string): string {
  const national = `0${area}${subscriber}`;
  if (area === '6') {
    const s = subscriber;
    switch (rng.int(0, MOBILE_STYLES - 1)) {
      case 0:
        return `06 ${s}`;
      case 1:
        return `06-${s}`;
      case 2:
        return `+31 6 ${s}`;
      case 3:
        return `+316${s}`;
      case 4:
        return national;
      case 5:
        return `06 ${s.slice(0, 4)} ${s.slice(4)}`;
      default:
        return `06-${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`;
    }
  }
  const grouped = subscriber.length === 7 ? `${subscriber.slice(0, 3)} ${subscriber.slice(3)}` : subscriber;
  const pairs =
    subscriber.length === 7
      ? `${subscriber.slice(0, 3)} ${subscriber.slice(3, 5)} ${subscriber.slice(5)}`
      : `${subscriber.slice(0, 2)} ${subscriber.slice(2, 4)} ${subscriber.slice(4)}`;
  switch (rng.int(0, LANDLINE_STYLES - 1)) {
    case 0:
      return `0${area}-${subscriber}`;
    case 1:
      return `0${area} ${grouped}`;
    case 2:
      return `+31 (0)${area} ${pairs}`;
    case 3:
      return `0031${area}${subscriber}`;
    case 4:
      return `+31 ${area} ${grouped}`;
    case 5:
      return `0${area} - ${pairs}`;
    case 6:
      return `(0${area}) ${subscriber}`;
    case 7:
      return `+31${area}${subscriber}`;
    default:
      return national;
  }
}

/** A subscriber number for an area code: 7 digits after a 2-digit area, 6 after a 3-digit one; never starts 0/1. */
function subscriberFor(rng: Rng, area: string): string {
  const length = 9 - area.length;
  let s = String(rng.int(2, 9));
  while (s.length < length) s += String(rng.int(0, 9));
  return s;
}

function mobileSubscriber(rng: Rng): string {
  // 06-1 … 06-5 are the mobile blocks in use; 066 is pagers, so avoid it.
  let s = String(rng.int(1, 5));
  while (s.length < 8) s += String(rng.int(0, 9));
  return s;
}

/** Computes the mod-11 check digit for the first 8 digits of a BTW-id (weights 9..2); null when it would be 10. */
function vatCheckDigit(first8: string): number | null {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(first8[i]) * (9 - i);
  const check = sum % 11;
  return check === 10 ? null : check;
}

/**
 * True for a syntactically valid Dutch BTW-id: `NL` + 9 digits + `B` + 2 digits, passing either the classic mod-11
 * check (legal entities) or the mod-97 check used for sole proprietors' numbers since 2020. Spaces and dots are ignored.
 */
export function isValidDutchVat(vat: string): boolean {
  const v = vat.replace(/[\s.]/g, '').toUpperCase();
  const m = /^NL(\d{9})B(\d{2})$/.exec(v);
  if (m === null) return false;
  const digits = m[1] ?? '';
  if (/^0+$/.test(digits)) return false;
  if (vatCheckDigit(digits.slice(0, 8)) === Number(digits[8])) return true;
  // mod-97 over "NL" + number with N=23, L=21, B=11 (ISO 7064), as for IBAN.
  const numeric = `2321${digits}11${m[2] ?? ''}`;
  let rem = 0;
  for (const ch of numeric) rem = (rem * 10 + Number(ch)) % 97;
  return rem === 1;
}

/** True for a KvK number: exactly 8 digits, not all zero (no checksum since 2008-era numbers are not 11-proof). */
export function isValidKvk(kvk: string): boolean {
  return /^\d{8}$/.test(kvk) && kvk !== '00000000';
}

/** Generates a BTW-id with a valid mod-11 checksum. */
export function generateVat(rng: Rng): string {
  for (;;) {
    let first8 = String(rng.int(1, 9));
    while (first8.length < 8) first8 += String(rng.int(0, 9));
    const check = vatCheckDigit(first8);
    if (check !== null) return `NL${first8}${String(check)}B${String(rng.pick([1, 1, 1, 2, 3])).padStart(2, '0')}`;
  }
}

/** Generates an 8-digit KvK number. */
export function generateKvk(rng: Rng): string {
  let s = String(rng.int(1, 9));
  while (s.length < 8) s += String(rng.int(0, 9));
  return s;
}

const PC_LETTERS = 'ABCDEFGHJKLMNPRSTVWXZ'.split('');
function postcode(rng: Rng, city: City): string {
  const digits = String(rng.int(city.pc[0], city.pc[1]));
  let letters = '';
  // SA, SD and SS are never issued.
  do letters = rng.pick(PC_LETTERS) + rng.pick(PC_LETTERS);
  while (letters === 'SA' || letters === 'SD' || letters === 'SS');
  const style = rng.next();
  if (style < 0.75) return `${digits} ${letters}`;
  if (style < 0.9) return `${digits}${letters}`;
  if (style < 0.97) return `${digits}${letters.toLowerCase()}`;
  return `${digits} ${letters.toLowerCase()}`;
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, 'en')
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 30);
}

function capitalise(word: string): string {
  return word.length === 0 ? word : (word[0] ?? '').toUpperCase() + word.slice(1);
}

function companyName(rng: Rng, person: { prefix: string; lastName: string; initial: string }): string {
  const surname = person.prefix === '' ? person.lastName : `${capitalise(person.prefix)} ${person.lastName}`;
  const form = rng.pick(['B.V.', 'B.V.', 'B.V.', 'BV', 'V.O.F.', 'VOF', '', '', 'Holding B.V.', 'C.V.'] as const);
  const withForm = (base: string): string => (form === '' ? base : `${base} ${form}`);
  switch (rng.int(0, 6)) {
    case 0:
      return withForm(`${rng.pick(TRADES)} ${surname}`);
    case 1:
      return withForm(`${surname} ${rng.pick(SUFFIX_TRADES)}`);
    case 2:
      return withForm(`${rng.pick(TRADES)} ${rng.pick(FANCY)}`);
    case 3:
      return `${surname} & Zn. ${rng.pick(['V.O.F.', 'B.V.'] as const)}`;
    case 4:
      return `Holding ${person.initial}. ${person.prefix === '' ? '' : `${person.prefix} `}${person.lastName} B.V.`;
    case 5:
      // Eenmanszaak: no legal form in the name; after an initial the prefix stays lower case ("A. de Vries").
      return `${rng.pick(TRADES)} ${person.initial}. ${person.prefix === '' ? '' : `${person.prefix} `}${person.lastName}`;
    default:
      return withForm(`${rng.pick(FANCY)} ${rng.pick(SUFFIX_TRADES)}`);
  }
}

function contactFor(rng: Rng, domain: string, area: string): FakeContact & { initial: string } {
  const gender = rng.chance(0.5) ? 'Male' : 'Female';
  const firstName = gender === 'Male' ? rng.pick(MALE) : rng.pick(FEMALE);
  const initial = firstName[0] ?? 'J';
  const initials = rng.chance(0.35) ? `${initial}.${rng.pick(EXTRA_INITIALS)}.` : `${initial}.`;
  const prefix = rng.pick(PREFIXES);
  const lastName = rng.pick(LAST_NAMES);
  const local = rng.pick([
    slug(firstName),
    `${slug(firstName)}.${slug(prefix + lastName)}`,
    `${slug(initial)}.${slug(lastName)}`,
    `${slug(initial)}${slug(prefix + lastName)}`,
  ]);
  return {
    firstName,
    initial,
    initials,
    prefix,
    lastName,
    gender: rng.chance(0.03) ? 'Unknown' : gender,
    phone: formatPhoneAsTyped(rng, area, subscriberFor(rng, area)),
    mobile: formatPhoneAsTyped(rng, '6', mobileSubscriber(rng)),
    email: `${local}@${domain}`,
  };
}

/**
 * Generates company number `index` for `seed`. Depends only on (seed, index), so any slice of a 100,000-company set
 * can be built lazily and in any order.
 */
export function generateCompany(seed: number, index: number): FakeCompany {
  const rng = createRng(mixSeed(seed, index));
  const city = rng.pick(CITIES);
  const ownerFirst = rng.chance(0.5) ? rng.pick(MALE) : rng.pick(FEMALE);
  const owner = { prefix: rng.pick(PREFIXES), lastName: rng.pick(LAST_NAMES), initial: ownerFirst[0] ?? 'J' };
  const name = companyName(rng, owner);
  const base = slug(name.replace(/\b(B\.?V\.?|V\.?O\.?F\.?|C\.V\.|Holding|Zn\.)/g, '')) || `bedrijf${String(index)}`;
  const domain = `${base}.nl`;
  const contact = contactFor(rng, domain, city.area);
  const { initial: _initial, ...contactOut } = contact;
  const house = String(rng.int(1, 250));
  const addition = rng.chance(0.15) ? rng.pick(['a', 'A', 'b', '-2', ' bis', ' 1hg', '-III']) : '';
  return {
    name,
    kvk: generateKvk(rng),
    vat: generateVat(rng),
    street: rng.pick(STREETS),
    houseNumber: house + addition,
    postcode: postcode(rng, city),
    city: city.name,
    country: 'NL',
    phone: formatPhoneAsTyped(rng, city.area, subscriberFor(rng, city.area)),
    email: rng.pick([`info@${domain}`, `info@${domain}`, `administratie@${domain}`, `${base}@gmail.com`]),
    website: rng.pick([`https://www.${domain}`, `www.${domain}`, `http://${domain}`, `https://${domain}/`]),
    contact: contactOut,
  };
}
