// Browser tests of the administrations list at a firm's scale (20,000 administrations: server paging, search and filter
// kept in the address) and of bulk linking (all with one suggestion: combined dry run, confirmation with the counts,
// progress that survives a reload, the result list), in Dutch, with axe and the 390 px layout on both pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { closeInOrder } from '../helpers/close.js';
import { TEST_PASSWORD } from '../helpers/http.js';
import { SCALE_ADMINISTRATIONS, SCALE_LINKED } from '../helpers/scale-seed.js';
import { startSyncWorld } from '../helpers/sync-world.js';
import {
  expectAccessible,
  expectAccessibleLayout,
  heading,
  launchBrowserSession,
  logInByApi,
  openFirmAtScale,
} from './helpers.js';

import type { Page } from 'playwright-core';
import type { TestServer } from '../helpers/server.js';
import type { SyncWorld } from '../helpers/sync-world.js';
import type { BrowserSession, FirmAtScale } from './helpers.js';

/** A number as the Dutch page writes it (12.345). */
const dutch = (n: number): string => new Intl.NumberFormat('nl-NL').format(n);
const ui = {
  title: 'Administraties',
  search: 'Zoeken op naam, KvK- of btw-nummer',
  show: 'Tonen',
  showSingle: 'Met precies één suggestie',
  showLinked: 'Gekoppeld',
  showUnlinked: 'Niet gekoppeld',
  linkedManual: 'Gekoppeld, handmatige goedkeuring',
  selectPage: 'Alle niet-gekoppelde administraties op deze pagina selecteren',
  linkAllSingle: 'Alle met precies één KvK- of btw-suggestie koppelen',
  dryRun: 'Proefrun: toon wat er verandert',
  cancel: 'Annuleren',
  noSingleSuggestion: 'geen of meer dan één CRM-organisatie met hetzelfde KvK- of btw-nummer',
  linked: 'Gekoppeld',
  noChanges: 'Er verandert geen enkel veld: het portaal heeft de waarden uit het CRM al.',
  noneFound: 'Geen administraties gevonden voor deze zoekopdracht en dit filter.',
};

const admin = { name: 'Anna de Vries', email: 'anna@example.nl', password: 'correct horse battery staple' };
const PAGE_SIZE = 50;

/** The cells of every list row: select, name, domain, link, CRM organisation, waiting, suggestions. */
async function listRows(page: Page): Promise<string[][]> {
  const rows = await page.getByTestId('list-row').all();
  return Promise.all(
    rows.map(async (row) => (await row.locator('th, td').allTextContents()).map((text) => text.trim())),
  );
}

/** Waits until the list says it found `count` administrations (the page's rows then belong to that answer). */
async function expectFound(page: Page, count: number): Promise<void> {
  await page
    .getByRole('status')
    .filter({ hasText: new RegExp(`^${dutch(count)} administraties? gevonden\\.$`) })
    .waitFor();
}

