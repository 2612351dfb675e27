/** pino options shared by the server and the CLI: secrets, tokens, cookies and Authorization headers are redacted. */
import { stdSerializers } from 'pino';

import type { LoggerOptions } from 'pino';

/** Keys whose values never reach a log line, at any depth we log. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["authentication-key"]',
  'req.headers["authentication-secret"]',
  // The intake push API (docs/intake.md): the key names a source, the secret proves it; a signature is single-use.
  'req.headers["x-api-key"]',
  'req.headers["x-api-secret"]',
  'res.headers["set-cookie"]',
  ...[
    'password',
    'secret',
    'apiSecret',
    'apiKey',
    'token',
    'accessToken',
    'refreshToken',
    'accessKey',
    'clientSecret',
    'csrfToken',
  ].flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

// Addresses that carry a phone system's token in their path (URL-template calls), also percent-encoded, and token-like
// query parameters. Everything after the prefix goes: a path that does not match the route may still hold the token.
const TOKEN_PATH = /(\/api\/callerid\/pbx)(?:\/|%2f)[^\s"'?#]*/gi;
const TOKEN_QUERY = /([?&](?:token|key|secret|access_token)=)[^&#\s"']*/gi;

/** The text with every token-bearing part of an address replaced. */
export function redactAddresses(text: string): string {
  return text.replace(TOKEN_PATH, '$1/[redacted]').replace(TOKEN_QUERY, '$1[redacted]');
}

type LoggedRequest = {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number } | null;
};

function requestSerializer(request: LoggedRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactAddresses(request.url ?? ''),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

function errorSerializer(error: Error): Record<string, unknown> {
  const serialized = stdSerializers.err(error) as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(serialized)) {
    // Raw bytes of a refused request (Node's parser errors) may hold a token: never logged.
    if (key === 'rawPacket') continue;
    out[key] = typeof value === 'string' ? redactAddresses(value) : value;
  }
  return out;
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: { req: requestSerializer, err: errorSerializer },
  };
}
