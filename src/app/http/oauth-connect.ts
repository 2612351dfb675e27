/** Connecting by OAuth (AccountView, Visma Connect, single sign-on): the connect input, the redirect target's route and where it sends the browser. */
import { currentUser } from './plugins/auth.js';
import { requestOrigin } from './public-url.js';
import { routeGroup } from './route.js';

import type { FastifyReply, FastifyRequest } from 'fastify';
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
export function settingsPage(deps: Pick<AppDeps, 'config'>, flag: string, outcome: ConnectOutcome): string {
  const target = new URLSearchParams({ [flag]: outcome.ok ? 'connected' : 'failed' });
  if (!outcome.ok) target.set('reason', outcome.reason);
  return `${webBase(deps)}/settings?${target.toString()}`;
}

/** Whose connection, and the origin its redirect URI is built from (see the status and connect use-cases). */
export function connectingPortal(request: FastifyRequest): { portalId: string; requestOrigin: string } {
  return { portalId: currentUser(request).portalId, requestOrigin: requestOrigin(request) };
}

/** A connect request's fields with who connects, for the use-case that returns the provider's consent page. */
export function connectInput<T extends object>(
  request: FastifyRequest,
  fields: T,
): T & { portalId: string; userId: string; requestOrigin: string } {
  const user = currentUser(request);
  return { ...fields, portalId: user.portalId, userId: user.id, requestOrigin: requestOrigin(request) };
}

type ConnectOutcome = { ok: true } | { ok: false; reason: string };

/** The redirect target's handler: completes connecting, then sends the browser to the settings page flagged `flag`. */
export function finishAndShowSettings(
  deps: Pick<AppDeps, 'config'>,
  flag: string,
  finish: (callback: URL) => Promise<ConnectOutcome>,
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  return async (request, reply) =>
    reply.redirect(settingsPage(deps, flag, await finish(callbackAddress(request))), 302);
}
