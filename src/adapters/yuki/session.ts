/** Yuki SOAP calls under one reused session: one Authenticate shared by concurrent callers, one retry on expiry. */
import { err, ok } from '../../core/result.js';
import { childText } from '../shared/soap.js';
import { resultOf } from './client.js';
import { yukiProtocol } from './manifest.js';

import type { CallPriority, ConnectorError, ConnectorResult } from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { SoapParam, XmlElement } from '../shared/soap.js';
import type { YukiClient, YukiFailure } from './client.js';
import type { YukiQuota } from './quota.js';

type Session = { readonly id: string; lastUsedAt: number };

export type YukiSoap = {
  /** Authenticates now (a fresh session), e.g. to check the access key. */
  authenticate(priority: CallPriority): Promise<Result<unknown, ConnectorError>>;
  /** Drops the current session so the next call authenticates again. */
  forget(): void;
  /** One SOAP call of a service method with the session id, its result element mapped by `map`. */
  call<T>(
    service: string,
    method: string,
    domainId: string | null,
    priority: CallPriority,
    params: (sessionId: string) => readonly SoapParam[],
    map: (result: XmlElement | null) => Result<T, ConnectorError>,
  ): ConnectorResult<T>;
};

/** The session of one access key at one Yuki address; shared by every connector of it when kept in a pool. */
export type SessionState = {
  session: Session | null;
  authenticating: Promise<Result<Session, ConnectorError>> | null;
};

export const newSessionState = (): SessionState => ({ session: null, authenticating: null });

type Parts = {
  readonly client: YukiClient;
  readonly quota: YukiQuota;
  readonly accessKey: string;
  readonly now: () => number;
  readonly state: SessionState;
};

function authenticate(parts: Parts, priority: CallPriority): Promise<Result<Session, ConnectorError>> {
  const { client, quota, state } = parts;
  // Concurrent callers share one Authenticate call.
  state.authenticating ??= (async (): Promise<Result<Session, ConnectorError>> => {
    const denied = await quota.spend(null, priority);
    if (denied) return err(denied);
    const r = await client.soap(yukiProtocol.soap.services.portal, 'Authenticate', [
      { name: 'accessKey', value: parts.accessKey },
    ]);
    if (!r.ok) {
      if (r.error.fault === 'daily_limit') await quota.exhausted(null);
      return err(r.error.error);
    }
    const id = (childText(r.value, 'AuthenticateResult') ?? '').trim();
    if (id === '') return err({ code: 'transient', message: 'Yuki answered Authenticate without a session ID.' });
    state.session = { id, lastUsedAt: parts.now() };
    return ok(state.session);
  })().finally(() => {
    state.authenticating = null;
  });
  return state.authenticating;
}

/**
 * Runs one SOAP call with the current session: re-authenticates first when the session has been idle too long,
 * and exactly once more when Yuki says the session expired; a second expiry is `auth_expired`.
 */
async function withSession<T>(
  parts: Parts & { readonly idleMs: number },
  domainId: string | null,
  priority: CallPriority,
  call: (sessionId: string) => Promise<Result<XmlElement, YukiFailure>>,
  then: (response: XmlElement) => Result<T, ConnectorError>,
): ConnectorResult<T> {
  const { state, quota } = parts;
  let current = state.session !== null && parts.now() - state.session.lastUsedAt < parts.idleMs ? state.session : null;
  if (current === null) {
    const a = await authenticate(parts, priority);
    if (!a.ok) return a;
    current = a.value;
  }
  for (let reauthenticated = false; ; reauthenticated = true) {
    const denied = await quota.spend(domainId, priority);
    if (denied) return err(denied);
    const r = await call(current.id);
    if (r.ok) {
      current.lastUsedAt = parts.now();
      return then(r.value);
    }
    if (r.error.fault === 'daily_limit') {
      await quota.exhausted(domainId);
      return err(r.error.error);
    }
    if (r.error.fault !== 'session_expired' || reauthenticated) return err(r.error.error);
    // Another caller may already have replaced the session; otherwise authenticate again (once).
    if (state.session !== null && state.session.id !== current.id) current = state.session;
    else {
      state.session = null;
      const a = await authenticate(parts, priority);
      if (!a.ok) return a;
      current = a.value;
    }
  }
}

export function createYukiSoap(input: {
  readonly client: YukiClient;
  readonly quota: YukiQuota;
  readonly accessKey: string;
  readonly clock: () => Date;
  readonly idleMs: number;
  /** Kept across connectors (docs/external-systems/yuki.md#sessions); a fresh one when absent. */
  readonly state?: SessionState;
}): YukiSoap {
  const parts = {
    ...input,
    now: (): number => input.clock().getTime(),
    state: input.state ?? newSessionState(),
  };
  return {
    authenticate: (priority) => authenticate(parts, priority),
    forget() {
      parts.state.session = null;
    },
    call: (service, method, domainId, priority, params, map) =>
      withSession(
        parts,
        domainId,
        priority,
        (sid) => input.client.soap(service, method, params(sid)),
        (response) => map(resultOf(response, method)),
      ),
  };
}
