// Caller-ID settings in Chromium: connect AccountView (simulator, OAuth), assign users, add a phone system, pop-up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startAccountViewSim } from '../../src/sims/accountview/cli.js';
import { simJson } from '../../src/sims/shared/admin-client.js';
import { startTestPbxSim } from '../helpers/callerid.js';
import { startTestServer } from '../helpers/server.js';
import { eventually, expectPath, heading, launchBrowserSession, logInByApi, setUpAdmin } from './helpers.js';

import type { APIResponse, Locator, Page } from 'playwright-core';
import type { RunningSim } from '../../src/sims/shared/types.js';
import type { TestServer } from '../helpers/server.js';
import type { BrowserSession, Language } from './helpers.js';

const ui = {
  nl: {
    settings: 'Instellingen',
    callerIdRole: 'Nummerherkenning',
    calls: 'Gesprekken',
    accountView: 'Nummerherkenning: AccountView',
    registerRedirect:
      'Registreer deze redirect-URI bij je applicatie in AccountView.net (Ontwikkelaar → Applicatie toevoegen):',
    apiKey: 'AccountView API-sleutel',
    apiSecret: 'AccountView API-secret',
    companyId: 'Onderneming-ID',
    environmentUrl: 'AccountView-adres (optioneel)',
    connect: 'AccountView koppelen',
    checkFields: 'Controleer de gemarkeerde velden.',
    fieldRequired: 'Vul dit veld in.',
    notAPhone: (value: string) => `‘${value}’ is geen telefoonnummer of toestelnummer.`,
    companyUnknown: 'Deze onderneming is onbekend of niet bereikbaar met deze toestemming.',
    restrictedApp: 'crmhub is voor deze AccountView-gebruiker niet toegevoegd als beperkt toegankelijke app.',
    noRights: 'Deze toestemming geeft geen recht om debiteuren en crediteuren van deze onderneming te lezen.',
    failed: 'Koppelen met AccountView is mislukt.',
    connected: 'AccountView is gekoppeld. De telefoonnummers worden geïndexeerd.',
    active: (company: string) => `Gekoppeld met AccountView, onderneming ${company}.`,
    disconnect: 'AccountView ontkoppelen',
    assign: 'Nummerherkenning: wie krijgt pop-ups',
    assignees: 'Gebruikers die pop-ups uit AccountView krijgen',
    saveAssignees: 'Toewijzing voor AccountView opslaan',
    phonesOf: (name: string) => `Toestellen en nummers van ${name}`,
    savePhones: (name: string) => `Opslaan ${name}`,
    saved: 'Opgeslagen.',
    phoneSystems: 'Telefooncentrales',
    noPhoneSystem: 'Nog geen telefooncentrale toegevoegd.',
    phoneSystemName: 'Naam van de telefooncentrale',
    addPhoneSystem: 'Telefooncentrale toevoegen',
    shownOnce: (name: string) =>
      `Gegevens voor ${name}. Ze worden alleen nu getoond: kopieer ze naar de telefooncentrale.`,
    webhookUrl: 'Webhook-URL (ondertekende JSON)',
    webhookSecret: 'Webhook-secret',
    urlTemplate: 'URL-sjabloon',
    token: 'URL-token',
    threeCxLookup: '3CX-opzoekadres (Authorization: Bearer en de URL-token)',
    voipgridName:
      'VoIPGRID-belplan-webhook (naam op het toestel): URL-sjabloon met {callerid}; antwoordt "Bedrijf - Persoon" als platte tekst, leeg als geen klant overeenkomt',
    screenPop: 'Screen pop (Teams, CloudCTI, desktop-CTI)',
    neverCalled: 'laatste gesprek: nooit',
    popups: 'Inkomende gesprekken',
    callFrom: (number: string) => `Gesprek van ${number}`,
    ended: 'Beëindigd · toestel 201',
    matchedOn: 'gevonden op telefoon zakelijk (020-123 45 67)',
    kvkAndRelation: 'KvK 12345678 · Relatienummer 10042',
    adminOnly: 'Alleen een portaalbeheerder kan dit wijzigen.',
    healthOf: (system: string) => `Nummerherkenning uit ${system}`,
    healthNumbers: 'Nummers in de telefoonindex',
  },
  en: {
    settings: 'Settings',
    callerIdRole: 'Caller ID',
    calls: 'Calls',
    accountView: 'Caller ID: AccountView',
    registerRedirect: 'Register this redirect URI for your app in AccountView.net (Developer → Add application):',
    apiKey: 'AccountView API key',
    apiSecret: 'AccountView API secret',
    companyId: 'Company (onderneming) ID',
    environmentUrl: 'AccountView address (optional)',
    connect: 'Connect AccountView',
    checkFields: 'Check the highlighted fields.',
    fieldRequired: 'Fill in this field.',
    notAPhone: (value: string) => `‘${value}’ is not a phone number or extension.`,
    companyUnknown: 'This company is unknown or not reachable with this authorization.',
    restrictedApp: 'crmhub is not added as a restricted app for this AccountView user.',
    noRights: "This authorisation gives no right to read this company's debtors and creditors.",
    failed: 'Connecting AccountView failed.',
    connected: 'AccountView is connected. Its phone numbers are being indexed.',
    active: (company: string) => `Connected to AccountView, company ${company}.`,
    disconnect: 'Disconnect AccountView',
    assign: 'Caller ID: who gets pop-ups',
    assignees: 'Users who get pop-ups from AccountView',
    saveAssignees: 'Save assignments for AccountView',
    phonesOf: (name: string) => `Extensions and numbers of ${name}`,
    savePhones: (name: string) => `Save ${name}`,
    saved: 'Saved.',
    phoneSystems: 'Phone systems',
    noPhoneSystem: 'No phone system added yet.',
    phoneSystemName: 'Name of the phone system',
    addPhoneSystem: 'Add phone system',
    shownOnce: (name: string) => `Credentials for ${name}. They are shown only now: copy them into the phone system.`,
    webhookUrl: 'Webhook URL (signed JSON)',
    webhookSecret: 'Webhook secret',
    urlTemplate: 'URL template',
    token: 'URL token',
    threeCxLookup: '3CX lookup address (Authorization: Bearer and the URL token)',
    voipgridName:
      'VoIPGRID dial-plan webhook (name on the handset): URL template with {callerid}; answers "Company - Person" as plain text, empty when no client matches',
    screenPop: 'Screen pop (Teams, CloudCTI, desktop CTI)',
    neverCalled: 'last call: never',
    popups: 'Incoming calls',
    callFrom: (number: string) => `Call from ${number}`,
    ended: 'Ended · extension 201',
    matchedOn: 'matched on business phone (020-123 45 67)',
    kvkAndRelation: 'KvK 12345678 · Relation number 10042',
    adminOnly: 'Only a portal administrator can change this.',
    healthOf: (system: string) => `Caller ID from ${system}`,
    healthNumbers: 'Numbers in the phone index',
  },
} as const;

