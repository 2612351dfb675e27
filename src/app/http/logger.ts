/** pino options shared by the server and the CLI: secrets, tokens, cookies and Authorization headers are redacted. */
import type { LoggerOptions } from 'pino';

/** Keys whose values never reach a log line, at any depth we log. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["authentication-key"]',
  'req.headers["authentication-secret"]',
  'res.headers["set-cookie"]',
  ...[
    'password',
    'secret',
    'apiSecret',
    'token',
    'accessToken',
    'refreshToken',
    'accessKey',
    'clientSecret',
    'csrfToken',
  ].flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: redactedPaths, censor: '[redacted]' } };
}
