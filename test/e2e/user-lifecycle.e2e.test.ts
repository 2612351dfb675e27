// A user's whole life in Dutch, in Chromium: domain access, a temporary password replaced at first login, own
// sessions, deactivation that ends the session at once, role change, the last administrator kept, deletion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensurePortal } from '../../src/adapters/db/repos/users.repo.js';
import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { createUser, DEFAULT_PORTAL_NAME } from '../../src/app/use-cases/users.js';
import { addDomainWithAdministration } from '../helpers/portal.js';
import { startTestServer } from '../helpers/server.js';
import { expectAccessibleLayout, expectPath, heading, launchBrowserSession, setUpAdmin } from './helpers.js';

import type { Locator, Page } from 'playwright-core';
import type { TestServer } from '../helpers/server.js';
import type { BrowserSession } from './helpers.js';

const admin = { name: 'Anna de Vries', email: 'anna@kantoor.nl', password: 'correct horse battery staple' };
const employee = { name: 'Erik Bakker', email: 'erik@kantoor.nl', password: 'another long password' };
const leaver = { name: 'Lotte Vertrek', email: 'lotte@kantoor.nl', password: 'een lang wachtwoord' };
const domainNames = ['Een', 'Twee', 'Drie', 'Vier', 'Vijf'];

let server: TestServer;
let browser: BrowserSession;
let adminPage: Page;
let employeePage: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowserSession()]);
  adminPage = await browser.openPage('nl');
  employeePage = await browser.openPage('nl');
  await setUpAdmin(adminPage, server.url, admin);
  const db = server.deps.db;
  const portalId = await ensurePortal(db, DEFAULT_PORTAL_NAME);
  const now = new Date();
  for (const name of domainNames) {
    await addDomainWithAdministration(db, {
      portalId,
      domain: { externalId: `d-${name}`, name: `Domein ${name}` },
      administration: { externalId: `a-${name}`, name: `${name} B.V.` },
      now,
    });
  }
  for (const user of [employee, leaver]) mustSucceed(await createUser(db, { ...user, role: 'employee' }));
});

afterAll(async () => {
  await browser.close();
  await server.close();
});

function userRow(email: string): Locator {
  const section = adminPage.getByRole('region', { name: 'Gebruikers', exact: true });
  return section.getByRole('row').filter({ has: adminPage.getByRole('cell', { name: email, exact: true }) });
}

async function manage(user: { name: string; email: string }): Promise<Locator> {
  const row = userRow(user.email);
  const details = row.locator('details');
  if ((await details.getAttribute('open')) === null)
    await row.getByText(`${user.name} beheren`, { exact: true }).click();
  return details;
}

async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await heading(page, 'Inloggen bij crmhub').waitFor();
  await page.getByLabel('E-mailadres', { exact: true }).fill(email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
}

async function administrationNames(page: Page): Promise<string[]> {
  await heading(page, 'Administraties').waitFor();
  const table = page.getByRole('table', { name: 'Administraties' });
  await table.waitFor();
  return (await table.getByRole('rowheader').allTextContents()).sort();
}

