// Settings → Users in Chromium: an administrator lists and adds users; the new employee logs in without that section.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestServer } from '../helpers/server.js';
import { expectPath, heading, launchBrowserSession, setUpAdmin } from './helpers.js';

import type { Locator, Page } from 'playwright-core';
import type { TestServer } from '../helpers/server.js';
import type { BrowserSession, Language } from './helpers.js';

const ui = {
  nl: {
    settings: 'Instellingen',
    callerIdPage: 'Nummerherkenning',
    users: 'Gebruikers',
    name: 'Naam',
    email: 'E-mailadres',
    role: 'Rol',
    password: 'Wachtwoord',
    passwordHint: 'Minstens 12 tekens.',
    add: 'Gebruiker toevoegen',
    admin: 'Portaalbeheerder',
    employee: 'Medewerker',
    added: (name: string) => `${name} is toegevoegd.`,
    phonesOf: (name: string) => `Toestellen en nummers van ${name}`,
    checkFields: 'Controleer de gemarkeerde velden.',
    emailTaken: 'Er bestaat al een gebruiker met dit e-mailadres.',
    passwordTooShort: 'Het wachtwoord moet minstens 12 tekens lang zijn.',
    loginTitle: 'Inloggen bij crmhub',
    logIn: 'Inloggen',
    adminOnly: 'Alleen een portaalbeheerder kan dit wijzigen.',
    active: 'Actief',
    allDomains: 'Alle domeinen',
    noDomains: '0 domeinen',
  },
  en: {
    settings: 'Settings',
    callerIdPage: 'Caller ID',
    users: 'Users',
    name: 'Name',
    email: 'Email address',
    role: 'Role',
    password: 'Password',
    passwordHint: 'At least 12 characters.',
    add: 'Add user',
    admin: 'Portal administrator',
    employee: 'Employee',
    added: (name: string) => `${name} was added.`,
    phonesOf: (name: string) => `Extensions and numbers of ${name}`,
    checkFields: 'Check the highlighted fields.',
    emailTaken: 'A user with this email address already exists.',
    passwordTooShort: 'The password must be at least 12 characters long.',
    loginTitle: 'Log in to crmhub',
    logIn: 'Log in',
    adminOnly: 'Only a portal administrator can change this.',
    active: 'Active',
    allDomains: 'All domains',
    noDomains: '0 domains',
  },
} as const;

const admin = { name: 'Anna de Vries', email: 'anna@kantoor.nl', password: 'correct horse battery staple' };
const employee = { name: 'Erik Bakker', email: 'erik@kantoor.nl', password: 'another long password' };

