/** Phone-system integrations: credentials issued once, and the request authentication (token, HMAC) with a cache. */
import { randomBytes } from 'node:crypto';

import {
  findPbxIntegrationByToken,
  insertPbxIntegration,
  listActivePbxSecrets,
  rotatePbxCredentials,
  touchPbxIntegration,
} from '../../../adapters/db/repos/pbx-integrations.repo.js';
import { verifyPbxSignature } from '../../../adapters/pbx/signature.js';

import type { SecretBox } from '../../../adapters/crypto/secret-box.js';
import type { PbxIntegration } from '../../../adapters/db/repos/pbx-integrations.repo.js';
import type { PbxError } from '../../../adapters/pbx/errors.js';
import type { IncomingHeaders } from '../../../adapters/pbx/signature.js';
import type { Result } from '../../../core/result.js';
import type { AppDeps } from '../../deps.js';

/** Shown to the administrator once: the URL token (also 3CX's API token) and the HMAC secret of the JSON webhook. */
export type PbxCredentials = { readonly token: string; readonly webhookSecret: string };

/** Fresh credentials, and their stored form: the token as issued (the repository keeps its hash), the secret sealed. */
function issueCredentials(secretBox: SecretBox): {
  credentials: PbxCredentials;
  stored: { token: string; webhookSecretEnc: string };
} {
  const credentials = {
    token: randomBytes(24).toString('base64url'),
    webhookSecret: randomBytes(32).toString('base64url'),
  };
  return {
    credentials,
    stored: { token: credentials.token, webhookSecretEnc: secretBox.encrypt(credentials.webhookSecret) },
  };
}

export async function createPbxIntegration(
  deps: Pick<AppDeps, 'db' | 'secretBox'>,
  input: { readonly portalId: string; readonly name: string },
): Promise<{ integration: PbxIntegration; credentials: PbxCredentials }> {
  const { credentials, stored } = issueCredentials(deps.secretBox);
  const integration = await insertPbxIntegration(deps.db, { portalId: input.portalId, name: input.name, ...stored });
  return { integration, credentials };
}

export async function rotatePbxIntegration(
  deps: Pick<AppDeps, 'db' | 'secretBox' | 'clock'>,
  input: { readonly portalId: string; readonly id: string },
): Promise<{ integration: PbxIntegration; credentials: PbxCredentials } | null> {
  const { credentials, stored } = issueCredentials(deps.secretBox);
  const integration = await rotatePbxCredentials(deps.db, {
    id: input.id,
    portalId: input.portalId,
    ...stored,
    now: deps.clock(),
  });
  return integration === null ? null : { integration, credentials };
}

/** Who sent a request: the integration (id and portal) a token or signature belongs to, and where it may send from. */
export type PbxCaller = {
  readonly id: string;
  readonly portalId: string;
  /** IP addresses or CIDR ranges its Voys notifications may come from; empty: any. */
  readonly allowedSenders: readonly string[];
};

function callerOf(row: PbxIntegration): PbxCaller {
  return { id: row.id, portalId: row.portalId, allowedSenders: row.allowedSenders };
}

export type PbxAuth = {
  /** The live integration of a URL/3CX token, or null. */
  byToken(token: string): Promise<PbxCaller | null>;
  /** Checks a signed JSON webhook against every live integration's secret; the one that signed it, or why none. */
  bySignature(input: {
    readonly rawBody: Buffer;
    readonly headers: IncomingHeaders;
  }): Promise<Result<PbxCaller, PbxError>>;
  /** Notes that an integration sent something (written at most once a minute per integration). */
  seen(id: string): Promise<void>;
  /** Forgets cached tokens and secrets (after a rotation or revocation on this instance). */
  invalidate(): void;
};

const CACHE_MS = 5_000;
const RECHECK_MS = 1_000;
const SEEN_EVERY_MS = 60_000;

