// Browser tests of the CRM → Yuki sync UI in Chromium, against the Simplicate and Yuki simulators, in Dutch and English.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createUser } from '../../src/app/use-cases/users.js';
import { amsterdamWallToUtc } from '../../src/core/intake/dates.js';
import { simJson } from '../../src/sims/shared/admin-client.js';
import { startSimplicateSim } from '../../src/sims/simplicate/cli.js';
import { startYukiSim } from '../../src/sims/yuki/cli.js';
import { yukiSimPortalInput } from '../helpers/connections.js';
import { startTestServer } from '../helpers/server.js';
import { apiClient, connectVismaConnectOverHttp } from '../helpers/sync-world.js';
import { bakkerijJansenInYuki } from './clients.js';
import {
  closedPortUrl,
  eventually,
  expectAccessibleLayout,
  expectPath,
  heading,
  launchBrowserSession,
  logInByApi,
  reloadUntilVisible,
  reviewBadge,
  setUpAdmin,
} from './helpers.js';

import type { Locator, Page } from 'playwright-core';
import type { RunningSim } from '../../src/sims/shared/types.js';
import type { TestServer } from '../helpers/server.js';
import type { BrowserSession, Language } from './helpers.js';

const ui = {
  nl: {
    settings: 'Instellingen',
    everyTenMinutes: 'Elke 600 seconden',
    mainNav: 'Hoofdmenu',
    status: 'Status',
    connectCrm: 'Koppelen met CRMHub',
    crmSystem: 'CRM-systeem',
    viaIntake: 'Via de push-API of een bestandsimport: voeg het hieronder toe als intakebron',
    baseUrl: 'Omgevings-URL',
    apiKey: 'API-sleutel',
    apiSecret: 'API-geheim',
    webhookSecret: 'Webhookgeheim (optioneel)',
    pollInterval: 'Ophaalinterval in seconden (optioneel)',
    connect: 'Koppelen',
    save: 'Opslaan',
    edit: 'Wijzigen',
    checkFields: 'Controleer de gemarkeerde velden.',
    apiKeyRequired: 'Vul de API-sleutel in.',
    unreachable: 'De host is niet bereikbaar. Controleer de omgevings-URL.',
    unreachableField: 'Op dit adres antwoordt geen systeem.',
    authInvalid: 'De inloggegevens zijn geweigerd (401). Controleer de API-sleutel en het API-geheim.',
    forbidden: 'De inloggegevens zijn geldig maar hebben geen rechten op de onderdelen die crmhub nodig heeft.',
    systemSaid: 'Het systeem meldde:',
    crmConnected: 'Gekoppeld met Simplicate.',
    everyFiveMinutes: 'Elke 300 seconden',
    webhookSecretSet: 'Er is een ondertekeningsgeheim voor webhooks opgeslagen',
    changeConnection: 'Koppeling wijzigen',
    disconnect: 'Ontkoppelen',
    disconnectTitle: 'CRM ontkoppelen?',
    crmDisconnected: 'Het CRM is ontkoppeld. Geschiedenis en logboek blijven bewaard.',
    policyCurrent: 'Wijzigingen die handmatige goedkeuring nodig hebben:',
    policyAll: 'Alle',
    policyLegal: 'Alleen juridische en btw-gegevens',
    policyNone: 'Geen, alle gegevens bijwerken zonder goedkeuring',
    policySaved: 'De goedkeuringsinstelling is opgeslagen.',
    adminOnly: 'Alleen een portaalbeheerder kan dit wijzigen.',
    connectPortal: 'Portaal koppelen',
    accessKey: 'Toegangssleutel webservices',
    yukiUrl: 'Yuki-adres (optioneel)',
    portalConnected: 'Gekoppeld met Yuki. De domeinen en administraties zijn geïmporteerd.',
    reimport: 'Opnieuw importeren',
    imported: '3 domeinen en 3 administraties geïmporteerd.',
    healthPortal: 'Accountantsportaal: Yuki',
    healthCrm: 'CRM: Simplicate',
    credentialsOk: 'Geldig',
    quotaCaption: 'Webservice-aanroepen vandaag per domein',
    administrations: 'Administraties',
    unlinked: 'Niet gekoppeld',
    linkedManual: 'Gekoppeld, handmatige goedkeuring',
    linkedAutomatic: 'Gekoppeld, automatisch',
    sameKvk: 'zelfde KvK-nummer',
    sameVat: 'zelfde btw-nummer',
    nameMatches: 'naam komt overeen',
    severalMatch: '2 CRM-organisaties komen overeen. Kies de juiste.',
    chooseFirst: 'Kies eerst een CRM-organisatie.',
    noSuggestions: 'Geen CRM-organisatie heeft hetzelfde KvK- of btw-nummer. Zoek op naam.',
    searchLabel: 'CRM-organisaties zoeken op naam',
    search: 'Zoeken',
    crmOrganisation: 'CRM-organisatie',
    manual: 'Handmatige goedkeuring',
    automatic: 'Automatisch',
    preview: 'Toon wat er verandert',
    linkAdministration: 'Administratie koppelen',
    linkedTitle: 'Gekoppelde CRM-organisatie',
    held: 'Wacht op goedkeuring',
    applied: 'Doorgevoerd',
    postcodeMissingLetters: 'De twee letters van de postcode ontbreken.',
    fields: {
      companyName: 'Bedrijfsnaam',
      visitingPostcode: 'Bezoekadres: postcode',
      visitingCity: 'Bezoekadres: plaats',
      phone: 'Telefoonnummer',
      email: 'E-mailadres',
    },
    review: 'Te beoordelen',
    approve: 'Goedkeuren',
    reject: 'Afwijzen',
    editApprove: 'Aanpassen en goedkeuren',
    valueToApprove: 'Goed te keuren waarde',
    approveThisValue: 'Deze waarde goedkeuren',
    valueInvalid: 'Deze waarde is ongeldig:',
    emailSpaces: 'Een e-mailadres mag geen spaties bevatten.',
    keepPortal: 'Waarde in het portaal houden',
    useCrm: 'CRM-waarde doorvoeren',
    writeFailed: 'Schrijven naar het portaal is mislukt: Yuki weigerde wat crmhub stuurde.',
    reason: 'Reden (optioneel)',
    remark: 'Opmerking: De twee letters van de postcode ontbreken.',
    rejected: 'Bezoekadres: postcode afgewezen. Dezelfde waarde wordt niet opnieuw voorgesteld.',
    approvedEdited: 'E-mailadres goedgekeurd met jouw waarde.',
    clear: 'Wordt leeggemaakt in Yuki',
    clearTitle: 'E-mailadres leegmaken in Yuki?',
    clearConfirm: 'Leegmaken in Yuki',
    cancel: 'Annuleren',
    cleared: 'E-mailadres goedgekeurd: het veld wordt leeggemaakt in Yuki.',
    onlyThis: 'Alleen deze administratie tonen',
    approveMatchingTwo: 'Alle 2 wijzigingen van dit filter goedkeuren',
    approveTitle: 'Wijzigingen goedkeuren?',
    confirmApprove: 'Ja, goedkeuren',
    twoInOne: '2 wijzigingen in 1 administratie worden goedgekeurd en doorgevoerd in Yuki.',
    oneInOne: '1 wijziging in 1 administratie wordt goedgekeurd en doorgevoerd in Yuki.',
    clearFilters: 'Filters wissen',
    filters: 'Filters',
    twoApproved: '2 wijzigingen goedgekeurd, 0 overgeslagen.',
    select: 'Selecteren',
    approveSelectedOne: 'Selectie goedkeuren (1)',
    oneApproved: '1 wijziging goedgekeurd, 0 overgeslagen.',
    conflict: 'Conflict',
    historyTwo: 'Geschiedenis (2 bewerkingen)',
    needsAttention: 'Aandacht nodig',
    deletedAlert: (name: string) => `het gekoppelde CRM-record ${name} is verwijderd in het CRM.`,
    checkLink: 'Koppeling controleren',
    deletedOnPage: 'Deze organisatie is verwijderd in het CRM.',
    sourceDeleted: 'Verwijderd in het CRM',
    unlink: 'Ontkoppelen',
    unlinkTitle: 'Deze administratie ontkoppelen?',
    linkWizardTitle: 'Koppelen aan een CRM-organisatie',
    saveMode: 'Goedkeuring opslaan',
    modeSaved: 'De goedkeuring voor deze administratie is opgeslagen.',
    synchronised: 'Laatst gesynchroniseerd',
    portalNow: 'Nu in het portaal',
    crmNew: 'Nieuw uit het CRM',
    audit: 'Logboek',
    action: 'Actie',
    administration: 'Administratie',
    applyFilters: 'Filters toepassen',
    from: 'Van',
    to: 'Tot en met',
    auditEmpty: 'Geen regels in het logboek voor deze filters.',
    exportCsv: 'CSV exporteren',
    actionRejected: 'Afgewezen',
    actionApproved: 'Goedgekeurd',
    actionCrmDisconnected: 'CRM ontkoppeld',
  },
  en: {
    settings: 'Settings',
    everyTenMinutes: 'Every 600 seconds',
    mainNav: 'Main',
    status: 'Status',
    connectCrm: 'Connect with CRMHub',
    crmSystem: 'CRM system',
    viaIntake: 'Via the push API or a file import: add it as an intake source below',
    baseUrl: 'Environment URL',
    apiKey: 'API key',
    apiSecret: 'API secret',
    webhookSecret: 'Webhook secret (optional)',
    pollInterval: 'Poll interval in seconds (optional)',
    connect: 'Connect',
    save: 'Save',
    edit: 'Edit',
    checkFields: 'Check the highlighted fields.',
    apiKeyRequired: 'Enter the API key.',
    unreachable: 'The host could not be reached. Check the environment URL.',
    unreachableField: 'No system answered at this address.',
    authInvalid: 'The credentials were refused (401). Check the API key and secret.',
    forbidden: 'The credentials are valid but have no rights on the endpoints crmhub needs.',
    systemSaid: 'The system said:',
    crmConnected: 'Connected to Simplicate.',
    everyFiveMinutes: 'Every 300 seconds',
    webhookSecretSet: 'A webhook signing secret is stored',
    changeConnection: 'Change connection',
    disconnect: 'Disconnect',
    disconnectTitle: 'Disconnect the CRM?',
    crmDisconnected: 'The CRM has been disconnected. History and audit are kept.',
    policyCurrent: 'Changes that need manual approval:',
    policyAll: 'All',
    policyLegal: 'Legal and VAT data only',
    policyNone: 'None, update all data without approval',
    policySaved: 'The approval setting has been saved.',
    adminOnly: 'Only a portal administrator can change this.',
    connectPortal: 'Connect the portal',
    accessKey: 'Web service access key',
    yukiUrl: 'Yuki address (optional)',
    portalConnected: 'Connected to Yuki. Its domains and administrations have been imported.',
    reimport: 'Import again',
    imported: 'Imported 3 domains and 3 administrations.',
    healthPortal: 'Accountant portal: Yuki',
    healthCrm: 'CRM: Simplicate',
    credentialsOk: 'Valid',
    quotaCaption: 'Web service calls today per domain',
    administrations: 'Administrations',
    unlinked: 'Not linked',
    linkedManual: 'Linked, manual approval',
    linkedAutomatic: 'Linked, automatic',
    sameKvk: 'same KvK number',
    sameVat: 'same VAT number',
    nameMatches: 'name matches',
    severalMatch: '2 CRM organisations match. Choose the right one.',
    chooseFirst: 'Choose a CRM organisation first.',
    noSuggestions: 'No CRM organisation has the same KvK number or VAT number. Search by name.',
    searchLabel: 'Search CRM organisations by name',
    search: 'Search',
    crmOrganisation: 'CRM organisation',
    manual: 'Manual approval',
    automatic: 'Automatic',
    preview: 'Show what would change',
    linkAdministration: 'Link administration',
    linkedTitle: 'Linked CRM organisation',
    held: 'Held for approval',
    applied: 'Applied',
    postcodeMissingLetters: 'The two letters of the postcode are missing.',
    fields: {
      companyName: 'Company name',
      visitingPostcode: 'Visiting address: postcode',
      visitingCity: 'Visiting address: city',
      phone: 'Phone number',
      email: 'Email address',
    },
    review: 'Review queue',
    approve: 'Approve',
    reject: 'Reject',
    editApprove: 'Edit and approve',
    valueToApprove: 'Value to approve',
    approveThisValue: 'Approve this value',
    valueInvalid: 'This value is not valid:',
    emailSpaces: 'An email address cannot contain spaces.',
    keepPortal: 'Keep the portal value',
    useCrm: 'Write the CRM value',
    writeFailed: 'Writing to the portal failed: Yuki refused what crmhub sent.',
    reason: 'Reason (optional)',
    remark: 'Remark: The two letters of the postcode are missing.',
    rejected: 'Visiting address: postcode rejected. The same value will not be proposed again.',
    approvedEdited: 'Email address approved with your value.',
    clear: 'Will be emptied in Yuki',
    clearTitle: 'Empty Email address in Yuki?',
    clearConfirm: 'Empty in Yuki',
    cancel: 'Cancel',
    cleared: 'Email address approved: it will be emptied in Yuki.',
    onlyThis: 'Show only this administration',
    approveMatchingTwo: 'Approve all 2 changes of this filter',
    approveTitle: 'Approve changes?',
    confirmApprove: 'Yes, approve',
    twoInOne: '2 changes in 1 administration will be approved and applied in Yuki.',
    oneInOne: '1 change in 1 administration will be approved and applied in Yuki.',
    clearFilters: 'Clear filters',
    filters: 'Filters',
    twoApproved: '2 changes approved, 0 skipped.',
    select: 'Select',
    approveSelectedOne: 'Approve selected (1)',
    oneApproved: '1 change approved, 0 skipped.',
    conflict: 'Conflict',
    historyTwo: 'History (2 edits)',
    needsAttention: 'Needs attention',
    deletedAlert: (name: string) => `the linked CRM record ${name} was deleted in the CRM.`,
    checkLink: 'Check the link',
    deletedOnPage: 'This organisation was deleted in the CRM.',
    sourceDeleted: 'Deleted in the CRM',
    unlink: 'Unlink',
    unlinkTitle: 'Unlink this administration?',
    linkWizardTitle: 'Link to a CRM organisation',
    saveMode: 'Save approval',
    modeSaved: 'The approval for this administration has been saved.',
    synchronised: 'Last synchronised',
    portalNow: 'In the portal now',
    crmNew: 'New from the CRM',
    audit: 'Audit',
    action: 'Action',
    administration: 'Administration',
    applyFilters: 'Apply filters',
    from: 'From',
    to: 'To',
    auditEmpty: 'No audit entries match these filters.',
    exportCsv: 'Export CSV',
    actionRejected: 'Rejected',
    actionApproved: 'Approved',
    actionCrmDisconnected: 'CRM disconnected',
  },
} as const;

