/** The address crmhub is reached at, for the addresses it hands out (webhook URLs, phone-system URLs, redirects). */
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';

type Addressed = Pick<FastifyRequest, 'protocol' | 'host'>;

/** The origin the client used: scheme and host as Fastify reads them (behind a trusted proxy, its headers). */
export function requestOrigin(request: Addressed): string {
  return `${request.protocol}://${request.host}`;
}

/** CRMHUB_PUBLIC_URL when set, else the origin of this request; without a trailing slash. */
export function publicBaseUrl(deps: Pick<AppDeps, 'config'>, request: Addressed): string {
  return (deps.config.publicUrl ?? requestOrigin(request)).replace(/\/+$/, '');
}
