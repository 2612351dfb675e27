/** The one reader of process.env: a zod schema parsed once at start; every bad variable is reported together. */
import path from 'node:path';
import { z } from 'zod';

import { allowEntryProblem, parseAllowList } from '../adapters/shared/outbound-policy.js';

import type { OutboundPolicy } from '../adapters/shared/outbound-policy.js';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = z.coerce.number().int().positive();

/**
 * How many reverse proxies in front of crmhub to trust: the client address is taken that many hops from the right of
 * `X-Forwarded-For`, never from its client-written left end. `true` means one proxy, `false` none.
 */
const proxyHops = z.union(
  [booleanFromEnv.transform((trusted) => (trusted ? 1 : 0)), z.coerce.number().int().min(0).max(10)],
  { error: 'must be the number of reverse proxies in front of crmhub (0–10), or true for one / false for none' },
);

/** Every environment variable crmhub reads; the README's configuration table mirrors this list. */
export const configSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  CRMHUB_DATA_DIR: z.string().min(1).default('./.crmhub'),
  CRMHUB_SECRET_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
  CRMHUB_OLD_SECRET_KEYS: z
    .string()
    .regex(/^([A-Za-z0-9+/]{43}=)(,[A-Za-z0-9+/]{43}=)*$/, 'must be a comma-separated list of base64 32-byte keys')
    .optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  CRMHUB_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  CRMHUB_TRUST_PROXY: proxyHops.default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CRMHUB_SESSION_TTL_HOURS: positiveInt.default(12),
  CRMHUB_LOGIN_MAX_FAILURES: positiveInt.default(5),
  CRMHUB_LOGIN_LOCKOUT_MINUTES: positiveInt.default(15),
  CRMHUB_LOGIN_RATE_PER_IP: positiveInt.default(30),
  CRMHUB_BODY_LIMIT_BYTES: positiveInt.default(1_048_576),
  CRMHUB_INTAKE_BODY_LIMIT_BYTES: positiveInt.default(4_194_304),
  CRMHUB_INTAKE_RATE_PER_MINUTE: positiveInt.default(120),
  CRMHUB_INTAKE_FILE_LIMIT_BYTES: positiveInt.default(209_715_200),
  CRMHUB_INTAKE_DIR: z.string().optional(),
  CRMHUB_JOB_CONCURRENCY: positiveInt.default(4),
  CRMHUB_SHUTDOWN_TIMEOUT_MS: positiveInt.default(15_000),
  CRMHUB_CALL_LOG_RETENTION_DAYS: positiveInt.max(3650).default(90),
  CRMHUB_DATABASE_GRACE_SECONDS: positiveInt.default(60),
  CRMHUB_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  CRMHUB_ALLOW_INSECURE_LOOPBACK: booleanFromEnv.default(false),
  CRMHUB_ALLOW_PRIVATE_URLS: z
    .string()
    .superRefine((value, ctx) => {
      for (const entry of parseAllowList(value)) {
        const problem = allowEntryProblem(entry);
        if (problem !== null)
          ctx.addIssue({ code: 'custom', message: `${problem}; use host names, addresses or CIDRs, comma-separated` });
      }
    })
    .optional(),
});

/** Rules across variables; checked on the raw values so they are reported together with per-variable problems. */
function crossFieldProblems(env: Readonly<Record<string, string>>): string[] {
  if (env['DATABASE_URL'] !== undefined && env['CRMHUB_SECRET_KEY'] === undefined) {
    return ['CRMHUB_SECRET_KEY: is required when DATABASE_URL is set (it is only generated for the embedded database)'];
  }
  return [];
}

type ParsedEnv = z.infer<typeof configSchema>;

export type Config = Readonly<{
  databaseUrl: string | null;
  dataDir: string;
  secretKey: string | null;
  oldSecretKeys: readonly string[];
  host: string;
  port: number;
  publicUrl: string | null;
  /** Reverse proxies to trust for the client address and protocol (0: the socket is the client). */
  trustProxyHops: number;
  logLevel: ParsedEnv['LOG_LEVEL'];
  sessionTtlHours: number;
  loginMaxFailures: number;
  loginLockoutMinutes: number;
  loginRatePerIp: number;
  bodyLimitBytes: number;
  /** The largest push-API body (docs/intake.md); a batch of 1,000 records fits with room to spare. */
  intakeBodyLimitBytes: number;
  /** Push-API requests per intake source per minute, counted in PostgreSQL across instances. */
  intakeRatePerMinute: number;
  /** The largest uploaded or watched export file (default 200 MB); larger ones answer 413 / are rejected. */
  intakeFileLimitBytes: number;
  /** The watched folder for nightly exports (one subfolder per intake source); null: not watched. */
  intakeDir: string | null;
  jobConcurrency: number;
  shutdownTimeoutMs: number;
  callLogRetentionDays: number;
  /** How long the database may be unreachable before /healthz reports the process unhealthy. */
  databaseGraceSeconds: number;
  /** The bearer token /metrics asks for; null turns /metrics off. */
  metricsToken: string | null;
  /** Which addresses connectors may call (https only; loopback for development; listed private hosts). */
  outbound: OutboundPolicy;
}>;

/** Thrown with one line per bad variable, so the operator fixes them all in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws ConfigError listing every bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const withoutBlanks = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
  const parsed = configSchema.safeParse(withoutBlanks);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
    ...crossFieldProblems(withoutBlanks),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return Object.freeze({
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: path.resolve(e.CRMHUB_DATA_DIR),
    secretKey: e.CRMHUB_SECRET_KEY ?? null,
    oldSecretKeys: e.CRMHUB_OLD_SECRET_KEYS?.split(',') ?? [],
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.CRMHUB_PUBLIC_URL ?? null,
    trustProxyHops: e.CRMHUB_TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    sessionTtlHours: e.CRMHUB_SESSION_TTL_HOURS,
    loginMaxFailures: e.CRMHUB_LOGIN_MAX_FAILURES,
    loginLockoutMinutes: e.CRMHUB_LOGIN_LOCKOUT_MINUTES,
    loginRatePerIp: e.CRMHUB_LOGIN_RATE_PER_IP,
    bodyLimitBytes: e.CRMHUB_BODY_LIMIT_BYTES,
    intakeBodyLimitBytes: e.CRMHUB_INTAKE_BODY_LIMIT_BYTES,
    intakeRatePerMinute: e.CRMHUB_INTAKE_RATE_PER_MINUTE,
    intakeFileLimitBytes: e.CRMHUB_INTAKE_FILE_LIMIT_BYTES,
    intakeDir: e.CRMHUB_INTAKE_DIR === undefined ? null : path.resolve(e.CRMHUB_INTAKE_DIR),
    jobConcurrency: e.CRMHUB_JOB_CONCURRENCY,
    shutdownTimeoutMs: e.CRMHUB_SHUTDOWN_TIMEOUT_MS,
    callLogRetentionDays: e.CRMHUB_CALL_LOG_RETENTION_DAYS,
    databaseGraceSeconds: e.CRMHUB_DATABASE_GRACE_SECONDS,
    metricsToken: e.CRMHUB_METRICS_TOKEN ?? null,
    outbound: Object.freeze({
      allowInsecureLoopback: e.CRMHUB_ALLOW_INSECURE_LOOPBACK,
      allowPrivate: Object.freeze(parseAllowList(e.CRMHUB_ALLOW_PRIVATE_URLS ?? '')),
    }),
  });
}
