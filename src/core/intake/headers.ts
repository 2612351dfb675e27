/** Column headers → mapping targets: Dutch and English names, compared without case, spaces, accents or punctuation. */
import type { ColumnTarget, IntakeTarget } from './file-record.js';

/** `E-mail adres ` → `emailadres`: lower case, accents and everything but letters and digits removed. */
export function headerKey(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

const words = (list: string): readonly string[] => list.split(' ');

/** Known header names per target, already in {@link headerKey} form. Order within a list does not matter. */
const SYNONYMS: Readonly<Record<IntakeTarget, readonly string[]>> = {
  externalId: words(
    'relatienummer relatienr relatiecode relatieid klantnummer klantnr klantcode klantid clientnummer clientnr debiteurnummer debiteurnr debiteurcode id externalid externid relationnumber relationid customernumber customerid clientnumber clientid accountnumber',
  ),
  companyName: words(
    'bedrijfsnaam naam organisatie organisatienaam relatienaam klantnaam clientnaam debiteurnaam handelsnaam statutairenaam firma firmanaam companyname company name organisation organization organisationname organizationname accountname tradename',
  ),
  kvk: words(
    'kvk kvknummer kvknr kvkno kvknumber kamervankoophandel kamervankoophandelnummer handelsregisternummer kvkregistratienummer coc cocnumber chamberofcommerce chamberofcommercenumber',
  ),
  vat: words(
    'btw btwnummer btwnr btwid btwidnummer btwidentificatienummer omzetbelastingnummer vat vatnumber vatno vatid vatidnumber',
  ),
  contactFirstName: words('voornaam roepnaam contactvoornaam firstname givenname contactfirstname'),
  contactInitials: words('voorletters initialen contactvoorletters initials contactinitials'),
  contactPrefix: words('tussenvoegsel tussenvoegsels contacttussenvoegsel prefix infix contactprefix'),
  contactLastName: words('achternaam familienaam contactachternaam lastname surname familyname contactlastname'),
  contactName: words(
    'contactpersoon contact contactpersoonnaam naamcontactpersoon contactperson contactname contactpersonname',
  ),
  contactEmail: words('emailcontactpersoon contactpersoonemail contactemail emailcontact contactpersonemail'),
  contactPhone: words(
    'telefooncontactpersoon contactpersoontelefoon contacttelefoon mobielcontactpersoon contactpersoonmobiel contactphone contactmobile contactpersonphone',
  ),
  visitingStreet: words(
    'adres straat straatnaam bezoekadres bezoekstraat vestigingsadres adresregel1 address street streetaddress visitingaddress addressline1 bezoekadresstraat',
  ),
  visitingHouseNumber: words('huisnummer huisnr bezoekhuisnummer housenumber streetnumber'),
  visitingHouseNumberSuffix: words(
    'toevoeging huisnummertoevoeging huisnrtoevoeging huisnummertoev housenumbersuffix housenumberaddition',
  ),
  visitingPostcode: words('postcode pc bezoekpostcode bezoekadrespostcode postalcode zip zipcode'),
  visitingCity: words('plaats woonplaats vestigingsplaats plaatsnaam stad bezoekplaats bezoekadresplaats city town'),
  visitingCountry: words('land landcode bezoekland bezoekadresland country countrycode'),
  postalStreet: words(
    'postadres correspondentieadres postbus postadresstraat postalstreet postaladdress mailingaddress',
  ),
  postalHouseNumber: words('posthuisnummer postadreshuisnummer correspondentiehuisnummer'),
  postalHouseNumberSuffix: words('posttoevoeging postadrestoevoeging correspondentietoevoeging'),
  postalPostcode: words('postpostcode postadrespostcode correspondentiepostcode postalpostcode mailingpostcode'),
  postalCity: words('postplaats postadresplaats correspondentieplaats postalcity mailingcity'),
  postalCountry: words('postland postadresland correspondentieland postalcountry mailingcountry'),
  phone: words(
    'telefoon telefoonnummer telefoonnr tel telnr telefoonvast vastetelefoon telefoonzakelijk mobiel mobielnummer mobielnummer gsm phone phonenumber telephone mobile mobilephone',
  ),
  email: words('email emailadres mail mailadres emailzakelijk emailaddress'),
  updatedAt: words(
    'gewijzigd gewijzigdop laatstgewijzigd datumgewijzigd wijzigingsdatum datumlaatstewijziging mutatiedatum bijgewerkt bijgewerktop updatedat updated modified modifiedat lastmodified changed changedat lastupdated lastchanged',
  ),
  active: words('actief status relatiestatus klantstatus active isactive'),
};

const BY_KEY: ReadonlyMap<string, IntakeTarget> = new Map(
  (Object.entries(SYNONYMS) as [IntakeTarget, readonly string[]][]).flatMap(([target, keys]) =>
    keys.map((key) => [headerKey(key), target] as const),
  ),
);

/** The target a header name suggests on its own, or null when it is not a name crmhub knows. */
export function targetOfHeader(header: string): IntakeTarget | null {
  return BY_KEY.get(headerKey(header)) ?? null;
}

/** A mapping as saved per source: header as the file names it → where it goes. */
export type ColumnMapping = Readonly<Record<string, ColumnTarget>>;
