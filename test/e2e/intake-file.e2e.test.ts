// The file import in Chromium, in Dutch and in English: an administrator adds an intake source, uploads a Radar
// export, maps its columns, previews and commits; after linking, a second export's change waits in the review queue
// and is approved. Every text on the way is the page's language; the pages pass axe and fit a 390 px phone.
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
import { bakkerijJansenInYuki } from './clients.js';
import { eventually, expectAccessibleLayout, heading, launchBrowserSession, setUpAdmin } from './helpers.js';

import type { Page } from 'playwright-core';
import type { User } from '../../src/adapters/db/repos/users.repo.js';
import type { RunningSim } from '../../src/sims/shared/types.js';
import type { TestServer } from '../helpers/server.js';
import type { BrowserSession, Language } from './helpers.js';

const ui = {
  nl: {
    settings: 'Instellingen',
    name: 'Naam van de bron (bijv. "Radar productie")',
    sourceName: 'Radar productie',
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
    created: '1010 (nieuw)',
    createdFields: ['Bedrijfsnaam: — → Bakkerij Jansen B.V.', 'Actief: — → ja'],
    emailChange: 'E-mailadres: info@bakkerijjansen.nl → administratie@bakkerijjansen.nl',
    repaired: 'Spaties aan begin of eind van een cel verwijderd: 1',
    commit: 'Deze wijzigingen vastleggen',
    committed: 'Vastgelegd: 1 relaties gewijzigd',
    review: 'Te beoordelen',
    email: 'E-mailadres',
    approve: 'Goedkeuren',
  },
  en: {
    settings: 'Settings',
    name: 'Name of the source (e.g. "Radar production")',
    sourceName: 'Radar production',
    system: 'Which CRM it stands for',
    add: 'Add intake source',
    shown: 'The secret is shown only now',
    open: 'Import a file Radar production',
    file: 'Export file (CSV or XLSX)',
    preset: 'Layout of the export',
    checkExport: 'This preset is an assumption: check it against your own export.',
    upload: 'Upload',
    idColumn: 'Column “Relatienummer” (Example: 1010)',
    unknownColumn: 'Column “Opmerkingen” (Example: vaste klant)',
    preview: 'Save mapping and preview',
    previewTitle: 'Preview: nothing has been recorded yet',
    created: '1010 (new)',
    createdFields: ['Company name: — → Bakkerij Jansen B.V.', 'Active: — → yes'],
    emailChange: 'Email address: info@bakkerijjansen.nl → administratie@bakkerijjansen.nl',
    repaired: 'Spaces removed from the start or end of a cell: 1',
    commit: 'Record these changes',
    committed: 'Recorded: 1 records changed',
    review: 'Review queue',
    email: 'Email address',
    approve: 'Approve',
  },
} satisfies Record<Language, Record<string, string | string[]>>;

const admin = { name: 'Anna de Vries', email: 'anna@example.nl', password: 'correct horse battery staple' };

/** A Radar-style export as Dutch Excel saves it: UTF-8 with BOM, semicolons, CRLF, a column crmhub does not know. */
function exportFile(email: string): { name: string; mimeType: string; buffer: Buffer } {
  const lines = [
    'Relatienummer;Bedrijfsnaam;KvK-nummer;E-mail;Telefoon;Opmerkingen',
    // The trailing space is one of Excel's damages: trimmed, with a note in the preview.
    `1010;Bakkerij Jansen B.V. ;12345678;${email};020 123 4567;vaste klant`,
  ];
  const body = Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
  return { name: 'relaties.csv', mimeType: 'text/csv', buffer: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) };
}

describe.each(['nl', 'en'] as const)('the file import in Settings (%s)', (language: Language) => {
  const t = ui[language];
  let server: TestServer;
  let yuki: RunningSim;
  let browser: BrowserSession;
  let page: Page;
  let dataDir: string;

  async function adminUser(): Promise<User> {
    const user = await findUserByEmail(server.deps.db, admin.email);
    if (user === null) throw new Error('no admin');
    return user;
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'crmhub-intake-e2e-'));
    [server, yuki, browser] = await Promise.all([
      startTestServer({ env: { CRMHUB_DATA_DIR: dataDir } }),
      startYukiSim({ port: 0, seed: 4, orgs: 0 }),
      launchBrowserSession(),
    ]);
    await simJson(yuki.url, '/__sim/domains', { method: 'POST', body: bakkerijJansenInYuki });
    page = await browser.openPage(language);
    await setUpAdmin(page, server.url, admin);
    const user = await adminUser();
    const portal = mustSucceed(await connectPortal(server.deps, user, await yukiSimPortalInput(yuki.url)));
    mustSucceed(await importPortal(server.deps, portal));
  });
  afterAll(async () => {
    await browser.close();
    await Promise.all([server.close(), yuki.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Upload → map → preview (checked for accessibility and width) → commit; returns the preview's changes. */
  async function importThroughUi(email: string): Promise<{ changes: string; repaired: string }> {
    await page.getByRole('button', { name: t.open }).click();
    await page.getByLabel(t.file).setInputFiles(exportFile(email));
    await page.getByLabel(t.preset).selectOption('radar');
    await page.getByRole('button', { name: t.upload, exact: true }).click();
    await page.getByText(t.checkExport).waitFor();
    expect(await page.getByLabel(t.idColumn).inputValue()).toBe('externalId');
    expect(await page.getByLabel(t.unknownColumn).inputValue()).toBe('ignore');
    await expectAccessibleLayout(page, `the mapping step (${language})`);
    await page.getByRole('button', { name: t.preview, exact: true }).click();
    await page.getByRole('heading', { name: t.previewTitle }).waitFor();
    const changes = (await page.getByTestId('intake-changes').textContent()) ?? '';
    const repaired = (await page.getByTestId('intake-notes').textContent()) ?? '';
    await expectAccessibleLayout(page, `the preview (${language})`);
    await page.getByRole('button', { name: t.commit, exact: true }).click();
    await page.getByText(t.committed).waitFor();
    return { changes, repaired };
  }

  it('adds a source, uploads, maps, previews, commits; a later change waits for review and is approved', async () => {
    await page.goto(`${server.url}/settings`);
    await heading(page, t.settings).waitFor();
    await page.getByLabel(t.name).fill(t.sourceName);
    await page.getByLabel(t.system).selectOption('radar');
    await page.getByRole('button', { name: t.add, exact: true }).click();
    await page.getByText(t.shown).waitFor();

    const first = await importThroughUi('info@bakkerijjansen.nl');
    expect(first.changes).toContain(t.created);
    for (const field of t.createdFields) expect(first.changes).toContain(field);
    expect(first.repaired).toContain(t.repaired);
    const user = await adminUser();
    const administration = await server.deps.db.selectFrom('administrations').select('id').executeTakeFirstOrThrow();
    mustSucceed(
      await linkAdministration(server.deps, user, administration.id, { crmExternalId: '1010', mode: 'manual' }),
    );

    await page.reload();
    const second = await importThroughUi('administratie@bakkerijjansen.nl');
    expect(second.changes).toContain(t.emailChange);

    await page.goto(`${server.url}/review`);
    await heading(page, t.review).waitFor();
    const email = page
      .getByRole('region', { name: bakkerijJansenInYuki.administration.name })
      .getByRole('article', { name: t.email });
    await email.getByText('administratie@bakkerijjansen.nl').first().waitFor();
    await expectAccessibleLayout(page, `the review queue (${language})`);
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