/** The texts of the hint and error a field points at with aria-describedby. */
async function description(field: Locator): Promise<string> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id !== '');
  const texts = await Promise.all(ids.map((id) => field.page().locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

describe.each(['nl', 'en'] as const)('users in the settings (%s)', (language: Language) => {
  const t = ui[language];
  let server: TestServer;
  let browser: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowserSession()]);
    page = await browser.openPage(language);
    await setUpAdmin(page, server.url, admin);
  });

  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  function usersSection(from: Page): Locator {
    return from.getByRole('region', { name: t.users, exact: true });
  }

  function row(section: Locator, email: string): Locator {
    return section.getByRole('row').filter({ has: section.page().getByRole('cell', { name: email, exact: true }) });
  }

  async function submitUser(section: Locator, user: { name: string; email: string; password: string }) {
    await section.getByLabel(t.name, { exact: true }).fill(user.name);
    await section.getByLabel(t.email, { exact: true }).fill(user.email);
    await section.getByLabel(t.role, { exact: true }).selectOption({ label: t.employee });
    await section.getByLabel(t.password, { exact: true }).fill(user.password);
    await section.getByRole('button', { name: t.add, exact: true }).click();
  }

  it('lists the administrator, adds an employee, and names the field the server refused', async () => {
    await page.goto(`${server.url}/settings/users`);
    await heading(page, t.settings).waitFor();
    const section = usersSection(page);
    const adminRow = row(section, admin.email);
    await adminRow.waitFor();
    expect(await adminRow.getByRole('rowheader').textContent()).toBe(admin.name);
    expect((await adminRow.getByRole('cell').allTextContents()).slice(0, 4)).toEqual([
      admin.email,
      t.admin,
      t.active,
      t.allDomains,
    ]);
    const passwordField = section.getByLabel(t.password, { exact: true });
    expect(await passwordField.getAttribute('type')).toBe('password');
    expect(await passwordField.getAttribute('autocomplete')).toBe('new-password');
    expect(await description(passwordField)).toBe(t.passwordHint);
    expect(await section.getByLabel(t.role, { exact: true }).inputValue()).toBe('employee');

    await submitUser(section, employee);
    await section
      .getByRole('status')
      .filter({ hasText: t.added(employee.name) })
      .waitFor();
    const employeeRow = row(section, employee.email);
    await employeeRow.waitFor();
    expect(await employeeRow.getByRole('rowheader').textContent()).toBe(employee.name);
    expect((await employeeRow.getByRole('cell').allTextContents()).slice(0, 4)).toEqual([
      employee.email,
      t.employee,
      t.active,
      t.noDomains,
    ]);
    for (const label of [t.name, t.email, t.password]) {
      expect(await section.getByLabel(label, { exact: true }).inputValue()).toBe('');
    }
    expect(await section.getByRole('alert').count()).toBe(0);
    // The new colleague can be given an extension at once (caller-ID settings), without reloading the page.
    await page.getByRole('link', { name: t.callerIdPage, exact: true }).click();
    await page.getByLabel(t.phonesOf(employee.name), { exact: true }).waitFor();
    await page.getByRole('link', { name: t.users, exact: true }).click();
    await row(section, employee.email).waitFor();

    // The same address in other capitals is the same user.
    const emailField = section.getByLabel(t.email, { exact: true });
    await submitUser(section, { ...employee, name: 'Erik de Tweede', email: employee.email.toUpperCase() });
    await section.getByRole('alert').filter({ hasText: t.checkFields }).waitFor();
    expect(await emailField.getAttribute('aria-invalid')).toBe('true');
    expect(await description(emailField)).toBe(t.emailTaken);
    expect(await passwordField.getAttribute('aria-invalid')).toBeNull();
    expect(await section.getByRole('status').count()).toBe(0);

    await submitUser(section, { name: 'Fenna Kort', email: 'fenna@kantoor.nl', password: 'kort' });
    await section.getByText(t.passwordTooShort, { exact: true }).waitFor();
    await section.getByRole('alert').filter({ hasText: t.checkFields }).waitFor();
    expect(await passwordField.getAttribute('aria-invalid')).toBe('true');
    expect(await description(passwordField)).toBe(`${t.passwordTooShort} ${t.passwordHint}`); // error, then hint
    expect(await emailField.getAttribute('aria-invalid')).toBeNull();

    // Only the administrator and the one employee exist, also after a reload.
    await page.reload();
    await row(section, employee.email).waitFor();
    expect(await section.getByRole('rowheader').allTextContents()).toEqual([admin.name, employee.name]);
  });

  it('lets the new employee log in, without the users section', async () => {
    const employeePage = await browser.openPage(language);
    await employeePage.goto(`${server.url}/login`);
    await heading(employeePage, t.loginTitle).waitFor();
    await employeePage.getByLabel(t.email, { exact: true }).fill(employee.email);
    await employeePage.getByLabel(t.password, { exact: true }).fill(employee.password);
    await employeePage.getByRole('button', { name: t.logIn, exact: true }).click();
    await expectPath(employeePage, '/administrations'); // nothing to review yet: work starts there
    await employeePage.goto(`${server.url}/settings`);
    await heading(employeePage, t.settings).waitFor();
    await employeePage.getByRole('button', { name: employee.name, exact: true }).waitFor();
    await employeePage.getByText(t.adminOnly, { exact: true }).first().waitFor();

    expect(await employeePage.getByRole('heading', { name: t.users, exact: true }).count()).toBe(0);
    expect(await usersSection(employeePage).count()).toBe(0);
    expect(await employeePage.getByRole('button', { name: t.add, exact: true }).count()).toBe(0);
    expect(await employeePage.getByText(admin.email, { exact: true }).count()).toBe(0);
  });
});
