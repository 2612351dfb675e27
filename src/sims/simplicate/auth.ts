/** API keys of the simulated environment (`Authentication-Key`/`-Secret`, per-key CRUD rights) and the rate limiter. */
import { timingSafeEqual } from 'node:crypto';

export const rights = ['read', 'create', 'update', 'delete'] as const;
export type Right = (typeof rights)[number];

export type ApiKey = {
  key: string;
  secret: string;
  rights: Set<Right>;
  /** Only valid on this host name (an environment such as `firm.simplicate.nl`); null = any host. */
  host: string | null;
  /** Epoch ms after which the key is expired ([C] docs/external-systems/simplicate.md#authentication: each token has its own expiry); null = never. */
  expiresAtMs: number | null;
};

export type AuthOutcome = { ok: true; key: ApiKey } | { ok: false; status: 401 | 403; message: string };

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export class KeyStore {
  private keys = new Map<string, ApiKey>();

  add(key: ApiKey): void {
    this.keys.set(key.key, key);
  }

  /** Deactivates a key permanently ([C] docs/external-systems/simplicate.md#authentication). */
  remove(key: string): boolean {
    return this.keys.delete(key);
  }

  list(): { key: string; rights: Right[]; host: string | null; expiresAt: string | null }[] {
    return [...this.keys.values()].map((k) => ({
      key: k.key,
      rights: [...k.rights],
      host: k.host,
      expiresAt: k.expiresAtMs === null ? null : new Date(k.expiresAtMs).toISOString(),
    }));
  }

  /** Every key including its secret, for snapshots only. */
  exportAll(): { key: string; secret: string; rights: Right[]; host: string | null; expiresAt: string | null }[] {
    return [...this.keys.values()].map((k) => ({
      key: k.key,
      secret: k.secret,
      rights: [...k.rights],
      host: k.host,
      expiresAt: k.expiresAtMs === null ? null : new Date(k.expiresAtMs).toISOString(),
    }));
  }

  /** Checks the two headers, the host binding, expiry and the right needed for the call. */
  check(
    keyHeader: string | undefined,
    secretHeader: string | undefined,
    hostname: string,
    needed: Right,
    nowMs: number,
    noRightStatus: 401 | 403,
  ): AuthOutcome {
    if (keyHeader === undefined || keyHeader === '' || secretHeader === undefined || secretHeader === '') {
      return { ok: false, status: 401, message: 'Authentication-Key and Authentication-Secret headers are required' };
    }
    const key = this.keys.get(keyHeader);
    if (key === undefined || !same(key.secret, secretHeader) || (key.host !== null && key.host !== hostname)) {
      return { ok: false, status: 401, message: 'Invalid API key or secret' };
    }
    if (key.expiresAtMs !== null && nowMs >= key.expiresAtMs) {
      return { ok: false, status: 401, message: 'API key has expired' };
    }
    if (!key.rights.has(needed)) {
      return { ok: false, status: noRightStatus, message: `API key has no ${needed} rights for this resource` };
    }
    return { ok: true, key };
  }
}

/** A sliding one-minute window per key ([C] docs/external-systems/simplicate.md#errors-and-rate-limit ≥120/min; [I] 429 beyond). */
export class RateLimiter {
  private hits = new Map<string, number[]>();

  constructor(private readonly perMinute: number) {}

  /** Records a call; returns the seconds to wait when the limit is reached (the call is then not counted). */
  hit(key: string, nowMs: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    let times = this.hits.get(key);
    if (times === undefined) {
      times = [];
      this.hits.set(key, times);
    }
    let drop = 0;
    while (drop < times.length && (times[drop] ?? 0) <= nowMs - 60_000) drop++;
    if (drop > 0) times.splice(0, drop);
    if (times.length >= this.perMinute) {
      const oldest = times[0] ?? nowMs;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + 60_000 - nowMs) / 1000)) };
    }
    times.push(nowMs);
    return { ok: true };
  }

  reset(): void {
    this.hits.clear();
  }
}