describe('the administrations list at 20,000, in Dutch', () => {
  let server: TestServer;
  let page: Page;
  let closeFirm: FirmAtScale['close'];
  const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  const linkedCount = upTo(SCALE_LINKED).filter((i) => i % 3 !== 2).length;
  const singleCount = upTo(SCALE_ADMINISTRATIONS).filter((i) => i % 3 === 0 && !(i <= SCALE_LINKED)).length;

  beforeAll(async () => {
    ({ server, page, close: closeFirm } = await openFirmAtScale(admin));
  }, 180_000);

  afterAll(() => closeFirm());

  it('pages on the server with the total, and keeps the page in the address', async () => {
    await page.goto(`${server.url}/administrations`);
    await heading(page, ui.title).waitFor();
    await page.getByTestId('list-row').first().waitFor();
    await expectFound(page, SCALE_ADMINISTRATIONS);
    const first = await listRows(page);
    expect(first).toHaveLength(PAGE_SIZE);
    await page.getByText(`Pagina 1 van ${dutch(SCALE_ADMINISTRATIONS / PAGE_SIZE)} · `).waitFor();

    await page.getByRole('button', { name: 'Pagina 2', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('page') === '2');
    await page.getByText(`Pagina 2 van ${dutch(SCALE_ADMINISTRATIONS / PAGE_SIZE)} · `).waitFor();
    const second = await listRows(page);
    expect(second).toHaveLength(PAGE_SIZE);
    const names = new Set([...first, ...second].map((row) => row[1]));
    expect(names.size).toBe(2 * PAGE_SIZE); // no row on both pages

    await page.reload();
    await page.getByText(`Pagina 2 van ${dutch(SCALE_ADMINISTRATIONS / PAGE_SIZE)} · `).waitFor();
    expect((await listRows(page)).map((row) => row[1])).toEqual(second.map((row) => row[1]));
    await expectAccessibleLayout(page, 'the administrations list');
  });

  it('searches by name and KvK number and filters, in the address', async () => {
    await page.goto(`${server.url}/administrations?page=3`);
    const search = page.getByLabel(ui.search, { exact: true });
    await search.fill('Klant 19999');
    await page.waitForURL((url) => url.searchParams.get('q') === 'Klant 19999' && !url.searchParams.has('page'));
    await expectFound(page, 1);
    const [found] = await listRows(page);
    expect([found?.[1], found?.[6]]).toEqual(['Klant 19999 B.V.', '2']);

    await search.fill('00012345');
    await page.waitForURL((url) => url.searchParams.get('q') === '00012345');
    // The previous answer stays on screen until the new one is in: wait for the rows, not the count.
    await expect.poll(async () => (await listRows(page)).map((row) => row[1])).toEqual(['Klant 12345 B.V.']);

    await search.fill('');
    await page.waitForURL((url) => !url.searchParams.has('q'));
    await page.getByLabel(ui.show, { exact: true }).selectOption({ label: ui.showSingle });
    await page.waitForURL((url) => url.searchParams.get('show') === 'single_suggestion');
    await expectFound(page, singleCount);
    const single = await listRows(page);
    expect(single.every((row) => row[3] === ui.showUnlinked && row[6] === '1')).toBe(true);

    // Linked rows name their CRM organisation, not its id; a reload keeps the filter.
    await page.getByLabel(ui.show, { exact: true }).selectOption({ label: ui.showLinked });
    await expectFound(page, linkedCount);
    await page.reload();
    await expectFound(page, linkedCount);
    expect(await page.getByLabel(ui.show, { exact: true }).inputValue()).toBe('linked');
    const linked = await listRows(page);
    expect(linked.every((row) => row[3] === ui.linkedManual && /^Organisatie \d+ 1$/.test(row[4] ?? ''))).toBe(true);

    await search.fill('geen klant met deze naam');
    await page.getByText(ui.noneFound, { exact: true }).waitFor();
  });

  it('selects a page for bulk linking and tells in the dry run which are left out and why', async () => {
    await page.goto(`${server.url}/administrations?show=single_suggestion`);
    await expectFound(page, singleCount);
    await page.getByLabel(ui.selectPage, { exact: true }).check();
    await page
      .getByRole('status')
      .filter({ hasText: `${dutch(PAGE_SIZE)} administraties geselecteerd` })
      .waitFor();
    // The selection stays while the user looks elsewhere: one without a suggestion is added.
    await page.getByLabel(ui.show, { exact: true }).selectOption({ label: ui.showUnlinked });
    await expectFound(page, SCALE_ADMINISTRATIONS - linkedCount);
    const [unsuggested] = await listRows(page);
    expect(unsuggested?.[6]).toBe('0');
    await page.getByLabel(`${unsuggested?.[1] ?? ''} selecteren`, { exact: true }).check();
    await page.getByRole('button', { name: `Selectie koppelen (${dutch(PAGE_SIZE + 1)})`, exact: true }).click();

    const panel = page.getByRole('region', { name: `${dutch(PAGE_SIZE + 1)} geselecteerde administraties koppelen` });
    await panel.getByRole('button', { name: ui.dryRun, exact: true }).click();
    const dryRun = panel.getByTestId('bulk-dry-run');
    await dryRun
      .getByText(`${dutch(PAGE_SIZE)} administraties worden gekoppeld, elk aan haar enige suggestie.`)
      .waitFor();
    expect(await dryRun.getByTestId('bulk-dry-run-skipped').textContent()).toBe(
      `1 administratie wordt overgeslagen: ${ui.noSingleSuggestion}`,
    );
    await expectAccessible(page, 'the bulk link dry run');
    await panel.getByRole('button', { name: ui.cancel, exact: true }).click();
    await expect.poll(() => panel.count()).toBe(0);
  });
});

describe('bulk linking in the browser, in Dutch', () => {
  let world: SyncWorld;
  let browser: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    [world, browser] = await Promise.all([startSyncWorld({ orgs: 30 }), launchBrowserSession()]);
    page = await browser.openPage('nl');
    await logInByApi(page, world.server.url, { email: 'admin@kantoor.nl', password: TEST_PASSWORD });
  }, 300_000);

  afterAll(() => closeInOrder(browser, world));

  it('links all with one suggestion after a dry run and a confirmation, followed across a reload', async () => {
    const single = await world.admin.request<{ page: { total: number } }>(
      'GET',
      '/api/administrations?show=single_suggestion&size=1',
    );
    const expected = single.body.page.total;
    expect(expected).toBeGreaterThan(5);

    await page.goto(`${world.server.url}/administrations`);
    await page.getByTestId('list-row').first().waitFor();
    await page.getByRole('button', { name: ui.linkAllSingle, exact: true }).click();
    const panel = page.getByRole('region', { name: 'Alle administraties met precies één suggestie koppelen' });
    await panel.getByRole('radio', { name: 'Handmatige goedkeuring', exact: true }).check();
    await panel.getByRole('button', { name: ui.dryRun, exact: true }).click();
    const dryRun = panel.getByTestId('bulk-dry-run');
    await dryRun
      .getByText(`${dutch(expected)} administraties worden gekoppeld, elk aan haar enige suggestie.`)
      .waitFor();
    // Manual approval: every change a field would get waits for a person (the simulators may agree on every field).
    const fields = await dryRun.getByTestId('bulk-dry-run-fields').locator('tbody tr').all();
    if (fields.length === 0) await dryRun.getByText(ui.noChanges, { exact: true }).waitFor();
    for (const row of fields) {
      const [changes, held] = await row.locator('td').allTextContents();
      expect(held).toBe(changes);
    }

    await panel.getByRole('button', { name: `${dutch(expected)} administraties koppelen…`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `${dutch(expected)} administraties koppelen?` });
    await dialog
      .getByText(`${dutch(expected)} administraties worden gekoppeld met goedkeuring: Handmatige goedkeuring.`, {
        exact: false,
      })
      .waitFor();
    await expectAccessible(page, 'the bulk link confirmation');
    await dialog.getByRole('button', { name: `${dutch(expected)} koppelen`, exact: true }).click();
    await page.waitForURL((url) => url.searchParams.has('run'));

    // The run id is in the address: a reload follows the same run to its end.
    await page.reload();
    const status = page.getByTestId('bulk-run-status');
    await expect
      .poll(() => status.textContent(), { timeout: 120_000 })
      .toBe(`Klaar: ${dutch(expected)} gekoppeld, 0 overgeslagen (van ${dutch(expected)}).`);
    const results = await page.getByTestId('bulk-run-results').locator('tbody tr').all();
    expect(results).toHaveLength(expected);
    for (const row of results) expect(await row.locator('td').first().textContent()).toBe(ui.linked);
    await expectAccessibleLayout(page, 'the bulk link result');

    // The list follows: nobody is left with exactly one suggestion.
    await page.getByLabel(ui.show, { exact: true }).selectOption({ label: ui.showSingle });
    await page.getByText(ui.noneFound, { exact: true }).waitFor();

    // One of them, on its own page: linked with manual approval, on Mantine, accessible, phone-wide.
    await page.goto(`${world.server.url}/administrations?show=linked`);
    await page.getByTestId('list-row').first().getByRole('link').click();
    // The list shows the same words on every linked row: wait until the administration's own page is there.
    await page.waitForURL((url) => /^\/administrations\/[^/]+$/.test(url.pathname));
    await page.getByTestId('list-row').first().waitFor({ state: 'detached' });
    await page.getByText(ui.linkedManual, { exact: true }).waitFor();
    await expectAccessibleLayout(page, 'an administration page');
  }, 300_000);
});
