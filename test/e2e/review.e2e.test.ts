// Browser test of the review queue at a firm's scale (10,000 waiting changes, seeded by SQL): paging and filters kept
// in the address, a clear approved only after its own confirmation, bulk reject of the page and of a whole filter
// behind a confirmation that states the counts, a queue that changed meanwhile, names instead of ids, axe and 390 px.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SCALE_FIELDS, SCALE_LINKED } from '../helpers/scale-seed.js';
import { expectAccessible, expectAccessibleLayout, heading, openFirmAtScale, reviewBadge } from './helpers.js';

import type { Page } from 'playwright-core';
import type { TestServer } from '../helpers/server.js';
import type { FirmAtScale } from './helpers.js';

const admin = { name: 'Anna de Vries', email: 'anna@example.nl', password: 'correct horse battery staple' };
const linked = Array.from({ length: SCALE_LINKED }, (_, i) => i + 1).filter((i) => i % 3 !== 2);
const TOTAL = linked.length * SCALE_FIELDS.length; // 10,000
const CLEARS = linked.filter((i) => i % 5 === 0).length; // every fifth linked administration's email is a clear
const dutch = (n: number): string => new Intl.NumberFormat('nl-NL').format(n);

let server: TestServer;
let page: Page;
let closeFirm: FirmAtScale['close'];

/** The "Pagina x van y · N wijzigingen" line under the list. */
async function position(): Promise<string> {
  return (await page.getByText(/^Pagina \d+ van \d+ · /).textContent()) ?? '';
}

/** Waits (bounded) until the position line reads `text`: the next page renders after the server answers. */
async function expectPosition(text: string): Promise<void> {
  await expect.poll(position, { timeout: 15_000 }).toBe(text);
}

/** The filter's input (its listbox carries the same label). */
function filterInput(label: string) {
  return page.locator('input').and(page.getByLabel(label, { exact: true }));
}

