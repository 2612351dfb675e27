// Forms the server refuses, in Dutch: each field shows its problem worded from the server's field code (form.problem.*)
// and the page holds no English server text or other untranslated words (the walk's world and detector).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import nl from '../../web/src/locales/nl.json' with { type: 'json' };
import { createTestDb } from '../helpers/db.js';
import { launchBrowserSession } from './helpers.js';
import { collectServerPhrases, untranslatedTexts } from './untranslated.js';
import { openWalkPage, signInForWalk, walkPages } from './walk-pages.js';
import { startWalkWorld } from './walk-world.js';

import type { Locator, Page } from 'playwright-core';
import type { ProblemView } from '../../src/contract/problem.contract.js';
import type { BrowserSession } from './helpers.js';
import type { WalkWorld } from './walk-world.js';

let world: WalkWorld | undefined;
let browser: BrowserSession | undefined;
let dutch: { page: Page; phrases: Set<string> } | undefined;

beforeAll(async () => {
  world = await startWalkWorld(createTestDb);
  browser = await launchBrowserSession();
  const page = await browser.openPage('nl');
  dutch = { page, phrases: collectServerPhrases(page) };
  await signInForWalk(page, world);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

function session(): { world: WalkWorld; page: Page; phrases: Set<string> } {
  if (world === undefined || dutch === undefined) throw new Error('the walk world did not start');
  return { world, ...dutch };
}

async function open(name: string): Promise<Page> {
  const { world: started, page } = session();
  const walkPage = walkPages.find((known) => known.name === name);
  if (walkPage === undefined) throw new Error(`no walk page ${name}`);
  await openWalkPage(page, walkPage, started);
  return page;
}

/**
 * Submits a form and returns the field codes of the server's refusal. Its English texts join the detector's server
 * phrases here, so the check below never races the page's own reading of the answer.
 */
async function refusedFields(path: RegExp, submit: () => Promise<void>): Promise<string[]> {
  const { page, phrases } = session();
  const answer = page.waitForResponse((r) => path.test(new URL(r.url()).pathname) && r.request().method() !== 'GET');
  await submit();
  const response = await answer;
  expect(response.status()).toBe(400);
  const problem = (await response.json()) as ProblemView;
  for (const text of [problem.detail ?? '', ...(problem.errors ?? []).map((error) => error.message)]) {
    if (/\p{L}+ \p{L}+/u.test(text)) phrases.add(text.replace(/\s+/g, ' ').trim());
  }
  return (problem.errors ?? []).map((error) => `${error.field} ${error.code}`);
}

/** What a field points at with aria-describedby: Mantine's hint and error under it. */
async function fieldError(field: Locator): Promise<string> {
  const described = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  return (await Promise.all(described.map((id) => field.page().locator(`[id="${id}"]`).textContent()))).join(' ');
}

async function expectOnlyDutch(name: string): Promise<void> {
  const { page, phrases } = session();
  expect(await untranslatedTexts(page, phrases), name).toEqual([]);
}

describe('server field errors in Dutch', () => {
  it('AccountView connect: a key with a space and an onderneming id that is no GUID', async () => {
    const page = await open('settings-caller-id');
    const t = nl.callerid.accountview;
    // The walk's firm is connected; disconnecting shows the connect form.
    await page.getByRole('button', { name: t.disconnect, exact: true }).click();
    const apiKey = page.getByLabel(t.apiKey, { exact: true });
    await apiKey.fill('sleutel met spatie');
    await page.getByLabel(t.apiSecret, { exact: true }).fill('geheim');
    const companyId = page.getByLabel(t.companyId, { exact: true });
    await companyId.fill('DSTNY');
    const fields = await refusedFields(/\/api\/callerid\/accountview\/connect$/, () =>
      page.getByRole('button', { name: t.connect, exact: true }).click(),
    );
    expect(fields).toEqual(['body.apiKey key_malformed', 'body.companyId invalid_guid']);
    await page.getByText(nl.form.problem.invalid_guid).waitFor();
    expect(await fieldError(apiKey)).toContain(nl.form.problem.key_malformed);
    expect(await fieldError(companyId)).toContain(nl.form.problem.invalid_guid);
    await expectOnlyDutch('accountview connect');
  });

  it('single sign-on: a tenant id that is not a GUID', async () => {
    const page = await open('settings-users');
    const form = page.getByTestId('sso-form');
    await form.getByLabel(nl.sso.provider, { exact: true }).selectOption('microsoft');
    const tenant = form.getByLabel(nl.sso.tenantId, { exact: true });
    await tenant.fill('common');
    await form.getByLabel(nl.sso.clientId, { exact: true }).fill('crmhub');
    await form.getByLabel(nl.sso.clientSecret, { exact: true }).fill('geheim-van-de-client');
    const fields = await refusedFields(/\/api\/settings\/sso$/, () =>
      form.getByRole('button', { name: nl.sso.save, exact: true }).click(),
    );
    expect(fields).toEqual(['body.tenantId invalid_guid']);
    await form.getByText(nl.form.problem.invalid_guid).waitFor();
    expect(await fieldError(tenant)).toContain(nl.form.problem.invalid_guid);
    await expectOnlyDutch('sso settings');
  });

  it('phone systems: an allowed sender that is no IP address', async () => {
    const page = await open('settings-phone-systems');
    const senders = page.locator('.phone-systems form.inline-form').first();
    const input = senders.getByRole('textbox');
    await input.fill('voys.nl');
    const fields = await refusedFields(/\/allowed-senders$/, () =>
      senders.getByRole('button', { name: nl.callerid.pbx.saveSenders, exact: true }).click(),
    );
    expect(fields).toEqual(['body.allowedSenders senders_invalid']);
    const words = nl.form.problem.senders_invalid.replace('{{entries}}', 'voys.nl');
    await senders.getByText(words).waitFor();
    expect(await fieldError(input)).toContain(words);
    await expectOnlyDutch('phone system senders');
  });

  it('intake source: a name left empty', async () => {
    const page = await open('settings-crmhub');
    const name = page.getByLabel(nl.intake.name, { exact: true });
    await name.fill('');
    const fields = await refusedFields(/\/api\/intake\/sources$/, () =>
      page.getByRole('button', { name: nl.intake.add, exact: true }).click(),
    );
    expect(fields).toEqual(['body.name required']);
    await page.getByText(nl.form.problem.required).first().waitFor();
    expect(await fieldError(name)).toContain(nl.form.problem.required);
    await expectOnlyDutch('intake source');
  });
});
