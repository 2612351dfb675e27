/** Routes: who may call them, their OpenAPI schema and their handler, registered on the zod-typed app. */
import type {
  ContextConfigDefault,
  FastifySchema,
  HTTPMethods,
  LogLevel,
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

/** What the routes of one group share besides their OpenAPI tags and who may call them. */
export type RouteOptions = {
  /** 'warn' where the address holds a token or an authorization code: request lines are then not logged. */
  readonly logLevel?: LogLevel;
  readonly bodyLimit?: number;
};

export function route<S extends RouteSchema>(
  app: ZodApp,
  method: HTTPMethods,
  url: string,
  access: RouteAccess,
  schema: S,
  handler: RouteHandler<S>,
  options: RouteOptions = {},
): void {
  app.route<RouteGenericInterface, ContextConfigDefault, S>({
    method,
    url,
    config: { access },
    ...options,
    schema,
    handler,
  });
}

/** The schema parts of a group's route, each its own type parameter (see {@link RouteDefinition}). */
export type GroupRouteSchema<P, Q, H, B, R> = {
  readonly tags: readonly string[];
  readonly summary: string;
  readonly params: P;
  readonly querystring: Q;
  readonly headers: H;
  readonly body: B;
  readonly response: R;
};

/**
 * A route of a group: its schema (without the group's tags) beside its handler. Each schema part is its own type
 * parameter, so that TypeScript infers it from the literal before it types the handler's request.
 */
export type RouteDefinition<P, Q, H, B, R> = {
  readonly summary: string;
  readonly description?: string;
  readonly params?: P;
  readonly querystring?: Q;
  readonly headers?: H;
  readonly body?: B;
  readonly response?: R;
  readonly handler: RouteHandler<GroupRouteSchema<P, Q, H, B, R>>;
};

export type GroupRoute = <P, Q, H, B, R>(url: string, definition: RouteDefinition<P, Q, H, B, R>) => void;

/** The routes of one group by method: `api.get(url, { summary, params, response, handler })`. */
export type RouteGroup = Readonly<Record<'get' | 'post' | 'put' | 'patch' | 'delete', GroupRoute>>;

export type RouteGroupOptions = RouteOptions & { readonly tags: readonly string[]; readonly access: RouteAccess };

/** Routes sharing their OpenAPI tags, access and options, so each route names only what is its own. */
export function routeGroup(app: ZodApp, { tags, access, ...options }: RouteGroupOptions): RouteGroup {
  const add =
    (method: HTTPMethods): GroupRoute =>
    <P, Q, H, B, R>(url: string, { handler, ...parts }: RouteDefinition<P, Q, H, B, R>) => {
      // A part left out is absent from the schema, which the type provider then reads as `unknown`; TypeScript cannot
      // relate the optional parts of a generic literal to the required ones it reads, hence this one assertion.
      const schema = { tags, ...parts } as GroupRouteSchema<P, Q, H, B, R>;
      route(app, method, url, access, schema, handler, options);
    };
  return { get: add('GET'), post: add('POST'), put: add('PUT'), patch: add('PATCH'), delete: add('DELETE') };
}
