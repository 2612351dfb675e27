/**
 * Column presets for the CRMs that export files. [I] Every column name is assumed: no vendor documents its export
 * layout (docs/external-systems/radar-advisor-clientonline.md#file-export-presets). Each preset tells the user to check
 * it against their own export, and columns a preset does not name fall back to the generic header suggestions.
 */
import type { ColumnMapping } from './headers.js';

export const intakePresetIds = ['radar', 'visma_advisor', 'clientonline'] as const;
export type IntakePresetId = (typeof intakePresetIds)[number];

export type IntakePreset = {
  readonly id: IntakePresetId;
  /** The export the preset expects, as the set-up steps describe it. */
  readonly export: string;
  readonly columns: ColumnMapping;
  /** Always true: the UI shows "check against your own export". */
  readonly checkAgainstYourExport: true;
  /** Whether the vendor documents these column names (none does as of December 2026). */
  readonly columnsDocumented: false;
};

export const intakePresets: Readonly<Record<IntakePresetId, IntakePreset>> = {
  radar: {
    id: 'radar',
    export: 'Radar360 Excel export of relations (Relaties → Exporteren)',
    columns: {
      Relatienummer: 'externalId',
      Naam: 'companyName',
      'KvK-nummer': 'kvk',
      'BTW-nummer': 'vat',
      Contactpersoon: 'contactName',
      Bezoekadres: 'visitingStreet',
      Postcode: 'visitingPostcode',
      Plaats: 'visitingCity',
      Land: 'visitingCountry',
      Postadres: 'postalStreet',
      'Postcode postadres': 'postalPostcode',
      'Plaats postadres': 'postalCity',
      Telefoon: 'phone',
      'E-mail': 'email',
      'Gewijzigd op': 'updatedAt',
      Actief: 'active',
    },
    checkAgainstYourExport: true,
    columnsDocumented: false,
  },
  visma_advisor: {
    id: 'visma_advisor',
    export: 'Visma Advisor client list exported to Excel',
    columns: {
      Klantnummer: 'externalId',
      Klantnaam: 'companyName',
      'KvK-nummer': 'kvk',
      'Btw-nummer': 'vat',
      Voorletters: 'contactInitials',
      Tussenvoegsel: 'contactPrefix',
      Achternaam: 'contactLastName',
      Adres: 'visitingStreet',
      Postcode: 'visitingPostcode',
      Woonplaats: 'visitingCity',
      Land: 'visitingCountry',
      Telefoonnummer: 'phone',
      'E-mailadres': 'email',
      Status: 'active',
    },
    checkAgainstYourExport: true,
    columnsDocumented: false,
  },
  clientonline: {
    id: 'clientonline',
    export: 'ClientOnline client export in the layout of its Excel/CSV client import template',
    columns: {
      Klantnummer: 'externalId',
      Bedrijfsnaam: 'companyName',
      KvK: 'kvk',
      BTW: 'vat',
      Contactpersoon: 'contactName',
      Straat: 'visitingStreet',
      Huisnummer: 'visitingHouseNumber',
      Toevoeging: 'visitingHouseNumberSuffix',
      Postcode: 'visitingPostcode',
      Plaats: 'visitingCity',
      Telefoon: 'phone',
      Email: 'email',
    },
    checkAgainstYourExport: true,
    columnsDocumented: false,
  },
};
