/** Connecting by OAuth (AccountView, Visma Connect, single sign-on): the connect input, the redirect target's route and where it sends the browser. */
import { noContentSchema } from '../../contract/callerid.contract.js';
import { adminOnly, currentUser } from './plugins/auth.js';
import { noContent, unwrap } from './problem.js';
import { requestOrigin } from './public-url.js';
import { routeGroup } from './route.js';

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppDeps } from '../deps.js';
import type { Outcome } from '../use-cases/failure.js';
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

/** What one provider's connect routes are made of: its addresses, schemas, OpenAPI summaries and use-cases. */
export type OAuthConnectRoutes<StatusView, Body extends object, Started> = {
  readonly tags: readonly string[];
  /** GET reads the status, DELETE disconnects. */
  readonly path: string;
  /** POST starts connecting. */
  readonly connectPath: string;
  readonly callbackPath: string;
  /** The settings page's query parameter that tells whether connecting worked. */
  readonly flag: string;
  readonly schemas: {
    readonly status: z.ZodType<StatusView>;
    readonly connectBody: z.ZodType<Body>;
    readonly started: z.ZodType<Started>;
    /** The callback's query, when the OpenAPI document describes it. */
    readonly callbackQuery?: z.ZodType;
  };
  readonly summaries: Readonly<Record<'status' | 'connect' | 'callback' | 'disconnect', string>>;
  // NoInfer: the schemas alone decide the types, which the use-cases must then match.
  readonly status: (deps: AppDeps, portal: ReturnType<typeof connectingPortal>) => Promise<NoInfer<StatusView>>;
  readonly start: (
    deps: AppDeps,
    input: ReturnType<typeof connectInput<NoInfer<Body>>>,
  ) => Promise<Outcome<NoInfer<Started>>>;
  readonly finish: (deps: AppDeps, callback: URL) => Promise<ConnectOutcome>;
  readonly disconnect: (deps: AppDeps, portalId: string) => Promise<Outcome<unknown>>;
};

/** The four routes of connecting a provider by the OAuth code flow: status, connect, public callback, disconnect. */
export function registerOAuthConnectRoutes<StatusView, Body extends object, Started>(
  app: ZodApp,
  deps: AppDeps,
  spec: OAuthConnectRoutes<StatusView, Body, Started>,
): void {
  const { tags, summaries } = spec;
  const { status, connectBody, started }: Record<'status' | 'connectBody' | 'started', z.ZodType> = spec.schemas;
  const admins = routeGroup(app, { tags, access: adminOnly });
  admins.get(spec.path, {
    summary: summaries.status,
    response: { 200: status },
    handler: async (request) => spec.status(deps, connectingPortal(request)),
  });

  admins.post(spec.connectPath, {
    summary: summaries.connect,
    body: connectBody,
    response: { 200: started },
    // The type provider cannot resolve a schema whose type is a type parameter, so the body is `unknown` here,
    // although Fastify has already parsed it with the spec's `connectBody`, a schema of `Body`.
    handler: async (request) => unwrap(await spec.start(deps, connectInput(request, request.body as Body))),
  });

  callbackRoutes(app, tags).get(spec.callbackPath, {
    summary: summaries.callback,
    ...(spec.schemas.callbackQuery === undefined ? {} : { querystring: spec.schemas.callbackQuery }),
    handler: finishAndShowSettings(deps, spec.flag, (callback) => spec.finish(deps, callback)),
  });

  admins.delete(spec.path, {
    summary: summaries.disconnect,
    response: { 204: noContentSchema.describe('Disconnected') },
    handler: async (request, reply) => noContent(reply, await spec.disconnect(deps, currentUser(request).portalId)),
  });
}
