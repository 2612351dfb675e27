/**
 * The audit trail in words, Dutch and English: the CSV export is written by the server, so the words it needs live
 * here where the server and the web both import them (the web words reason codes with {@link auditReasonText}).
 */
import type { ConnectorErrorCode } from '../core/connector.js';
import type { SyncField } from '../core/sync/fields.js';
import type { AuditAction, AuditReasonCode } from './audit.contract.js';

export const auditLanguages = ['nl', 'en'] as const;
export type AuditLanguage = (typeof auditLanguages)[number];

export const auditCsvColumns = [
  'at',
  'action',
  'actor',
  'administration',
  'field',
  'oldValue',
  'newValue',
  'reason',
  'note',
  'changeId',
] as const;
export type AuditCsvColumn = (typeof auditCsvColumns)[number];

type Words = {
  readonly columns: Readonly<Record<AuditCsvColumn, string>>;
  readonly actions: Readonly<Record<AuditAction, string>>;
  readonly fields: Readonly<Record<SyncField, string>>;
  /** With `{{param}}` placeholders for the reason's parameters. */
  readonly reasons: Readonly<Record<AuditReasonCode, string>>;
  /** Parameter values that are codes themselves (approval modes, write modes, invalid-value reasons). */
  readonly values: Readonly<Record<string, string>>;
  /** Why a write to the portal failed (the `errorCode` parameter), in words: the code, never crmhub's English message. */
  readonly writeFailures: Readonly<Record<ConnectorErrorCode, string>>;
  readonly system: string;
  readonly empty: string;
};