async function choose(label: string, option: string): Promise<void> {
  await filterInput(label).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

beforeAll(async () => {
  ({ server, page, close: closeFirm } = await openFirmAtScale(admin));
}, 180_000);

afterAll(() => closeFirm());

describe('the review queue with 10,000 waiting changes', () => {
  it('shows the first page with names and links, pages on the server, and keeps the page in the address', async () => {
    await page.goto(`${server.url}/review`);
    await heading(page, 'Te beoordelen').waitFor();
    await page.getByTestId('list-row').first().waitFor();
    expect(await page.getByTestId('list-row').count()).toBe(50);
    expect(await position()).toBe(`Pagina 1 van 200 · ${dutch(TOTAL)} wijzigingen`);
    await expect.poll(() => reviewBadge(page), { timeout: 15_000 }).toBe(String(TOTAL));

    // Names, not ids: the administration links to its page, the CRM record is named.
    const group = page.getByRole('region', { name: 'Klant 00001 B.V.' });
    const link = group.getByRole('link', { name: 'Klant 00001 B.V.' });
    expect(await link.getAttribute('href')).toMatch(/^\/administrations\/[0-9a-f-]{36}$/);
    expect(await group.getByTestId('list-row').first().textContent()).toContain('CRM-record Organisatie 1 1');
    expect(await page.locator('main').textContent()).not.toContain('org-1-1');

    await page.getByRole('button', { name: 'Pagina 2', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('page') === '2');
    await expectPosition(`Pagina 2 van 200 · ${dutch(TOTAL)} wijzigingen`);
    await page.reload();
    await expectPosition(`Pagina 2 van 200 · ${dutch(TOTAL)} wijzigingen`);
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('page'));
    await expectPosition(`Pagina 1 van 200 · ${dutch(TOTAL)} wijzigingen`);

    await expectAccessibleLayout(page, 'the review queue');
  });

  it('filters on the server, keeps the filter over a reload, and says so when nothing matches', async () => {
    await choose('Veld', 'E-mailadres');
    await page.waitForURL((url) => url.searchParams.get('field') === 'email');
    await expectPosition(`Pagina 1 van 40 · ${dutch(linked.length)} wijzigingen`);
    await choose('Soort wijziging', 'Wordt leeggemaakt in Yuki');
    await page.waitForURL((url) => url.searchParams.get('kind') === 'clear');
    await expectPosition(`Pagina 1 van ${String(Math.ceil(CLEARS / 50))} · ${dutch(CLEARS)} wijzigingen`);
    await page.reload();
    await expectPosition(`Pagina 1 van ${String(Math.ceil(CLEARS / 50))} · ${dutch(CLEARS)} wijzigingen`);
    expect(await filterInput('Veld').inputValue()).toBe('E-mailadres');

    await choose('Status', 'Mislukt');
    await page.getByText('Geen wijzigingen die aan deze filters voldoen.', { exact: false }).waitFor();
    await expectAccessible(page, 'the review queue with nothing matching');
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('state'));
    await page.getByTestId('list-row').first().waitFor();
  });

  it('empties a value in Yuki only after its own confirmation', async () => {
    const row = page.getByTestId('list-row').first();
    const clear = row.getByTestId('clear');
    await clear.getByText('Wordt leeggemaakt in Yuki', { exact: true }).waitFor();
    expect(await clear.locator('s').textContent()).toBe('oud');

    await row.getByRole('button', { name: 'Goedkeuren', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'E-mailadres leegmaken in Yuki?' });
    await dialog.getByRole('button', { name: 'Annuleren', exact: true }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(false);
    expect(await position()).toContain(`· ${dutch(CLEARS)} wijzigingen`);

    await row.getByRole('button', { name: 'Goedkeuren', exact: true }).click();
    await dialog.getByRole('button', { name: 'Leegmaken in Yuki', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'E-mailadres goedgekeurd: het veld wordt leeggemaakt in Yuki.' })
      .waitFor();
    await expect.poll(position, { timeout: 15_000 }).toContain(`· ${dutch(CLEARS - 1)} wijzigingen`);
  });

  it('rejects the selected page and then a whole filter, each after a confirmation with the counts', async () => {
    await page.goto(`${server.url}/review?field=phone`);
    await page.getByTestId('list-row').first().waitFor();
    const toolbar = page.getByTestId('review-toolbar');
    const selectPage = toolbar.getByRole('checkbox', { name: 'Alles op deze pagina selecteren (50)' });
    await page.getByTestId('list-row').first().getByRole('checkbox').check();
    await expect.poll(() => selectPage.getAttribute('data-indeterminate'), { timeout: 10_000 }).toBe('true'); // some, not all
    await selectPage.check();
    await toolbar.getByRole('button', { name: 'Selectie afwijzen (50)', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Wijzigingen afwijzen?' });
    expect(await dialog.getByTestId('bulk-confirm-counts').textContent()).toBe(
      '50 wijzigingen in 50 administraties worden afgewezen. Dezelfde waarden worden niet opnieuw voorgesteld.',
    );
    await dialog.getByRole('button', { name: 'Ja, afwijzen', exact: true }).click();
    await toolbar.getByRole('status').filter({ hasText: '50 wijzigingen afgewezen, 0 overgeslagen.' }).waitFor();
    await expectPosition(`Pagina 1 van 39 · ${dutch(linked.length - 50)} wijzigingen`);

    // Every email change: the clears are counted and left out unless included.
    await page.goto(`${server.url}/review?field=email`);
    const emails = linked.length - 1; // one clear was approved above
    await toolbar.getByRole('button', { name: `Alle ${dutch(emails)} wijzigingen van dit filter afwijzen` }).click();
    expect(await dialog.getByTestId('bulk-confirm-counts').textContent()).toBe(
      `${dutch(emails)} wijzigingen in ${dutch(emails)} administraties worden afgewezen. Dezelfde waarden worden niet ` +
        `opnieuw voorgesteld.${String(CLEARS - 1)} wijzigingen die een veld in Yuki leegmaken, worden overgeslagen ` +
        '(vink "Ook wijzigingen meenemen die een veld in Yuki leegmaken" aan om die mee te nemen).',
    );
    await dialog.getByRole('button', { name: 'Ja, afwijzen', exact: true }).click();
    const done = toolbar.getByRole('status');
    await done.filter({ hasText: `${dutch(emails - CLEARS + 1)} wijzigingen afgewezen` }).waitFor({ timeout: 90_000 });
    expect(await done.textContent()).toContain(
      `${String(CLEARS - 1)} wijzigingen die een veld leegmaken zijn overgeslagen`,
    );
    await expectPosition(`Pagina 1 van 8 · ${String(CLEARS - 1)} wijzigingen`);
  }, 180_000); // 1,600 rejections with their audit rows, on a loaded machine

  it('decides nothing when the queue changed after the confirmation was shown, and says how many match now', async () => {
    const toolbar = page.getByTestId('review-toolbar');
    await toolbar
      .getByRole('button', { name: `Alle ${String(CLEARS - 1)} wijzigingen van dit filter afwijzen` })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Wijzigingen afwijzen?' });
    await dialog.getByTestId('bulk-confirm-counts').waitFor();
    // Meanwhile a colleague decides one of them.
    await sql`UPDATE sync_changes SET state = 'rejected'
              WHERE id = (SELECT id FROM sync_changes WHERE field = 'email' AND state = 'pending' LIMIT 1)`.execute(
      server.deps.db,
    );
    await dialog.getByRole('button', { name: 'Ja, afwijzen', exact: true }).click();
    await toolbar
      .getByRole('status')
      .filter({ hasText: `De wachtrij is intussen veranderd: nu komen er ${String(CLEARS - 2)} wijzigingen overeen` })
      .waitFor();
    await expectPosition(`Pagina 1 van 8 · ${String(CLEARS - 2)} wijzigingen`);
  });
});
