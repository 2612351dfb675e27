/** OAuth redirect targets (AccountView, Visma Connect, single sign-on): public unlogged routes, and where they send the browser. */
import { routeGroup } from './route.js';

import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';
import type { RouteGroup } from './route.js';
import type { ZodApp } from './zod-app.js';

/** Public routes whose query holds an authorization code and state: their request lines are not logged. */
export function callbackRoutes(app: ZodApp, tags: readonly string[]): RouteGroup {
  return routeGroup(app, { tags, access: 'public', logLevel: 'warn' });
}

/** The address the provider sent the browser to, to read its query. */
export const callbackAddress = (request: FastifyRequest): URL => new URL(request.url, 'http://callback.invalid');

/** The web UI's base address without a trailing slash ('' without CRMHUB_PUBLIC_URL: this origin). */
export const webBase = (deps: Pick<AppDeps, 'config'>): string => (deps.config.publicUrl ?? '').replace(/\/+$/, '');

/** The settings page, told by the query parameter `flag` whether connecting worked (and if not, why). */
export function settingsPage(
  deps: Pick<AppDeps, 'config'>,
  flag: string,
  outcome: { ok: true } | { ok: false; reason: string },
): string {
  const target = new URLSearchParams({ [flag]: outcome.ok ? 'connected' : 'failed' });
  if (!outcome.ok) target.set('reason', outcome.reason);
  return `${webBase(deps)}/settings?${target.toString()}`;
}
