/** One route: who may call it, its OpenAPI schema and its handler, registered on the zod-typed app. */
import type {
  ContextConfigDefault,
  FastifySchema,
  HTTPMethods,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteAccess } from './plugins/auth.js';
import type { ZodApp } from './zod-app.js';

/** The route's OpenAPI and validation schema: tags, summary, params, querystring, body, response. */
export type RouteSchema = FastifySchema & { readonly summary: string };

export type RouteHandler<S extends FastifySchema> = RouteHandlerMethod<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  RouteGenericInterface,
  ContextConfigDefault,
  S,
  ZodTypeProvider
>;

export function route<S extends RouteSchema>(
  app: ZodApp,
  method: HTTPMethods,
  url: string,
  access: RouteAccess,
  schema: S,
  handler: RouteHandler<S>,
): void {
  app.route<RouteGenericInterface, ContextConfigDefault, S>({ method, url, config: { access }, schema, handler });
}
