/** Minimal HTML pages of the simulated AccountView.net sign-in: error, login and consent. */
import type { SimUser } from './state.js';

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${esc(title)} - AccountView.net (simulator)</title></head><body><h1>${esc(title)}</h1>${body}</body></html>`;
}

function hiddenInputs(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
}

export function errorPage(message: string): string {
  return page('Fout', `<p id="error">${esc(message)}</p>`);
}

/** Shown when no simulated user is logged in: pick one (tests can pass `sim_user` instead). */
export function loginPage(fields: Record<string, string>, users: readonly SimUser[]): string {
  const options = users.map((u) => `<option value="${esc(u.id)}">${esc(u.name)} (${esc(u.login)})</option>`).join('');
  return page(
    'Inloggen',
    `<form method="post" action="/ams/authorize.aspx">${hiddenInputs(fields)}<label>Gebruiker <select name="sim_user">${options}</select></label><button type="submit">Inloggen</button></form>`,
  );
}

export function consentPage(
  fields: Record<string, string>,
  appName: string,
  user: SimUser,
  scopes: readonly string[],
): string {
  return page(
    'Toegang verlenen',
    `<p>${esc(appName)} vraagt toegang tot uw AccountView-gegevens (${esc(scopes.join(', '))}) als ${esc(user.name)}.</p>` +
      `<form method="post" action="/ams/authorize.aspx">${hiddenInputs(fields)}` +
      `<button type="submit" name="decision" value="approve">Toestaan</button>` +
      `<button type="submit" name="decision" value="deny">Weigeren</button></form>`,
  );
}