export const auditWords: Readonly<Record<AuditLanguage, Words>> = {
  nl: {
    columns: {
      at: 'Tijdstip (Nederlandse tijd)',
      action: 'Actie',
      actor: 'Wie',
      administration: 'Administratie',
      field: 'Veld',
      oldValue: 'Oude waarde',
      newValue: 'Nieuwe waarde',
      reason: 'Reden',
      note: 'Toelichting',
      changeId: 'Wijziging-id',
    },
    actions: {
      change_detected: 'Wijziging gevonden',
      change_held: 'Vastgehouden voor goedkeuring',
      change_auto_approved: 'Automatisch goedgekeurd',
      change_approved: 'Goedgekeurd',
      change_rejected: 'Afgewezen',
      change_applied: 'Doorgevoerd in het portaal',
      change_conflicted: 'Conflict',
      change_failed: 'Mislukt',
      change_withdrawn: 'Ingetrokken',
      change_retry_scheduled: 'Nieuwe poging gepland',
      source_deleted: 'Verwijderd in het CRM',
      source_merged: 'Samengevoegd in het CRM',
      policy_changed: 'Goedkeuringsinstelling gewijzigd',
      crm_connected: 'CRM gekoppeld',
      crm_changed: 'CRM-koppeling gewijzigd',
      crm_disconnected: 'CRM ontkoppeld',
      portal_connected: 'Portaal gekoppeld',
      portal_disconnected: 'Portaal ontkoppeld',
      administration_linked: 'Administratie gekoppeld',
      administration_unlinked: 'Administratie ontkoppeld',
      user_domains_changed: 'Toegang tot domeinen gewijzigd',
      user_deactivated: 'Gebruiker gedeactiveerd',
      user_reactivated: 'Gebruiker weer geactiveerd',
      user_role_changed: 'Rol gewijzigd',
      user_deleted: 'Gebruiker verwijderd',
      user_password_reset: 'Tijdelijk wachtwoord uitgegeven',
      sso_settings_changed: 'Single sign-on-instellingen gewijzigd',
      yuki_task_created: 'Taak "doorvoeren in Yuki" aangemaakt (begeleid)',
      yuki_task_verified: 'Gecontroleerd in Yuki (begeleid)',
      yuki_task_done: 'Door iemand gemarkeerd als doorgevoerd in Yuki (begeleid)',
      yuki_task_mismatch: 'Yuki toont een andere waarde (begeleid)',
      write_mode_changed: 'Schrijfwijze gewijzigd',
      intake_source_added: 'Intakebron toegevoegd',
      intake_credentials_rotated: 'Intakesleutels vernieuwd',
      intake_source_removed: 'Intakebron verwijderd',
      intake_batch_received: 'Intakebatch ontvangen',
    },
    fields: {
      companyName: 'Bedrijfsnaam',
      kvk: 'KvK-nummer',
      vat: 'Btw-nummer',
      contactFirstName: 'Contactpersoon: voornaam',
      contactInitials: 'Contactpersoon: voorletters',
      contactPrefix: 'Contactpersoon: tussenvoegsel',
      contactLastName: 'Contactpersoon: achternaam',
      visitingStreet: 'Bezoekadres: straat en huisnummer',
      visitingPostcode: 'Bezoekadres: postcode',
      visitingCity: 'Bezoekadres: plaats',
      visitingCountry: 'Bezoekadres: land',
      postalStreet: 'Postadres: straat en huisnummer',
      postalPostcode: 'Postadres: postcode',
      postalCity: 'Postadres: plaats',
      postalCountry: 'Postadres: land',
      phone: 'Telefoonnummer',
      email: 'E-mailadres',
    },
    reasons: {
      held_by_policy: 'Vastgehouden door de goedkeuringsinstelling',
      held_invalid: 'Vastgehouden: ongeldige waarde ({{invalidReason}})',
      held_clear: 'Vastgehouden: het CRM heeft geen waarde meer; goedkeuren maakt het veld leeg in Yuki',
      auto_approved_by_policy: 'Automatisch goedgekeurd volgens de goedkeuringsinstelling',
      crm_reverted: 'Het CRM is teruggegaan naar de gesynchroniseerde waarde',
      clear_withdrawn_by_upgrade: 'Ingetrokken bij de update: voorstel om een veld leeg te maken dat het CRM nooit had',
      linked: 'Gekoppeld aan CRM-organisatie {{crmName}} ({{mode}})',
      source_deleted:
        'CRM-organisatie {{crmExternalId}} is verwijderd of samengevoegd in het CRM; er is niets gewijzigd in het portaal',
      write_failed: 'Schrijven mislukt: {{errorCode}}',
      retry_scheduled: 'Schrijven mislukt, nieuwe poging op {{nextAttemptAt}}: {{errorCode}}',
      portal_already_had_value: 'Het portaal had deze waarde al',
      portal_value_changed: 'De waarde in het portaal is sinds het vinden gewijzigd in {{portalValue}}',
    },
    values: {
      automatic: 'automatisch',
      manual: 'handmatig',
      assisted: 'begeleid',
      // Why a value was held as invalid (held_invalid's invalidReason), for every field kind.
      empty: 'leeg',
      not_digits: 'niet alleen cijfers',
      too_short: 'te kort',
      too_long: 'te lang',
      branch_number: 'vestigingsnummer in plaats van KvK-nummer',
      all_zeros: 'alleen nullen',
      not_dutch: 'niet Nederlands',
      wrong_format: 'verkeerde opmaak',
      checksum: 'controlecijfer klopt niet',
      missing_letters: 'letters ontbreken',
      leading_zero: 'begint met 0',
      reserved_letters: 'letters die nooit gebruikt worden',
      multiple_addresses: 'meer dan één adres',
      contains_spaces: 'bevat spaties',
      missing_at: '@ ontbreekt',
      multiple_at: 'meer dan één @',
      invalid_local_part: 'ongeldig deel vóór de @',
      invalid_domain: 'ongeldig domein',
      not_a_number: 'geen telefoonnummer',
      unknown_country_code: 'onbekende landcode',
      invalid_length: 'verkeerd aantal cijfers',
      not_valid: 'nummer bestaat niet',
      extension: 'intern toestelnummer',
      withheld: 'afgeschermd of leeg',
    },
    writeFailures: {
      auth_invalid: 'het portaal weigerde de inloggegevens van crmhub',
      auth_expired: 'het portaal accepteert de toestemming van crmhub niet meer',
      forbidden: 'het portaal gaf geen toegang',
      rate_limited: 'het portaal vroeg om minder aanvragen',
      quota_exhausted: 'het dagelijkse aantal aanroepen was op',
      transient: 'het portaal was tijdelijk niet beschikbaar',
      not_found: 'het portaal kent de administratie niet',
      rejected: 'het portaal weigerde de waarde',
      unsupported: 'het portaal ondersteunt deze aanvraag niet',
      unknown: 'onbekende fout',
    },
    system: 'crmhub (automatisch)',
    empty: '(leeg)',
  },
  en: {
    columns: {
      at: 'Time (Dutch time)',
      action: 'Action',
      actor: 'Who',
      administration: 'Administration',
      field: 'Field',
      oldValue: 'Old value',
      newValue: 'New value',
      reason: 'Reason',
      note: 'Note',
      changeId: 'Change id',
    },
    actions: {
      change_detected: 'Change detected',
      change_held: 'Held for approval',
      change_auto_approved: 'Approved automatically',
      change_approved: 'Approved',
      change_rejected: 'Rejected',
      change_applied: 'Applied to the portal',
      change_conflicted: 'Conflict',
      change_failed: 'Failed',
      change_withdrawn: 'Withdrawn',
      change_retry_scheduled: 'Retry scheduled',
      source_deleted: 'Deleted in the CRM',
      source_merged: 'Merged in the CRM',
      policy_changed: 'Approval setting changed',
      crm_connected: 'CRM connected',
      crm_changed: 'CRM connection changed',
      crm_disconnected: 'CRM disconnected',
      portal_connected: 'Portal connected',
      portal_disconnected: 'Portal disconnected',
      administration_linked: 'Administration linked',
      administration_unlinked: 'Administration unlinked',
      user_domains_changed: 'Domain access changed',
      user_deactivated: 'User deactivated',
      user_reactivated: 'User reactivated',
      user_role_changed: 'Role changed',
      user_deleted: 'User deleted',
      user_password_reset: 'Temporary password issued',
      sso_settings_changed: 'Single sign-on settings changed',
      yuki_task_created: '"Apply in Yuki" task created (assisted)',
      yuki_task_verified: 'Verified in Yuki (assisted)',
      yuki_task_done: 'Marked done in Yuki by a person (assisted)',
      yuki_task_mismatch: 'Yuki shows another value (assisted)',
      write_mode_changed: 'Write mode changed',
      intake_source_added: 'Intake source added',
      intake_credentials_rotated: 'Intake credentials rotated',
      intake_source_removed: 'Intake source removed',
      intake_batch_received: 'Intake batch received',
    },
    fields: {
      companyName: 'Company name',
      kvk: 'KvK number',
      vat: 'VAT number',
      contactFirstName: 'Contact person: first name',
      contactInitials: 'Contact person: initials',
      contactPrefix: 'Contact person: prefix',
      contactLastName: 'Contact person: last name',
      visitingStreet: 'Visiting address: street and number',
      visitingPostcode: 'Visiting address: postcode',
      visitingCity: 'Visiting address: city',
      visitingCountry: 'Visiting address: country',
      postalStreet: 'Postal address: street and number',
      postalPostcode: 'Postal address: postcode',
      postalCity: 'Postal address: city',
      postalCountry: 'Postal address: country',
      phone: 'Phone number',
      email: 'Email address',
    },
    reasons: {
      held_by_policy: 'Held by the approval setting',
      held_invalid: 'Held: invalid value ({{invalidReason}})',
      held_clear: 'Held: the CRM no longer holds a value; approving empties the field in Yuki',
      auto_approved_by_policy: 'Approved automatically by the approval setting',
      crm_reverted: 'The CRM went back to the synchronised value',
      clear_withdrawn_by_upgrade: 'Withdrawn by the upgrade: a proposal to empty a field the CRM never held',
      linked: 'Linked to CRM organisation {{crmName}} ({{mode}})',
      source_deleted:
        'CRM organisation {{crmExternalId}} was deleted or merged in the CRM; nothing was changed in the portal',
      write_failed: 'Writing failed: {{errorCode}}',
      retry_scheduled: 'Writing failed, next attempt at {{nextAttemptAt}}: {{errorCode}}',
      portal_already_had_value: 'The portal already had this value',
      portal_value_changed: 'The portal value changed to {{portalValue}} since detection',
    },
    values: {
      automatic: 'automatic',
      manual: 'manual',
      assisted: 'assisted',
      // Why a value was held as invalid (held_invalid's invalidReason), for every field kind.
      empty: 'empty',
      not_digits: 'not only digits',
      too_short: 'too short',
      too_long: 'too long',
      branch_number: 'branch number instead of KvK number',
      all_zeros: 'all zeros',
      not_dutch: 'not Dutch',
      wrong_format: 'wrong format',
      checksum: 'check digit does not match',
      missing_letters: 'letters missing',
      leading_zero: 'starts with 0',
      reserved_letters: 'letters never used',
      multiple_addresses: 'more than one address',
      contains_spaces: 'contains spaces',
      missing_at: '@ missing',
      multiple_at: 'more than one @',
      invalid_local_part: 'invalid part before the @',
      invalid_domain: 'invalid domain',
      not_a_number: 'not a phone number',
      unknown_country_code: 'unknown country code',
      invalid_length: 'wrong number of digits',
      not_valid: 'number does not exist',
      extension: 'internal extension',
      withheld: 'withheld or empty',
    },
    writeFailures: {
      auth_invalid: "the portal refused crmhub's credentials",
      auth_expired: "the portal no longer accepts crmhub's authorization",
      forbidden: 'the portal denied access',
      rate_limited: 'the portal asked for fewer requests',
      quota_exhausted: 'the daily number of calls was used up',
      transient: 'the portal was temporarily unavailable',
      not_found: 'the portal does not know the administration',
      rejected: 'the portal refused the value',
      unsupported: 'the portal does not support this request',
      unknown: 'unknown error',
    },
    system: 'crmhub (automatic)',
    empty: '(empty)',
  },
};

/** A reason code with its parameters in words; an unknown code (from a newer version) is shown as it is. */
export function auditReasonText(
  language: AuditLanguage,
  code: string,
  params: Readonly<Record<string, string | null>>,
): string {
  const words = auditWords[language];
  const template = (words.reasons as Readonly<Record<string, string>>)[code];
  if (template === undefined) return code;
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) return words.empty;
    if (name === 'errorCode') return (words.writeFailures as Readonly<Record<string, string>>)[value] ?? value;
    if (name === 'nextAttemptAt') return localTime(language, value);
    return words.values[value] ?? value;
  });
}

/** A stored ISO time as the firm reads it: Amsterdam time, in the reader's language; anything else as it is. */
function localTime(language: AuditLanguage, iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const locale = language === 'nl' ? 'nl-NL' : 'en-GB';
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  }).format(at);
}