// The firm's clients, on both sides. A: linked by KvK (email, phone and an invalid postcode differ). B: two CRM
// candidates (KvK + VAT, VAT only), formatting noise that is not a change. C: no KvK/VAT, found by name.
const clients = {
  a: {
    yuki: {
      ...bakkerijJansenInYuki,
      administration: {
        ...bakkerijJansenInYuki.administration,
        mailingAddressLine: 'Postbus 12',
        mailingPostcode: '1000 AA',
        mailingCity: 'Amsterdam',
        mailingCountry: 'NL',
      },
    },
    crm: {
      name: 'Bakkerij Jansen B.V.',
      coc_code: '1234 5678',
      email: 'administratie@bakkerijjansen.nl',
      phone: '020-765 43 21',
      visiting_address: { line_1: 'Dorpsstraat 1', postal_code: '1011', locality: 'Amsterdam', country_code: 'NL' },
      has_different_postal_address: true,
      postal_address: { line_1: 'Postbus 12', postal_code: '1000AA', locality: 'Amsterdam', country_code: 'NL' },
    },
  },
  b: {
    yuki: {
      name: 'schilders-de-vries',
      administration: {
        name: 'Schildersbedrijf De Vries',
        cocNumber: '87654321',
        vatNumber: 'NL820471616B01',
        emailAddress: 'info@devries.nl',
        phone: '030 123 4567',
        addressLine: 'Oudegracht 10',
        postcode: '3511 AA',
        city: 'Utrecht',
        country: 'NL',
        mailingAddressLine: 'Oudegracht 10',
        mailingPostcode: '3511 AA',
        mailingCity: 'Utrecht',
        mailingCountry: 'NL',
      },
    },
    crm: {
      name: 'Schildersbedrijf De Vries',
      coc_code: '87654321',
      vat_number: 'nl 8204.71.616.b01',
      email: 'info@devries-schilders.nl',
      phone: '030 765 4321',
      visiting_address: { line_1: 'Oudegracht  10', postal_code: '3511aa', locality: 'Utrecht', country_code: 'NL' },
      has_different_postal_address: true,
      postal_address: { line_1: 'Oudegracht 10', postal_code: '3511 AA', locality: 'Utrecht', country_code: 'NL' },
    },
    otherCrm: { name: 'De Vries Holding B.V.', vat_number: 'NL820471616B01' },
  },
  c: {
    yuki: {
      name: 'kapsalon-knip',
      administration: {
        name: 'Kapsalon Knip',
        emailAddress: 'knip@kapsalon.nl',
        phone: '010 123 4567',
        addressLine: 'Coolsingel 5',
        postcode: '3011 AD',
        city: 'Rotterdam',
        country: 'NL',
        mailingAddressLine: 'Coolsingel 5',
        mailingPostcode: '3011 AD',
        mailingCity: 'Rotterdam',
        mailingCountry: 'NL',
      },
    },
    crm: {
      name: 'Kapsalon Knip & Co',
      email: 'info@kapsalonknip.nl',
      phone: '010 123 4567',
      visiting_address: { line_1: 'Coolsingel 5', postal_code: '3011 AD', locality: 'Rotterdam', country_code: 'NL' },
      has_different_postal_address: true,
      postal_address: { line_1: 'Coolsingel 5', postal_code: '3011 AD', locality: 'Rotterdam', country_code: 'NL' },
    },
  },
} as const;

