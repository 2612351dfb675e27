import { describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from './config.js';

const key = Buffer.alloc(32, 7).toString('base64');

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('uses documented defaults for an empty environment (embedded database)', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeNull();
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir.endsWith('.crmhub')).toBe(true);
    expect(config.secretKey).toBeNull();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports every bad variable at once, by name', () => {
    const bad = { PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', CRMHUB_TRUST_PROXY: 'maybe' };
    const named = problemsOf(bad).map((problem) => problem.split(':')[0]);
    // A DATABASE_URL, even a wrong one, also makes the secret key required.
    expect(named.sort()).toEqual([...Object.keys(bad), 'CRMHUB_SECRET_KEY'].sort());
  });

  it('requires a secret key with an external database: secrets have no defaults', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://localhost/x' })).toEqual([
      expect.stringMatching(/^CRMHUB_SECRET_KEY: is required when DATABASE_URL is set/),
    ]);
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/x', CRMHUB_SECRET_KEY: key }).secretKey).toBe(key);
  });

  it('rejects a secret key that is not 32 bytes of base64', () => {
    expect(problemsOf({ CRMHUB_SECRET_KEY: 'short' })[0]).toMatch(/^CRMHUB_SECRET_KEY: must be 32 random bytes/);
  });

  it('treats blank variables as unset and parses lists and booleans', () => {
    const config = loadConfig({ PORT: '', CRMHUB_TRUST_PROXY: 'yes', CRMHUB_OLD_SECRET_KEYS: `${key},${key}` });
    expect(config.port).toBe(3000);
    expect(config.trustProxyHops).toBe(1);
    expect(config.oldSecretKeys).toHaveLength(2);
  });

  it('reads CRMHUB_TRUST_PROXY as a number of proxy hops', () => {
    expect(loadConfig({}).trustProxyHops).toBe(0);
    expect(loadConfig({ CRMHUB_TRUST_PROXY: 'false' }).trustProxyHops).toBe(0);
    expect(loadConfig({ CRMHUB_TRUST_PROXY: '2' }).trustProxyHops).toBe(2);
    expect(problemsOf({ CRMHUB_TRUST_PROXY: 'all' })[0]).toMatch(/^CRMHUB_TRUST_PROXY: must be the number of reverse/);
  });

  it('calls only public https addresses unless the development flag or the private allow list says otherwise', () => {
    expect(loadConfig({}).outbound).toEqual({ allowInsecureLoopback: false, allowPrivate: [] });
    const onPremise = loadConfig({
      CRMHUB_ALLOW_INSECURE_LOOPBACK: 'true',
      CRMHUB_ALLOW_PRIVATE_URLS: ' CRM.kantoor.lan , 10.20.0.0/16,,fd00::/8',
    });
    expect(onPremise.outbound).toEqual({
      allowInsecureLoopback: true,
      allowPrivate: ['crm.kantoor.lan', '10.20.0.0/16', 'fd00::/8'],
    });
    const problems = problemsOf({ CRMHUB_ALLOW_PRIVATE_URLS: 'https://crm.lan,10.0.0.0/40' });
    expect(problems).toHaveLength(2);
    expect(problems.every((problem) => problem.startsWith('CRMHUB_ALLOW_PRIVATE_URLS:'))).toBe(true);
  });

  it('does not echo secret values in its messages', () => {
    const secret = 'not-base64-but-secret!!';
    expect(problemsOf({ CRMHUB_SECRET_KEY: secret }).join('\n')).not.toContain(secret);
  });
});