describe('a user from start to end, in Dutch', () => {
  it('gives an employee two of five domains, and the employee sees exactly those', async () => {
    await adminPage.goto(`${server.url}/settings/users`);
    const panel = await manage(employee);
    await panel.getByLabel('Alleen de domeinen die hieronder zijn aangevinkt', { exact: true }).check();
    await panel.getByLabel('Domein Twee', { exact: true }).check();
    await panel.getByLabel('Domein Vier', { exact: true }).check();
    await panel.getByRole('button', { name: 'Toegang opslaan', exact: true }).click();
    await userRow(employee.email).getByRole('cell', { name: '2 domeinen', exact: true }).waitFor();

    await logIn(employeePage, employee.email, employee.password);
    await expectPath(employeePage, '/administrations'); // nothing to review: work starts at the administrations
    expect(await administrationNames(employeePage)).toEqual(['Twee B.V.', 'Vier B.V.']);
  });

  it('ends the session with a temporary password, which must be replaced at first login', async () => {
    const panel = await manage(employee);
    await panel.getByRole('button', { name: 'Tijdelijk wachtwoord uitgeven', exact: true }).click();
    const temporary = (await panel.getByTestId('temporary-password').textContent()) ?? '';
    expect(temporary).toMatch(/^\S{20}$/);

    await employeePage.reload();
    await heading(employeePage, 'Inloggen bij crmhub').waitFor();
    await logIn(employeePage, employee.email, temporary);
    await heading(employeePage, 'Kies uw eigen wachtwoord').waitFor();
    await employeePage.getByLabel('Tijdelijk wachtwoord', { exact: true }).fill(temporary);
    await employeePage.getByLabel('Nieuw wachtwoord', { exact: true }).fill('password1234');
    await employeePage.getByRole('button', { name: 'Wachtwoord wijzigen', exact: true }).click();
    await employeePage.getByText('Dit lijkt te veel op een veelgebruikt wachtwoord.').first().waitFor();
    await employeePage.getByLabel('Nieuw wachtwoord', { exact: true }).fill('mijn eigen lange zin');
    await employeePage.getByRole('button', { name: 'Wachtwoord wijzigen', exact: true }).click();
    expect(await administrationNames(employeePage)).toEqual(['Twee B.V.', 'Vier B.V.']);
  });

  it('shows the employee their own sessions', async () => {
    await employeePage.getByRole('button', { name: employee.name, exact: true }).click();
    await employeePage.getByRole('menuitem', { name: 'Mijn account', exact: true }).click();
    await heading(employeePage, 'Mijn account').waitFor();
    const sessions = employeePage.getByTestId('sessions');
    await sessions.getByText('Deze sessie', { exact: true }).waitFor();
    expect(await sessions.getByRole('row').count()).toBe(2); // the header and this session
    await expectAccessibleLayout(employeePage, 'my account');
  });

  it('deactivates the employee, whose open page is signed out, and reactivates them as administrator', async () => {
    const panel = await manage(employee);
    await panel.getByRole('button', { name: 'Deactiveren', exact: true }).click();
    await userRow(employee.email).getByRole('cell', { name: 'Gedeactiveerd', exact: true }).waitFor();
    await employeePage.reload();
    await heading(employeePage, 'Inloggen bij crmhub').waitFor();

    await (await manage(employee)).getByRole('button', { name: 'Weer activeren', exact: true }).click();
    await userRow(employee.email).getByRole('cell', { name: 'Actief', exact: true }).waitFor();
    await (
      await manage(employee)
    )
      .getByLabel(`Rol van ${employee.name}`, { exact: true })
      .selectOption({ label: 'Portaalbeheerder' });
    await userRow(employee.email).getByRole('cell', { name: 'Portaalbeheerder', exact: true }).waitFor();
  });

  it('keeps an active portal administrator, and deletes a user after confirmation', async () => {
    await (
      await manage(employee)
    )
      .getByLabel(`Rol van ${employee.name}`, { exact: true })
      .selectOption({ label: 'Medewerker' });
    await userRow(employee.email).getByRole('cell', { name: 'Medewerker', exact: true }).waitFor();
    const own = await manage(admin);
    await own.getByRole('button', { name: 'Deactiveren', exact: true }).click();
    await own
      .getByRole('alert')
      .filter({ hasText: 'Dan houdt het portaal geen actieve portaalbeheerder over.' })
      .waitFor();

    await (await manage(leaver)).getByRole('button', { name: 'Gebruiker verwijderen', exact: true }).click();
    const dialog = adminPage.getByRole('dialog', { name: `${leaver.name} verwijderen?` });
    await dialog.getByRole('button', { name: 'Gebruiker verwijderen', exact: true }).click();
    await userRow(leaver.email).waitFor({ state: 'detached' });
    const section = adminPage.getByRole('region', { name: 'Gebruikers', exact: true });
    expect(await section.getByRole('rowheader').allTextContents()).toEqual([admin.name, employee.name]);
  });
});