type SecretEntry = { readonly caller: PbxCaller; readonly secret: string };
type SignedRequest = { readonly rawBody: Buffer; readonly headers: IncomingHeaders };

/** The integration whose secret signed the request, or why none did. */
function verifyAgainst(list: readonly SecretEntry[], input: SignedRequest, nowMs: number): Result<PbxCaller, PbxError> {
  if (list.length === 0) {
    // Still check the headers first, so a malformed request hears what is wrong with it.
    const probe = verifyPbxSignature({ ...input, secret: randomBytes(32).toString('hex'), nowMs });
    const noSystem = 'No phone system is set up to send signed call events (Settings → Caller ID → Phone systems).';
    return {
      ok: false,
      error:
        probe.ok || probe.error.code === 'signature_mismatch'
          ? { code: 'signature_mismatch', message: noSystem }
          : probe.error,
    };
  }
  let failure: PbxError = { code: 'signature_mismatch', message: 'The signature matches no phone system.' };
  for (const entry of list) {
    const verified = verifyPbxSignature({
      rawBody: input.rawBody,
      headers: input.headers,
      secret: entry.secret,
      nowMs,
    });
    if (verified.ok) return { ok: true, value: entry.caller };
    failure = verified.error;
    // A missing, malformed or stale header fails the same way for every secret.
    if (failure.code !== 'signature_mismatch') break;
  }
  return { ok: false, error: failure };
}

/**
 * Authentication of phone-system requests with a short cache, so a lookup costs one database round trip. Another
 * instance's rotation or revocation takes effect here within {@link CACHE_MS}.
 */
export function createPbxAuth(deps: Pick<AppDeps, 'db' | 'secretBox' | 'clock'>): PbxAuth {
  const tokens = new Map<string, { caller: PbxCaller | null; until: number }>();
  let secrets: { list: { caller: PbxCaller; secret: string }[]; loadedAt: number } | null = null;
  const lastSeen = new Map<string, number>();
  const now = (): number => deps.clock().getTime();

  const loadSecrets = async (fresh: boolean): Promise<{ caller: PbxCaller; secret: string }[]> => {
    if (!fresh && secrets !== null && secrets.loadedAt + CACHE_MS > now()) return secrets.list;
    const rows = await listActivePbxSecrets(deps.db);
    const list = rows.flatMap((row) =>
      row.webhookSecretEnc === null
        ? []
        : [{ caller: callerOf(row), secret: deps.secretBox.decrypt(row.webhookSecretEnc) }],
    );
    secrets = { list, loadedAt: now() };
    return list;
  };

  return {
    async byToken(token) {
      const cached = tokens.get(token);
      if (cached !== undefined && cached.until > now()) return cached.caller;
      const row = await findPbxIntegrationByToken(deps.db, token);
      const caller = row === null ? null : callerOf(row);
      if (tokens.size > 1_000) tokens.clear();
      // An unknown token is remembered only briefly: it may belong to a phone system added a moment ago.
      tokens.set(token, { caller, until: now() + (caller === null ? RECHECK_MS : CACHE_MS) });
      return caller;
    },
    async bySignature(input) {
      const first = verifyAgainst(await loadSecrets(false), input, now());
      if (first.ok || first.error.code !== 'signature_mismatch') return first;
      // Perhaps signed by a phone system added or rotated on another instance: read the secrets again (at most once a
      // second, so a stream of bad signatures does not become a stream of queries).
      if (secrets !== null && secrets.loadedAt + RECHECK_MS > now()) return first;
      return verifyAgainst(await loadSecrets(true), input, now());
    },
    async seen(id) {
      const at = now();
      if ((lastSeen.get(id) ?? 0) + SEEN_EVERY_MS > at) return;
      lastSeen.set(id, at);
      await touchPbxIntegration(deps.db, id, new Date(at));
    },
    invalidate() {
      tokens.clear();
      secrets = null;
    },
  };
}