const admin = { name: 'Anna de Vries', email: 'anna@kantoor.nl', password: 'correct horse battery staple' };
const employee = { name: 'Erik Bakker', email: 'erik@kantoor.nl', password: 'another long password' };
const debtor = {
  SUB_NR: '10042',
  ACCT_NAME: 'Bakkerij De Vries',
  MAIN_CONT: 'Jan de Vries',
  TEL_BUS: '020-123 45 67',
  TEL_MOB: '06-12345678',
  COC_CODE: '12345678',
};
const creditor = { SUB_NR: '90001', ACCT_NAME: 'Drukkerij Jansen', TEL_BUS: '030 234 5678' };
const unknownCompany = '43441cb0-926d-4c01-8c34-d1a2dd01ddb6';
const phoneSystem = 'Hosted PBX';

type SimCompany = { id: string; description: string };
type SimUser = { id: string; restrictedApps: string[] };
type SimApp = { clientId: string; clientSecret: string };
type IndexHealth = {
  sources: { system: string; needsReconnect: boolean; index: { numbers: number; lastFullAt: string | null } }[];
};
type ConnectForm = { apiKey: string; apiSecret: string; companyId: string };

/** The texts of the hint and error a field points at with aria-describedby. */
async function description(field: Locator): Promise<string> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id !== '');
  const texts = await Promise.all(ids.map((id) => field.page().locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

/** The value a credentials list shows under `term`. */
async function shownValue(panel: Locator, term: string): Promise<string> {
  const value = panel.getByText(term, { exact: true }).locator('xpath=following-sibling::dd[1]');
  return (await value.textContent()) ?? '';
}

describe.each(['nl', 'en'] as const)('caller-ID settings in the browser (%s)', (language: Language) => {
  const t = ui[language];
  let server: TestServer;
  let accountView: RunningSim;
  let browser: BrowserSession;
  let page: Page;
  let company: SimCompany;
  let simUser: SimUser;
  const pbx = { token: '', webhookSecret: '', threeCxLookup: '' };

  beforeAll(async () => {
    [server, accountView, browser] = await Promise.all([
      startTestServer(),
      startAccountViewSim({ port: 0, seed: 7, orgs: 0 }),
      launchBrowserSession(),
    ]);
    [company] = await simJson<[SimCompany]>(accountView.url, '/__sim/companies');
    [simUser] = await simJson<[SimUser]>(accountView.url, '/__sim/users');
    await simJson(accountView.url, `/__sim/companies/${company.id}/records/AR1`, { method: 'POST', body: debtor });
    await simJson(accountView.url, `/__sim/companies/${company.id}/records/AP1`, { method: 'POST', body: creditor });
    page = await browser.openPage(language);
    await setUpAdmin(page, server.url, admin);
    const created = await api(page, 'POST', '/api/users', { ...employee, role: 'employee' });
    expect(created.status(), await created.text()).toBe(201);
  });

  afterAll(async () => {
    await browser.close();
    await Promise.all([server.close(), accountView.close()]);
  });

  /** An API call in the page's session, with its CSRF token. */
  async function api(from: Page, method: string, path: string, data?: Record<string, unknown>): Promise<APIResponse> {
    const me = await from.request.get(`${server.url}/api/auth/me`);
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    const body = data === undefined ? {} : { data };
    return from.request.fetch(`${server.url}${path}`, { method, headers: { 'x-csrf-token': csrfToken }, ...body });
  }

  function section(name: string): Locator {
    return page.getByRole('region', { name, exact: true });
  }

  async function submitConnect(values: ConnectForm): Promise<void> {
    const form = section(t.accountView);
    await form.getByLabel(t.apiKey, { exact: true }).fill(values.apiKey);
    await form.getByLabel(t.apiSecret, { exact: true }).fill(values.apiSecret);
    await form.getByLabel(t.companyId, { exact: true }).fill(values.companyId);
    // AccountView.net is the default; the simulator stands in for it here, as a test environment would.
    await form.getByLabel(t.environmentUrl, { exact: true }).fill(accountView.url);
    await form.getByRole('button', { name: t.connect, exact: true }).click();
  }

  /** Approves on the simulator's consent page; returns the outcome crmhub's settings page was sent back with. */
  async function consent(): Promise<string | null> {
    await page.waitForURL((url) => url.origin === accountView.url);
    await page.getByRole('heading', { name: 'Toegang verlenen', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Toestaan', exact: true }).click();
    await expectPath(page, '/settings/caller-id'); // sent back to /settings?accountview=…, shown on its sub-page
    await heading(page, t.settings).waitFor();
    return new URL(page.url()).searchParams.get('accountview');
  }

  async function failureAlert(detail: string): Promise<void> {
    await section(t.accountView).getByRole('alert').filter({ hasText: t.failed }).filter({ hasText: detail }).waitFor();
  }

  it('connects AccountView through its consent page, naming the field or prerequisite that is wrong', async () => {
    await page.goto(`${server.url}/settings/caller-id`);
    await heading(page, t.settings).waitFor();
    const form = section(t.accountView);
    await form.getByText(t.registerRedirect, { exact: true }).waitFor();
    const redirectUri = await form.getByTestId('accountview-redirect-uri').textContent();
    expect(redirectUri).toBe(`${server.url}/api/callerid/accountview/callback`);
    const app = await simJson<SimApp>(accountView.url, '/__sim/apps', {
      method: 'POST',
      body: {
        name: 'crmhub',
        redirectUris: [redirectUri],
      },
    });
    const credentials = { apiKey: app.clientId, apiSecret: app.clientSecret };

    await submitConnect({ ...credentials, companyId: '' });
    await form.getByRole('alert').filter({ hasText: t.checkFields }).waitFor();
    const companyField = form.getByLabel(t.companyId, { exact: true });
    expect(await companyField.getAttribute('aria-invalid')).toBe('true');
    // The server's field code, worded in the page's language (its English message is for API clients).
    expect(await description(companyField)).toContain(t.fieldRequired);
    expect(await form.getByLabel(t.apiKey, { exact: true }).getAttribute('aria-invalid')).toBeNull();
    expect(await form.getByLabel(t.apiSecret, { exact: true }).getAttribute('aria-invalid')).toBeNull();
    // A refused connect keeps everything typed, the secret too (while the page lives).
    expect(await form.getByLabel(t.apiKey, { exact: true }).inputValue()).toBe(credentials.apiKey);
    expect(await form.getByLabel(t.apiSecret, { exact: true }).inputValue()).toBe(credentials.apiSecret);
    expect(await form.getByLabel(t.environmentUrl, { exact: true }).inputValue()).toBe(accountView.url);

    // The app is registered but not yet added for the AccountView user: crmhub names that prerequisite.
    await submitConnect({ ...credentials, companyId: company.id });
    expect(await consent()).toBe('failed');
    // Worded from the reason code in the page's language; the connector's English message is not shown.
    await failureAlert(t.restrictedApp);
    expect(await section(t.accountView).getByRole('alert').textContent()).not.toContain(
      'for this AccountView user as a restricted app',
    );
    // Back from the consent page, the form still holds what was typed, except the secret.
    expect(await form.getByLabel(t.apiKey, { exact: true }).inputValue()).toBe(credentials.apiKey);
    expect(await form.getByLabel(t.companyId, { exact: true }).inputValue()).toBe(company.id);
    expect(await form.getByLabel(t.environmentUrl, { exact: true }).inputValue()).toBe(accountView.url);
    expect(await form.getByLabel(t.apiSecret, { exact: true }).inputValue()).toBe('');
    expect(await page.evaluate<string>('JSON.stringify(sessionStorage)')).not.toContain(credentials.apiSecret);
    await simJson(accountView.url, `/__sim/users/${simUser.id}`, {
      method: 'PATCH',
      body: {
        restrictedApps: [...simUser.restrictedApps, app.clientId],
      },
    });

    await submitConnect({ ...credentials, companyId: unknownCompany });
    expect(await consent()).toBe('failed');
    await failureAlert(t.noRights);
    expect(await companyField.getAttribute('aria-invalid')).toBe('true');
    expect(await description(companyField)).toContain(t.companyUnknown);

    // The company page's address, as copied from AccountView.net, is accepted as well as the bare GUID.
    const companyPage = `https://www.accountview.net/ams/Pages/Companies/ShowCompany.aspx?id=${company.id}`;
    await submitConnect({ ...credentials, companyId: companyPage });
    expect(await consent()).toBe('connected');
    await form.getByRole('status').filter({ hasText: t.connected }).waitFor();
    await form.getByText(t.active(company.description), { exact: true }).waitFor();
    await form.getByRole('button', { name: t.disconnect, exact: true }).waitFor();
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(await form.getByLabel(t.apiKey, { exact: true }).count()).toBe(0);
    expect(await page.content()).not.toContain(app.clientSecret);

    const source = await eventually(async () => {
      const health = (await (await api(page, 'GET', '/api/callerid/health')).json()) as IndexHealth;
      const found = health.sources.find((candidate) => candidate.system === 'accountview');
      return found?.index.lastFullAt == null ? null : found;
    }, 'the first index run of AccountView');
    expect(source).toMatchObject({ needsReconnect: false, index: { numbers: 3 } }); // two debtor numbers, one creditor
    await page.goto(`${server.url}/status`);
    const health = page.getByRole('region', { name: t.healthOf('AccountView'), exact: true });
    expect(await shownValue(health, t.healthNumbers)).toBe('3');
    // The connection's own card names it a caller-ID source, not the accountant portal.
    await page.getByRole('region', { name: `${t.callerIdRole}: AccountView`, exact: true }).waitFor();
  });

  it('assigns AccountView to the employee and gives them an extension', async () => {
    await page.goto(`${server.url}/settings/caller-id`);
    const assign = section(t.assign);
    const employeeBox = assign
      .getByRole('group', { name: t.assignees, exact: true })
      .getByRole('checkbox', { name: `${employee.name} (${employee.email})`, exact: true });
    expect(await employeeBox.isChecked()).toBe(false);
    await employeeBox.check();
    await assign.getByRole('button', { name: t.saveAssignees, exact: true }).click();
    await assign.getByRole('status').filter({ hasText: t.saved }).waitFor();
    await page.reload();
    expect(await employeeBox.isChecked()).toBe(true);

    const phones = assign.getByLabel(t.phonesOf(employee.name), { exact: true });
    const savePhones = assign.getByRole('button', { name: t.savePhones(employee.name), exact: true });
    await phones.fill('2');
    await savePhones.click();
    await assign.getByText(t.notAPhone('2')).waitFor();
    expect(await phones.getAttribute('aria-invalid')).toBe('true');
    await phones.fill('201');
    await savePhones.click();
    await assign.getByRole('status').filter({ hasText: t.saved }).waitFor();

    await page.reload();
    await heading(page, t.settings).waitFor();
    expect(await phones.inputValue()).toBe('201');
    expect(await employeeBox.isChecked()).toBe(true);
  });

  it('adds a phone system and shows its token, webhook secret and endpoints only once', async () => {
    await page.goto(`${server.url}/settings/phone-systems`);
    const systems = section(t.phoneSystems);
    await systems.getByText(t.noPhoneSystem, { exact: true }).waitFor();
    await systems.getByLabel(t.phoneSystemName, { exact: true }).fill(phoneSystem);
    await systems.getByRole('button', { name: t.addPhoneSystem, exact: true }).click();
    const shown = systems.getByRole('status').filter({ hasText: t.shownOnce(phoneSystem) });
    await shown.waitFor();
    pbx.token = await shownValue(shown, t.token);
    pbx.webhookSecret = await shownValue(shown, t.webhookSecret);
    expect(pbx.token).toMatch(/^[A-Za-z0-9._~-]{20,}$/);
    expect(pbx.webhookSecret.length).toBeGreaterThanOrEqual(20);
    expect(await shownValue(shown, t.webhookUrl)).toBe(`${server.url}/api/callerid/events`);
    pbx.threeCxLookup = await shownValue(shown, t.threeCxLookup);
    expect(pbx.threeCxLookup).toBe(`${server.url}/api/callerid/3cx/lookup?number=[Number]`);
    expect(await shownValue(shown, t.urlTemplate)).toBe(
      `${server.url}/api/callerid/pbx/${pbx.token}/{calluniqueid}/{callfrom}/{callto}/{status}/{status_desc}/{direction}/{timestamp}`,
    );
    expect(await shownValue(shown, t.voipgridName)).toBe(
      `${server.url}/api/callerid/pbx/${pbx.token}/voipgrid/name?callerid={callerid}`,
    );

    await page.reload();
    const listed = systems.getByRole('listitem').filter({ hasText: phoneSystem });
    await listed.getByText(t.neverCalled).waitFor();
    expect(await systems.getByRole('status').count()).toBe(0);
    expect(await page.content()).not.toContain(pbx.webhookSecret);
  });

  it("shows the screen-pop values for Teams and CTI clients with crmhub's address", async () => {
    const screenPop = section(t.screenPop);
    expect(await screenPop.getByTestId('screen-pop-teams').textContent()).toBe(
      `Set-CsTeamsCallingPolicy -Identity Global -PopoutForIncomingPstnCalls Enabled -PopoutAppPathForIncomingPstnCalls "${server.url}/pop?number={phone}"`,
    );
    expect(await screenPop.getByTestId('screen-pop-template').textContent()).toBe(`${server.url}/pop?number={number}`);
  });

  it('pops up the AccountView debtor for the employee when the phone system rings their extension', async () => {
    const employeePage = await browser.openPage(language);
    await logInByApi(employeePage, server.url, employee);
    const streamOpened = employeePage.waitForResponse((response) => response.url().includes('/api/callerid/stream'));
    await employeePage.goto(`${server.url}/calls`);
    await heading(employeePage, t.calls).waitFor();
    expect((await streamOpened).status()).toBe(200);

    // The phone system is set up with what the settings page showed: signed JSON and the URL template.
    const phone = await startTestPbxSim(server.url, pbx);
    try {
      const call = await phone.placeCall({ from: '+31 20 123 4567', extension: '201', direction: 'in' });
      expect(call.deliveries.map((delivery) => delivery.status)).toEqual(call.deliveries.map(() => 200));
      expect(call.deliveries.length).toBeGreaterThan(0);
    } finally {
      await phone.close();
    }
    const popup = employeePage
      .getByRole('complementary', { name: t.popups })
      .getByRole('article')
      .filter({ has: employeePage.getByRole('heading', { name: t.callFrom('020 123 4567'), exact: true }) });
    // The simulated call rings and ends at once: its pop-up is already collapsed to one line naming the best match
    // (the full pop-up with its match details is tested in callerid.e2e while a call rings).
    await popup.getByText(t.ended, { exact: true }).waitFor();
    await popup.getByText(debtor.ACCT_NAME, { exact: true }).waitFor();

    // 3CX looks the caller up at the address the page showed, with the same token.
    const lookup = await fetch(pbx.threeCxLookup.replace('[Number]', '0201234567'), {
      headers: { authorization: `Bearer ${pbx.token}` },
    });
    expect(lookup.status).toBe(200);
    expect(((await lookup.json()) as { contacts: { company: string }[] }).contacts[0]?.company).toBe(debtor.ACCT_NAME);

    await page.goto(`${server.url}/settings/phone-systems`);
    const listed = section(t.phoneSystems).getByRole('listitem').filter({ hasText: phoneSystem });
    await listed.waitFor();
    expect(await listed.getByText(t.neverCalled).count()).toBe(0);
  });

  it('shows an employee no AccountView connect form, and the API refuses them with 403', async () => {
    const employeePage = await browser.openPage(language);
    await logInByApi(employeePage, server.url, employee);
    await employeePage.goto(`${server.url}/settings`);
    await heading(employeePage, t.settings).waitFor();
    await employeePage.getByText(t.adminOnly, { exact: true }).first().waitFor();
    for (const name of [t.accountView, t.assign, t.phoneSystems]) {
      expect(await employeePage.getByRole('heading', { name, exact: true }).count()).toBe(0);
    }
    expect(await employeePage.getByLabel(t.apiKey).count()).toBe(0);
    expect(await employeePage.getByRole('button', { name: t.connect }).count()).toBe(0);
    expect(await employeePage.getByRole('button', { name: t.disconnect }).count()).toBe(0);
    expect(await employeePage.getByTestId('accountview-redirect-uri').count()).toBe(0);

    const attempts = [
      api(employeePage, 'GET', '/api/callerid/accountview'),
      api(employeePage, 'POST', '/api/callerid/accountview/connect', {
        apiKey: 'key',
        apiSecret: 'secret',
        companyId: company.id,
        environmentUrl: accountView.url,
      }),
      api(employeePage, 'DELETE', '/api/callerid/accountview'),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status(), response.url()).toBe(403);
      expect(((await response.json()) as { code: string }).code).toBe('forbidden');
    }
    const status = (await (await api(page, 'GET', '/api/callerid/accountview')).json()) as {
      connection: { status: string } | null;
    };
    expect(status.connection?.status).toBe('active');
  });
});