const admin = { name: 'Anna de Vries', email: 'anna@example.nl', password: 'correct horse battery staple' };
const employee = { name: 'Erik Bakker', email: 'erik@example.nl', password: 'another long password' };
const crmKey = { key: 'crmhub-key', secret: 'crmhub-secret-0123456789' };
const noRightsKey = { key: 'no-rights-key', secret: 'no-rights-secret-0123456789' };
const webhookSecret = 'webhook-signing-secret';
const rejectReason = 'Postcode onvolledig in het CRM';

type YukiAdministration = { id: string; name: string; emailAddress: string; phone: string; postcode: string };

/** A calendar date (yyyy-mm-dd) in local time, `days` from today, as a date input takes it. */
function localDate(days: number): string {
  const at = new Date();
  at.setDate(at.getDate() + days);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${String(at.getFullYear())}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** The text of every body row of a table, cell by cell. */
async function tableRows(table: Locator): Promise<string[][]> {
  const rows = await table.locator('tbody tr').all();
  return Promise.all(
    rows.map(async (row) => (await row.locator('th, td').allTextContents()).map((text) => text.trim())),
  );
}

describe.each(['nl', 'en'] as const)('CRM → portal sync in the browser (%s)', (language: Language) => {
  const t = ui[language];
  let server: TestServer;
  let simplicate: RunningSim;
  let yuki: RunningSim;
  let browser: BrowserSession;
  let page: Page;
  const yukiIds = { a: '', b: '', c: '' };
  const crmIds = { a: '', b: '' };

  /** Asks for the dry run and reads its rows: field, portal value, CRM value, remark, outcome. */
  async function dryRunRows(): Promise<string[][]> {
    await page.getByRole('button', { name: t.preview, exact: true }).click();
    const dryRun = page.getByTestId('dry-run');
    await dryRun.waitFor();
    return tableRows(dryRun);
  }

  beforeAll(async () => {
    [server, simplicate, yuki, browser] = await Promise.all([
      startTestServer(),
      startSimplicateSim({ port: 0, seed: 4, orgs: 0, extra: { rateLimitPerMinute: '100000' } }),
      // These tests write through the automatic mode, which needs the simulator's assumed company read and write.
      startYukiSim({
        port: 0,
        seed: 4,
        orgs: 0,
        extra: { platformCompanyReads: 'true', platformCompanyWrite: 'true' },
      }),
      launchBrowserSession(),
    ]);
    await simJson(simplicate.url, '/__sim/keys', { method: 'POST', body: { ...crmKey, rights: ['read'] } });
    await simJson(simplicate.url, '/__sim/keys', { method: 'POST', body: { ...noRightsKey, rights: ['create'] } });
    crmIds.a = (
      await simJson<{ id: string }>(simplicate.url, '/__sim/organizations', { method: 'POST', body: clients.a.crm })
    ).id;
    crmIds.b = (
      await simJson<{ id: string }>(simplicate.url, '/__sim/organizations', { method: 'POST', body: clients.b.crm })
    ).id;
    for (const body of [clients.b.otherCrm, clients.c.crm]) {
      await simJson(simplicate.url, '/__sim/organizations', { method: 'POST', body });
    }
    for (const key of ['a', 'b', 'c'] as const) {
      const created = await simJson<{ administration: { id: string } }>(yuki.url, '/__sim/domains', {
        method: 'POST',
        body: clients[key].yuki,
      });
      yukiIds[key] = created.administration.id;
    }
    page = await browser.openPage(language);
    await setUpAdmin(page, server.url, admin); // the first user; the employee comes after
    await createUser(server.deps.db, { ...employee, role: 'employee' });
    await server.deps.db.updateTable('portals').set({ write_mode: 'automatic' }).execute();
  });

  afterAll(async () => {
    await browser.close();
    await Promise.all([server.close(), simplicate.close(), yuki.close()]);
  });

  const yukiAdministration = (key: 'a' | 'b' | 'c') =>
    simJson<YukiAdministration>(yuki.url, `/__sim/administrations/${yukiIds[key]}`);

  async function fillCrmForm(values: { baseUrl?: string; apiKey: string; apiSecret: string; poll?: string }) {
    if (values.baseUrl !== undefined) await page.getByLabel(t.baseUrl, { exact: true }).fill(values.baseUrl);
    await page.getByLabel(t.apiKey, { exact: true }).fill(values.apiKey);
    await page.getByLabel(t.apiSecret, { exact: true }).fill(values.apiSecret);
    if (values.poll !== undefined) await page.getByLabel(t.pollInterval, { exact: true }).fill(values.poll);
  }

  async function formAlert(text: string): Promise<string> {
    const alert = page.getByRole('alert').filter({ hasText: text });
    await alert.waitFor();
    return (await alert.textContent()) ?? '';
  }

  it('connects the CRM with a precise error per field and reason, then changes the connection', async () => {
    await page.goto(`${server.url}/settings`);
    await heading(page, t.settings).waitFor();
    await page.getByRole('button', { name: t.connectCrm, exact: true }).click();

    const systems = page.getByRole('radiogroup', { name: t.crmSystem });
    expect(await systems.getByRole('radio', { name: 'Simplicate' }).isChecked()).toBe(true);
    for (const viaIntake of ['Radar360', 'Visma Advisor', 'ClientOnline', 'Other CRM']) {
      expect(await systems.getByRole('radio', { name: viaIntake }).isDisabled()).toBe(true);
    }
    expect(await systems.getByText(t.viaIntake).count()).toBe(4);

    // Empty fields: said in the reader's language, before any request.
    await page.getByRole('button', { name: t.connect, exact: true }).click();
    await formAlert(t.checkFields);
    const apiKeyField = page.getByLabel(t.apiKey, { exact: true });
    expect(await apiKeyField.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await apiKeyField.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe(t.apiKeyRequired);

    // Nothing listens at the address: the address is marked, the alert explains.
    await fillCrmForm({ baseUrl: await closedPortUrl(), apiKey: crmKey.key, apiSecret: crmKey.secret });
    await page.getByRole('button', { name: t.connect, exact: true }).click();
    expect(await formAlert(t.unreachable)).toContain(t.systemSaid);
    const baseUrlField = page.getByLabel(t.baseUrl, { exact: true });
    expect(await baseUrlField.getAttribute('aria-invalid')).toBe('true');
    await page.getByText(t.unreachableField, { exact: true }).waitFor();

    // A wrong secret: 401.
    await fillCrmForm({ baseUrl: simplicate.url, apiKey: crmKey.key, apiSecret: 'not-the-secret' });
    await page.getByRole('button', { name: t.connect, exact: true }).click();
    await formAlert(t.authInvalid);
    expect(await page.getByLabel(t.apiSecret, { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await baseUrlField.getAttribute('aria-invalid')).toBeNull();

    // A key without read rights.
    await fillCrmForm({ apiKey: noRightsKey.key, apiSecret: noRightsKey.secret });
    await page.getByRole('button', { name: t.connect, exact: true }).click();
    await formAlert(t.forbidden);
    expect(await apiKeyField.getAttribute('aria-invalid')).toBe('true');

    // A poll interval the server refuses names that field.
    await fillCrmForm({ apiKey: crmKey.key, apiSecret: crmKey.secret, poll: '5' });
    await page.getByRole('button', { name: t.connect, exact: true }).click();
    await page.getByRole('alert').first().waitFor();
    const pollField = page.getByLabel(t.pollInterval, { exact: true });
    await expect.poll(() => pollField.getAttribute('aria-invalid')).toBe('true');

    await pollField.fill('300');
    await page.getByLabel(t.webhookSecret, { exact: true }).fill(webhookSecret);
    await page.getByRole('button', { name: t.connect, exact: true }).click();
    await page.getByRole('status').filter({ hasText: t.crmConnected }).waitFor();
    const crmPanel = page.getByRole('region', { name: 'CRMHub' });
    await crmPanel.getByText(simplicate.url, { exact: true }).waitFor();
    await crmPanel.getByText(t.everyFiveMinutes, { exact: true }).waitFor();
    await crmPanel.getByText(t.webhookSecretSet).waitFor();
    expect(await page.getByTestId('webhook-url').textContent()).toMatch(
      new RegExp(`^${server.url}/api/webhooks/crm/[0-9a-f-]{36}$`),
    );

    // Change connection: re-validated, so a wrong secret is refused and nothing is replaced.
    await page.getByRole('button', { name: t.changeConnection, exact: true }).click();
    expect(await page.getByLabel(t.baseUrl, { exact: true }).inputValue()).toBe(simplicate.url);
    await fillCrmForm({ apiKey: crmKey.key, apiSecret: 'still-not-the-secret' });
    await page.getByRole('button', { name: t.save, exact: true }).click();
    await formAlert(t.authInvalid);
    // A refused change keeps what was typed.
    expect(await page.getByLabel(t.apiKey, { exact: true }).inputValue()).toBe(crmKey.key);
    expect(await page.getByLabel(t.baseUrl, { exact: true }).inputValue()).toBe(simplicate.url);
    await fillCrmForm({ apiKey: crmKey.key, apiSecret: crmKey.secret, poll: '300' });
    await page.getByLabel(t.webhookSecret, { exact: true }).fill(webhookSecret);
    await page.getByRole('button', { name: t.save, exact: true }).click();
    await page.getByRole('status').filter({ hasText: t.crmConnected }).waitFor();
    await page.getByRole('button', { name: t.changeConnection, exact: true }).waitFor();

    // Changing only the interval: key, secret and webhook secret left empty keep the stored ones.
    await page.getByRole('button', { name: t.changeConnection, exact: true }).click();
    expect(await page.getByLabel(t.apiKey, { exact: true }).inputValue()).toBe('');
    await page.getByLabel(t.pollInterval, { exact: true }).fill('600');
    await page.getByRole('button', { name: t.save, exact: true }).click();
    await page.getByRole('status').filter({ hasText: t.crmConnected }).waitFor();
    await crmPanel.getByText(t.everyTenMinutes, { exact: true }).waitFor();
    await crmPanel.getByText(t.webhookSecretSet).waitFor();
    await expectAccessibleLayout(page, 'the CRMHub settings with a connection');
  });

  it('shows the approval policy read-only to employees and lets an administrator change it', async () => {
    const employeePage = await browser.openPage(language);
    await logInByApi(employeePage, server.url, employee);
    await employeePage.goto(`${server.url}/settings`);
    await heading(employeePage, t.settings).waitFor();
    const employeePolicy = employeePage.getByTestId('approval-policy');
    expect(await employeePolicy.textContent()).toBe(`${t.policyCurrent} ${t.policyAll}`);
    expect(await employeePage.getByRole('button', { name: t.edit, exact: true }).count()).toBe(0);
    expect(await employeePage.getByRole('button', { name: t.changeConnection, exact: true }).count()).toBe(0);
    expect(await employeePage.getByText(t.adminOnly, { exact: true }).count()).toBeGreaterThan(0);

    await page.goto(`${server.url}/settings`);
    expect(await page.getByTestId('approval-policy').textContent()).toBe(`${t.policyCurrent} ${t.policyAll}`);
    // The portal's write mode has an Edit button of its own.
    const policyPanel = page.locator('.panel').filter({ has: page.getByTestId('approval-policy') });
    await policyPanel.getByRole('button', { name: t.edit, exact: true }).click();
    for (const option of [t.policyAll, t.policyLegal, t.policyNone]) {
      await page.getByRole('radio', { name: option, exact: true }).waitFor();
    }
    expect(await page.getByRole('radio', { name: t.policyAll, exact: true }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: t.policyLegal, exact: true }).check();
    await page.getByRole('button', { name: t.save, exact: true }).click();
    await page.getByRole('status').filter({ hasText: t.policySaved }).waitFor();
    expect(await page.getByTestId('approval-policy').textContent()).toBe(`${t.policyCurrent} ${t.policyLegal}`);

    await employeePage.reload();
    await employeePage.getByTestId('approval-policy').filter({ hasText: t.policyLegal }).waitFor();
  });

  it('connects the portal, imports it again, and shows the health of both connections', async () => {
    const portal = await yukiSimPortalInput(yuki.url);

    await page.goto(`${server.url}/settings/portal`);
    await page.getByRole('button', { name: t.connectPortal, exact: true }).click();
    await page.getByLabel(t.accessKey, { exact: true }).fill('0000000000000000wrongkey');
    await page.getByLabel(t.yukiUrl, { exact: true }).fill(yuki.url);
    await page.getByRole('button', { name: t.connect, exact: true }).click();
    await formAlert(t.authInvalid);
    expect(await page.getByLabel(t.accessKey, { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel(t.accessKey, { exact: true }).fill(portal.accessKey);
    await page.getByRole('button', { name: t.connect, exact: true }).click();
    await page.getByRole('status').filter({ hasText: t.portalConnected }).waitFor();
    // The automatic write mode needs the Platform API: granted with (simulated) Visma Connect, as sync-world does.
    const { portalId } = await simJson<{ portalId: string }>(yuki.url, '/__sim/credentials');
    const adminApi = await apiClient(server.url, { email: admin.email, password: admin.password });
    await connectVismaConnectOverHttp(adminApi, yuki.url, portalId);
    await page.getByRole('button', { name: t.reimport, exact: true }).click();
    await page.getByRole('status').filter({ hasText: t.imported }).waitFor();

    // The health of the connections has its own page in the navigation.
    await page.getByRole('navigation', { name: t.mainNav }).getByRole('link', { name: t.status, exact: true }).click();
    await expectPath(page, '/status');
    const portalHealth = page.getByRole('region', { name: t.healthPortal });
    await portalHealth.waitFor();
    await portalHealth.getByText(t.credentialsOk, { exact: true }).waitFor();
    const quota = portalHealth.getByRole('table', { name: t.quotaCaption });
    const rows = await tableRows(quota);
    expect(rows.map((row) => row[0]).sort()).toEqual(['bakkerij-jansen', 'kapsalon-knip', 'schilders-de-vries']);
    // Figures as the reader writes them (1.000 in Dutch, 1,000 in English).
    const figure = (text: string | undefined) => Number(text?.replace(/[.,]/g, ''));
    for (const [, used, remaining, limit] of rows) {
      expect(limit).toBe(new Intl.NumberFormat(language).format(1000)); // the simulator's default daily limit
      expect(figure(remaining)).toBeLessThanOrEqual(figure(limit) - figure(used));
    }
    await page.getByRole('region', { name: t.healthCrm }).getByText(t.credentialsOk, { exact: true }).waitFor();
    await expectAccessibleLayout(page, 'the status page with both connections');
  });

  it('links administrations after a dry run: by KvK, choosing among several, and by name', async () => {
    await page.goto(`${server.url}/administrations`);
    await heading(page, t.administrations).waitFor();
    const table = page.getByRole('table');
    // Suggestions need the CRM's organisations, which the first full sync reads in the background.
    const rowOf = (name: string) => table.getByRole('row').filter({ has: page.getByRole('link', { name }) });
    await reloadUntilVisible(
      page,
      rowOf(clients.b.yuki.administration.name).getByRole('cell', { name: '2', exact: true }),
      'two suggestions for B',
    );
    const listed = await tableRows(table);
    expect(listed.map((row) => [row[1], row[3], row[6]]).sort()).toEqual([
      [clients.a.yuki.administration.name, t.unlinked, '1'],
      [clients.c.yuki.administration.name, t.unlinked, '0'],
      [clients.b.yuki.administration.name, t.unlinked, '2'],
    ]);

    // A: one suggestion by KvK, chosen already; the dry run says exactly what would change.
    await page.getByRole('link', { name: clients.a.yuki.administration.name }).click();
    await heading(page, clients.a.yuki.administration.name).waitFor();
    const choice = page.getByRole('group', { name: t.crmOrganisation });
    const suggestion = choice.getByRole('radio', { name: clients.a.crm.name });
    expect(await suggestion.isChecked()).toBe(true);
    const suggestionHint = (await suggestion.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${suggestionHint}"]`).textContent()).toBe(`KvK 12345678 · ${t.sameKvk}`);
    await page.getByRole('radio', { name: t.manual, exact: true }).check();
    expect(await page.getByRole('button', { name: t.linkAdministration }).count()).toBe(0); // preview first
    expect(await dryRunRows()).toEqual([
      [t.fields.visitingPostcode, '1011 AB', '1011', t.postcodeMissingLetters, t.held],
      [t.fields.phone, '+31201234567', '+31207654321', '', t.held],
      [t.fields.email, 'info@bakkerijjansen.nl', 'administratie@bakkerijjansen.nl', '', t.held],
    ]);
    await page.getByRole('button', { name: t.linkAdministration, exact: true }).click();
    await page.getByRole('heading', { name: t.linkedTitle }).waitFor();
    await page.getByText(t.linkedManual, { exact: true }).waitFor();

    // B: two candidates with their reasons; the user picks one. Formatting noise is not a change.
    await page.goto(`${server.url}/administrations`);
    await page.getByRole('link', { name: clients.b.yuki.administration.name }).click();
    await page.getByText(t.severalMatch, { exact: true }).waitFor();
    const candidates = page.getByRole('group', { name: t.crmOrganisation });
    expect(await candidates.getByRole('radio').count()).toBe(2);
    expect(await candidates.getByRole('radio', { checked: true }).count()).toBe(0);
    await candidates.getByText(new RegExp(`^KvK 87654321 · .* · ${t.sameKvk} · ${t.sameVat}$`)).waitFor();
    await page.getByRole('button', { name: t.preview, exact: true }).click();
    await candidates.getByText(t.chooseFirst, { exact: true }).waitFor(); // no organisation chosen yet
    expect(await candidates.getByRole('radio').first().getAttribute('aria-invalid')).toBe('true');
    await candidates.getByRole('radio', { name: clients.b.crm.name }).check();
    expect(await dryRunRows()).toEqual([
      [t.fields.phone, '+31301234567', '+31307654321', '', t.held],
      [t.fields.email, 'info@devries.nl', 'info@devries-schilders.nl', '', t.held],
    ]);
    await page.getByRole('button', { name: t.linkAdministration, exact: true }).click();
    await page.getByText(t.linkedManual, { exact: true }).waitFor();

    // C: nothing shares a KvK or VAT number: search by name, link with automatic approval.
    await page.goto(`${server.url}/administrations`);
    await page.getByRole('link', { name: clients.c.yuki.administration.name }).click();
    await page.getByText(t.noSuggestions, { exact: true }).waitFor();
    await page.getByLabel(t.searchLabel, { exact: true }).fill('knip');
    await page.getByRole('button', { name: t.search, exact: true }).click();
    const found = page.getByRole('radio', { name: clients.c.crm.name });
    await found.check();
    await page.getByText(t.nameMatches).waitFor();
    await page.getByRole('radio', { name: t.automatic, exact: true }).check();
    expect(await dryRunRows()).toEqual([
      [t.fields.companyName, 'Kapsalon Knip', 'Kapsalon Knip & Co', '', t.held],
      [t.fields.email, 'knip@kapsalon.nl', 'info@kapsalonknip.nl', '', t.applied],
    ]);
    // Changing the mode invalidates the preview: it must be shown again for what will be linked.
    await page.getByRole('radio', { name: t.manual, exact: true }).check();
    expect(await page.getByTestId('dry-run').count()).toBe(0);
    await page.getByRole('radio', { name: t.automatic, exact: true }).check();
    await page.getByRole('button', { name: t.preview, exact: true }).click();
    await page.getByRole('button', { name: t.linkAdministration, exact: true }).click();
    await page.getByText(t.linkedAutomatic, { exact: true }).waitFor();

    // The automatic change reaches Yuki; the held one does not.
    const c = await eventually(async () => {
      const current = await yukiAdministration('c');
      return current.emailAddress === 'info@kapsalonknip.nl' && current;
    }, 'the automatic email change applied to Yuki');
    expect(c.name).toBe('Kapsalon Knip');

    await page.goto(`${server.url}/administrations`);
    await page.getByRole('table').waitFor();
    const linked = await tableRows(page.getByRole('table'));
    expect(linked.map((row) => [row[1], row[3], row[5]]).sort()).toEqual([
      [clients.a.yuki.administration.name, t.linkedManual, '3'],
      [clients.c.yuki.administration.name, t.linkedAutomatic, '1'],
      [clients.b.yuki.administration.name, t.linkedManual, '2'],
    ]);
  });

  it('approves per field (as is and edited), rejects with a reason, and approves in bulk; the badge follows', async () => {
    await page.goto(`${server.url}/review`);
    await heading(page, t.review).waitFor();
    await expect.poll(() => reviewBadge(page)).toBe('6');

    const groupA = page.getByRole('region', { name: clients.a.yuki.administration.name });
    const postcode = groupA.getByRole('article', { name: t.fields.visitingPostcode });
    await postcode.getByText(t.remark, { exact: true }).waitFor();
    await postcode.getByLabel(t.reason, { exact: true }).fill(rejectReason);
    await postcode.getByRole('button', { name: t.reject, exact: true }).click();
    await page.getByRole('status').filter({ hasText: t.rejected }).waitFor();
    await expect.poll(() => postcode.count()).toBe(0);
    await expect.poll(() => reviewBadge(page)).toBe('5');

    // Edit, then approve: an invalid value is refused on the field; a valid one is approved and applied.
    const email = groupA.getByRole('article', { name: t.fields.email });
    await email.getByRole('button', { name: t.editApprove, exact: true }).click();
    const value = email.getByLabel(t.valueToApprove, { exact: true });
    expect(await value.inputValue()).toBe('administratie@bakkerijjansen.nl');
    await value.fill('geen e-mail');
    await email.getByRole('button', { name: t.approveThisValue, exact: true }).click();
    await expect.poll(() => value.getAttribute('aria-invalid')).toBe('true');
    const valueError = (await value.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${valueError}"]`).textContent()).toBe(`${t.valueInvalid} ${t.emailSpaces}`);
    await value.fill('boekhouding@bakkerijjansen.nl');
    await email.getByRole('button', { name: t.approveThisValue, exact: true }).click();
    await page.getByRole('status').filter({ hasText: t.approvedEdited }).waitFor();
    await expect.poll(() => reviewBadge(page)).toBe('4');
    await eventually(
      async () => (await yukiAdministration('a')).emailAddress === 'boekhouding@bakkerijjansen.nl',
      'the edited email applied to Yuki',
    );

    // Bulk, per administration: narrowed to it, every change of the filter after a confirmation with the counts.
    const groupB = page.getByRole('region', { name: clients.b.yuki.administration.name });
    await groupB.getByRole('button', { name: t.onlyThis, exact: true }).click();
    await page.waitForURL((url) => url.searchParams.has('administrationId'));
    await page.getByRole('button', { name: t.approveMatchingTwo, exact: true }).click();
    const confirm = page.getByRole('dialog', { name: t.approveTitle });
    expect(await confirm.getByTestId('bulk-confirm-counts').textContent()).toBe(t.twoInOne);
    await confirm.getByRole('button', { name: t.confirmApprove, exact: true }).click();
    await page.getByTestId('review-toolbar').getByRole('status').filter({ hasText: t.twoApproved }).waitFor();
    await expect.poll(() => groupB.count()).toBe(0);
    await expect.poll(() => reviewBadge(page)).toBe('2');
    await page
      .getByRole('region', { name: t.filters })
      .getByRole('button', { name: t.clearFilters, exact: true })
      .click();
    await page.waitForURL((url) => !url.searchParams.has('administrationId'));

    // Bulk, for a selection.
    const groupC = page.getByRole('region', { name: clients.c.yuki.administration.name });
    await groupC
      .getByRole('article', { name: t.fields.companyName })
      .getByRole('checkbox', { name: `${t.select} ${t.fields.companyName}` })
      .check();
    await page.getByRole('button', { name: t.approveSelectedOne, exact: true }).click();
    expect(await confirm.getByTestId('bulk-confirm-counts').textContent()).toBe(t.oneInOne);
    await confirm.getByRole('button', { name: t.confirmApprove, exact: true }).click();
    await page.getByTestId('review-toolbar').getByRole('status').filter({ hasText: t.oneApproved }).waitFor();
    await expect.poll(() => reviewBadge(page)).toBe('1');

    const applied = await eventually(async () => {
      const [b, c] = await Promise.all([yukiAdministration('b'), yukiAdministration('c')]);
      return b.emailAddress === 'info@devries-schilders.nl' && c.name === 'Kapsalon Knip & Co' && { b, c };
    }, 'the bulk approvals applied to Yuki');
    expect(applied.b.phone.replace(/\D/g, '')).toMatch(/307654321$/);
    expect((await yukiAdministration('a')).postcode).toBe('1011 AB'); // the rejected value never reached Yuki
  });

  it('returns an approved change as a conflict with all three values when the portal changed first', async () => {
    await simJson(yuki.url, `/__sim/administrations/${yukiIds.a}`, {
      method: 'PATCH',
      body: { phone: '020 999 8888' },
    });
    await page.goto(`${server.url}/review`);
    const phone = page
      .getByRole('region', { name: clients.a.yuki.administration.name })
      .getByRole('article', { name: t.fields.phone });
    await phone.getByRole('button', { name: t.approve, exact: true }).click();

    const conflict = phone.getByTestId('conflict');
    await reloadUntilVisible(page, conflict, 'the phone change returned as a conflict');
    await phone.getByText(t.conflict, { exact: true }).waitFor();
    await phone.getByRole('button', { name: t.keepPortal, exact: true }).waitFor();
    expect(await conflict.locator('dt').allTextContents()).toEqual([t.synchronised, t.portalNow, t.crmNew]);
    const [synchronised, portalNow, crmNew] = await conflict.locator('dd').allTextContents();
    expect(synchronised).toBe('+31201234567');
    expect(portalNow?.replace(/\D/g, '')).toMatch(/209998888$/);
    expect(crmNew).toBe('+31207654321');
    expect(await reviewBadge(page)).toBe('1');
    expect((await yukiAdministration('a')).phone).toBe('020 999 8888'); // nothing overwritten
  });

  it('words a write Yuki refuses from its code on the change card, never in crmhub’s English', async () => {
    await simJson(yuki.url, '/__sim/faults', {
      method: 'POST',
      body: { kind: 'status', status: 400, count: 1, pathPrefix: '/api/v1/portals/' },
    });
    await page.goto(`${server.url}/review`);
    const phone = page
      .getByRole('region', { name: clients.a.yuki.administration.name })
      .getByRole('article', { name: t.fields.phone });
    await phone.getByRole('button', { name: t.useCrm, exact: true }).click();
    const failure = phone.locator('.run-failure');
    await reloadUntilVisible(page, failure, 'the refused write on the change card');
    expect((await failure.locator('..').textContent())?.startsWith(t.writeFailed)).toBe(true);
    type Failed = { groups: { changes: { lastError: string | null; lastFailure: { code: string } | null }[] }[] };
    const review = (await (await page.request.get(`${server.url}/api/review?state=failed`)).json()) as Failed;
    const [failed] = review.groups.flatMap((group) => group.changes);
    expect(failed?.lastFailure?.code).toBe('rejected');
    // crmhub's own English account stays in the API; the page shows none of it.
    expect(failed?.lastError).toEqual(expect.any(String));
    expect(await page.getByText(failed?.lastError ?? '').count()).toBe(0);
    expect((await yukiAdministration('a')).phone).toBe('020 999 8888'); // still nothing overwritten
  });

  it('folds signed-webhook edits into one change with history, flags a deleted CRM record, unlinks, changes mode', async () => {
    await page.goto(`${server.url}/settings`);
    const webhookUrl = (await page.getByTestId('webhook-url').textContent()) ?? '';
    await simJson(simplicate.url, '/__sim/webhooks', {
      method: 'POST',
      body: { url: webhookUrl, secret: webhookSecret },
    });

    // Two edits of one field before anyone decides: one pending change, both values in its history.
    await page.goto(`${server.url}/review`);
    const city = page
      .getByRole('region', { name: clients.a.yuki.administration.name })
      .getByRole('article', { name: t.fields.visitingCity });
    for (const locality of ['Amsterdam-Noord', 'Amsterdam Zuidoost']) {
      await simJson(simplicate.url, `/__sim/organizations/${crmIds.a}`, {
        method: 'PATCH',
        body: {
          visiting_address: { ...clients.a.crm.visiting_address, locality },
        },
      });
      await reloadUntilVisible(page, city.getByText(locality, { exact: true }), `the city edit to ${locality}`);
    }
    await city.getByText(t.historyTwo, { exact: true }).click();
    expect(await city.locator('.history li').count()).toBe(2);
    // The badge counts what the queue shows (the phone conflict, the city, and whatever else the re-read raised).
    await expect.poll(async () => Number(await reviewBadge(page))).toBe(await page.getByRole('article').count());

    // Deleted in the CRM: shown to a person, never propagated.
    await simJson(simplicate.url, `/__sim/organizations/${crmIds.b}`, { method: 'DELETE' });
    const alerts = page.getByRole('region', { name: t.needsAttention });
    await reloadUntilVisible(page, alerts, 'the deleted-record alert');
    expect(await alerts.getByRole('listitem').textContent()).toContain(
      `${clients.b.yuki.administration.name}: ${t.deletedAlert(clients.b.crm.name)}`,
    );
    await alerts.getByRole('link', { name: t.checkLink }).click();
    await heading(page, clients.b.yuki.administration.name).waitFor();
    await page.getByRole('alert').filter({ hasText: t.deletedOnPage }).waitFor();
    await page.getByText(t.sourceDeleted, { exact: true }).waitFor();
    expect((await yukiAdministration('b')).name).toBe(clients.b.yuki.administration.name);

    // Unlink it (after confirming): the administration offers the remaining suggestion again.
    await page.getByRole('button', { name: t.unlink, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: t.unlinkTitle });
    await dialog.getByRole('button', { name: t.unlink, exact: true }).click();
    await page.getByRole('heading', { name: t.linkWizardTitle }).waitFor();
    await page.getByRole('radio', { name: clients.b.otherCrm.name }).waitFor();

    // Change another administration's mode.
    await page.goto(`${server.url}/administrations`);
    await page.getByRole('link', { name: clients.c.yuki.administration.name }).click();
    await page.getByRole('radio', { name: t.manual, exact: true }).check();
    await page.getByRole('button', { name: t.saveMode, exact: true }).click();
    await page.getByRole('status').filter({ hasText: t.modeSaved }).waitFor();
    await page.getByText(t.linkedManual, { exact: true }).waitFor();
    await page.goto(`${server.url}/administrations`);
    await page.getByRole('table').waitFor();
    expect((await tableRows(page.getByRole('table'))).map((row) => [row[1], row[3]]).sort()).toEqual([
      [clients.a.yuki.administration.name, t.linkedManual],
      [clients.c.yuki.administration.name, t.linkedManual],
      [clients.b.yuki.administration.name, t.unlinked],
    ]);
  });

  it('filters the audit trail and exports the same filter as CSV', async () => {
    await page.getByRole('navigation').getByRole('link', { name: t.audit, exact: true }).click();
    await expectPath(page, '/audit');
    await heading(page, t.audit).waitFor();
    await page.getByLabel(t.action, { exact: true }).selectOption({ label: t.actionRejected });
    await page.getByRole('button', { name: t.applyFilters, exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'change_rejected');
    const exportLink = page.getByRole('link', { name: t.exportCsv, exact: true });
    // The form is drawn anew for the applied filters (its export link names them): only then is typing into it kept.
    const formShows = (query: string) =>
      expect
        .poll(async () => decodeURIComponent((await exportLink.getAttribute('href')) ?? ''), { timeout: 15_000 })
        .toContain(query);
    // A form date is the start of that day in Dutch time.
    const dayStart = (date: string) => new Date(amsterdamWallToUtc(Date.parse(`${date}T00:00:00Z`))).toISOString();
    await formShows('action=change_rejected');
    const table = page.getByTestId('audit-table');
    await expect.poll(async () => (await tableRows(table)).length).toBe(1);
    const [row] = await tableRows(table);
    expect(row?.slice(1)).toEqual([
      t.actionRejected,
      clients.a.yuki.administration.name,
      t.fields.visitingPostcode,
      '1011 AB → 1011',
      admin.email,
      rejectReason,
    ]);
    await expectAccessibleLayout(page, 'the audit page');

    // A date range around today keeps the row; one starting the day after tomorrow has nothing.
    await page.getByLabel(t.from, { exact: true }).fill(localDate(-1));
    await page.getByLabel(t.to, { exact: true }).fill(localDate(1));
    await page.getByRole('button', { name: t.applyFilters, exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('from') === localDate(-1));
    await formShows(`from=${dayStart(localDate(-1))}`);
    await expect.poll(async () => (await tableRows(table)).length).toBe(1);
    await page.getByLabel(t.from, { exact: true }).fill(localDate(2));
    await page.getByLabel(t.to, { exact: true }).fill(localDate(3));
    await page.getByRole('button', { name: t.applyFilters, exact: true }).click();
    await page.getByText(t.auditEmpty, { exact: true }).waitFor();
    await formShows(`from=${dayStart(localDate(2))}`);
    await page.getByLabel(t.from, { exact: true }).fill('');
    await page.getByLabel(t.to, { exact: true }).fill('');
    await page.getByRole('button', { name: t.applyFilters, exact: true }).click();
    await table.waitFor();

    await expect
      .poll(() => exportLink.getAttribute('href'), { timeout: 15_000 })
      .toBe(`/api/audit/export.csv?action=change_rejected&lang=${language}`);
    const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true); // UTF-8 with a byte-order mark: Excel reads the accents right
    const lines = csv.slice(1).trim().split(/\r?\n/);
    expect(lines).toHaveLength(2); // header + the one rejection
    // Semicolons (Dutch Excel's list separator), the action and field in the reader's language, the person's reason.
    const cells = lines[1]?.split(';') ?? [];
    expect(cells.slice(1, 5)).toEqual([
      t.actionRejected,
      admin.email,
      clients.a.yuki.administration.name,
      t.fields.visitingPostcode,
    ]);
    expect(cells[8]).toBe(rejectReason);

    // Administration and action together: B's two approvals.
    // The administration is searched on the server as the user types (a firm may have 20,000).
    await page.getByRole('combobox', { name: t.administration, exact: true }).fill('Vries');
    await page.getByRole('option', { name: clients.b.yuki.administration.name, exact: true }).click();
    await page.getByLabel(t.action, { exact: true }).selectOption({ label: t.actionApproved });
    await page.getByRole('button', { name: t.applyFilters, exact: true }).click();
    await expect
      .poll(async () => (await tableRows(table)).map((cells) => cells[3]).sort())
      .toEqual([t.fields.phone, t.fields.email].sort());
    const href = (await exportLink.getAttribute('href')) ?? '';
    expect(new URL(href, server.url).searchParams.get('action')).toBe('change_approved');
    const response = await page.request.get(`${server.url}${href}`);
    expect(response.headers()['content-type']).toMatch(/^text\/csv/);
    expect((await response.text()).trim().split(/\r?\n/)).toHaveLength(3);
  });

  it('shows a value gone from the CRM as "emptied in Yuki", struck through, and empties it only when confirmed', async () => {
    await simJson(simplicate.url, `/__sim/organizations/${crmIds.a}`, { method: 'PATCH', body: { email: null } });
    await page.goto(`${server.url}/review`);
    const email = page
      .getByRole('region', { name: clients.a.yuki.administration.name })
      .getByRole('article', { name: t.fields.email });
    const clear = email.getByTestId('clear');
    await reloadUntilVisible(page, clear, 'the email clear');
    await clear.getByText(t.clear, { exact: true }).waitFor();
    expect(await clear.locator('s').textContent()).toBe('boekhouding@bakkerijjansen.nl');

    // Approving asks first; cancelling changes nothing.
    await email.getByRole('button', { name: t.approve, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: t.clearTitle });
    await dialog.getByRole('button', { name: t.cancel, exact: true }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect((await yukiAdministration('a')).emailAddress).toBe('boekhouding@bakkerijjansen.nl');

    await email.getByRole('button', { name: t.approve, exact: true }).click();
    await dialog.getByRole('button', { name: t.clearConfirm, exact: true }).click();
    await page.getByRole('status').filter({ hasText: t.cleared }).waitFor();
    await eventually(async () => (await yukiAdministration('a')).emailAddress === '', 'the email emptied in Yuki');
  });

  it('disconnects the CRM only after confirmation, keeping the audit trail', async () => {
    await page.goto(`${server.url}/settings`);
    await page.getByRole('button', { name: t.disconnect, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: t.disconnectTitle });
    await dialog.waitFor();
    await page.keyboard.press('Escape'); // cancelling keeps the connection
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await page.getByRole('button', { name: t.changeConnection, exact: true }).waitFor();

    await page.getByRole('button', { name: t.disconnect, exact: true }).click();
    await dialog.getByRole('button', { name: t.disconnect, exact: true }).click();
    await page.getByRole('status').filter({ hasText: t.crmDisconnected }).waitFor();
    await page.getByRole('button', { name: t.connectCrm, exact: true }).waitFor();

    await page.goto(`${server.url}/audit`);
    await page.getByLabel(t.action, { exact: true }).selectOption({ label: t.actionCrmDisconnected });
    await page.getByRole('button', { name: t.applyFilters, exact: true }).click();
    await expect.poll(async () => (await tableRows(page.getByTestId('audit-table'))).length).toBe(1);
    await page.goto(`${server.url}/audit?action=change_rejected`);
    await page.getByTestId('audit-table').waitFor(); // the page reads its filter from the address on load
    // A full page load (session, navigation, the filtered read): bounded, with room for a loaded machine.
    await expect
      .poll(async () => (await tableRows(page.getByTestId('audit-table'))).length, { timeout: 15_000 })
      .toBe(1);
  });
});
