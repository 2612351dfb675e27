// The file import in Chromium (Dutch): an administrator adds an intake source, uploads a Radar export, maps its
// columns, previews and commits; after linking, a second export's change waits in the review queue and is approved.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { findUserByEmail } from '../../src/adapters/db/repos/users.repo.js';
import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { linkAdministration } from '../../src/app/use-cases/sync/links.js';
import { connectPortal, importPortal } from '../../src/app/use-cases/sync/portal-connection.js';
import { simJson } from '../../src/sims/shared/admin-client.js';
import { startYukiSim } from '../../src/sims/yuki/cli.js';
import { yukiSimPortalInput } from '../helpers/connections.js';
import { startTestServer } from '../helpers/server.js';
import { eventually, heading, launchBrowser, openPage, setUpAdmin } from './helpers.js';

import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { User } from '../../src/adapters/db/repos/users.repo.js';
import type { RunningSim } from '../../src/sims/shared/types.js';
import type { TestServer } from '../helpers/server.js';

const t = {
  settings: 'Instellingen',
  name: 'Naam van de bron (bijv. "Radar productie")',
  system: 'Welk CRM het is',
  add: 'Intakebron toevoegen',
  shown: 'Het geheim wordt alleen nu getoond',
  open: 'Bestand importeren Radar productie',
  file: 'Exportbestand (CSV of XLSX)',
  preset: 'Indeling van de export',
  checkExport: 'Deze indeling is een aanname: controleer haar met uw eigen export.',
  upload: 'Uploaden',
  idColumn: 'Kolom “Relatienummer” (Voorbeeld: 1010)',
  unknownColumn: 'Kolom “Opmerkingen” (Voorbeeld: vaste klant)',
  preview: 'Koppeling opslaan en voorbeeld tonen',
  previewTitle: 'Voorbeeld: er is nog niets vastgelegd',
  commit: 'Deze wijzigingen vastleggen',
  review: 'Te beoordelen',
  email: 'E-mailadres',
  approve: 'Goedkeuren',
};

const yukiClient = {
  name: 'bakkerij-jansen',
  administration: {
    name: 'Bakkerij Jansen B.V.',
    cocNumber: '12345678',
    emailAddress: 'info@bakkerijjansen.nl',
    phone: '020 123 4567',
    addressLine: 'Dorpsstraat 1',
    postcode: '1011 AB',
    city: 'Amsterdam',
    country: 'NL',
  },
};
const admin = { name: 'Anna de Vries', email: 'anna@example.nl', password: 'correct horse battery staple' };

/** A Radar-style export as Dutch Excel saves it: UTF-8 with BOM, semicolons, CRLF, a column crmhub does not know. */
function exportFile(email: string): { name: string; mimeType: string; buffer: Buffer } {
  const lines = [
    'Relatienummer;Bedrijfsnaam;KvK-nummer;E-mail;Telefoon;Opmerkingen',
    `1010;Bakkerij Jansen B.V.;12345678;${email};020 123 4567;vaste klant`,
  ];
  const body = Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
  return { name: 'relaties.csv', mimeType: 'text/csv', buffer: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) };
}

async function adminUser(): Promise<User> {
  const user = await findUserByEmail(server.deps.db, admin.email);
  if (user === null) throw new Error('no admin');
  return user;
}

let server: TestServer;
let yuki: RunningSim;
let browser: Browser;
let page: Page;
let dataDir: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'crmhub-intake-e2e-'));
  [server, yuki, browser] = await Promise.all([
    startTestServer({ env: { CRMHUB_DATA_DIR: dataDir } }),
    startYukiSim({ port: 0, seed: 4, orgs: 0 }),
    launchBrowser(),
  ]);
  await simJson(yuki.url, '/__sim/domains', { method: 'POST', body: yukiClient });
  page = await openPage(browser, 'nl', contexts);
  await setUpAdmin(page, server.url, admin);
  const user = await adminUser();
  const portal = mustSucceed(await connectPortal(server.deps, user, await yukiSimPortalInput(yuki.url)));
  mustSucceed(await importPortal(server.deps, portal));
});
afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser.close();
  await Promise.all([server.close(), yuki.close()]);
  await rm(dataDir, { recursive: true, force: true });
});

async function importThroughUi(email: string): Promise<string> {
  await page.getByRole('button', { name: t.open }).click();
  await page.getByLabel(t.file).setInputFiles(exportFile(email));
  await page.getByLabel(t.preset).selectOption('radar');
  await page.getByRole('button', { name: t.upload, exact: true }).click();
  await page.getByText(t.checkExport).waitFor();
  expect(await page.getByLabel(t.idColumn).inputValue()).toBe('externalId');
  expect(await page.getByLabel(t.unknownColumn).inputValue()).toBe('ignore');
  await page.getByRole('button', { name: t.preview, exact: true }).click();
  await page.getByRole('heading', { name: t.previewTitle }).waitFor();
  const changes = (await page.getByTestId('intake-changes').textContent()) ?? '';
  await page.getByRole('button', { name: t.commit, exact: true }).click();
  await page.getByText('Vastgelegd: 1 relaties gewijzigd').waitFor();
  return changes;
}

describe('the file import in Settings (Dutch)', () => {
  it('adds a source, uploads, maps, previews, commits; a later change waits for review and is approved', async () => {
    await page.goto(`${server.url}/settings`);
    await heading(page, t.settings).waitFor();
    await page.getByLabel(t.name).fill('Radar productie');
    await page.getByLabel(t.system).selectOption('radar');
    await page.getByRole('button', { name: t.add, exact: true }).click();
    await page.getByText(t.shown).waitFor();

    expect(await importThroughUi('info@bakkerijjansen.nl')).toContain('1010 (nieuw)');
    const user = await adminUser();
    const administration = await server.deps.db.selectFrom('administrations').select('id').executeTakeFirstOrThrow();
    mustSucceed(
      await linkAdministration(server.deps, user, administration.id, { crmExternalId: '1010', mode: 'manual' }),
    );

    await page.reload();
    const changes = await importThroughUi('administratie@bakkerijjansen.nl');
    expect(changes).toContain('email: info@bakkerijjansen.nl → administratie@bakkerijjansen.nl');

    await page.goto(`${server.url}/review`);
    await heading(page, t.review).waitFor();
    const email = page
      .getByRole('region', { name: yukiClient.administration.name })
      .getByRole('article', { name: t.email });
    await email.getByText('administratie@bakkerijjansen.nl').first().waitFor();
    await email.getByRole('button', { name: t.approve, exact: true }).click();
    await eventually(async () => {
      const change = await server.deps.db
        .selectFrom('sync_changes')
        .select('state')
        .where('field', '=', 'email')
        .executeTakeFirst();
      return change !== undefined && change.state !== 'pending';
    }, 'the e-mail change approved');
  });
});
