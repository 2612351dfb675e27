/** Connecting the portal to its CRM: checked with a real call before saving; change re-checks; disconnect forgets. */
import { findLiveConnection, updateConnectionCredentials } from '../../../adapters/db/repos/connections.repo.js';
import { getConnectorEntry } from '../../../adapters/registry.js';
import { ok } from '../../../core/result.js';
import { fail } from '../failure.js';
import { refusedUrl } from '../outbound-url.js';
import { auditUserAction } from '../user-audit.js';
import { disconnectRole, saveConnection } from './connection-lifecycle.js';
import { crmCredentialsSchema, crmSource, readCredentials, sealCredentials } from './connectors.js';
import { CHECK_HTTP, connectionFailed } from './verify.js';

import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { CrmConnectionChangeInput, CrmConnectionInput } from '../../../contract/connections.contract.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';

export type { CrmConnectionInput };

/** Checks the credentials with a real call to the CRM; the sealed credentials once they work. */
async function checkCredentials(deps: AppDeps, input: CrmConnectionInput): Promise<Outcome<string>> {
  const entry = getConnectorEntry(input.system);
  if (!entry.ok || entry.value.manifest.role !== 'crm_source') {
    return fail('validation_failed', `unknown CRM system ${input.system}`, {
      errors: [{ field: 'body.system', code: 'crm_unknown', message: 'is not a CRM crmhub knows' }],
    });
  }
  if (entry.value.manifest.availability === 'intake') {
    return fail('validation_failed', `${entry.value.manifest.displayName} sends its records to crmhub`, {
      reason: 'intake',
      errors: [
        {
          field: 'body.system',
          code: 'crm_use_intake',
          message: 'add it as an intake source (push API or file import)',
        },
      ],
    });
  }
  if (entry.value.manifest.availability === 'on_request') {
    return fail(
      'connection_failed',
      `${entry.value.manifest.displayName} is available on request: ${entry.value.manifest.docs}`,
      {
        reason: 'unsupported',
        errors: [{ field: 'body.system', code: 'crm_on_request', message: 'available on request' }],
      },
    );
  }
  const refused = refusedUrl(deps, input.baseUrl, 'body.baseUrl');
  if (refused !== null) return refused;
  const credentials = { apiKey: input.apiKey, apiSecret: input.apiSecret, webhookSecret: input.webhookSecret ?? null };
  const source = crmSource(input.system, input.baseUrl, credentials, { ...CHECK_HTTP, outbound: deps.config.outbound });
  if (!source.ok) return connectionFailed(source.error);
  const verified = await source.value.verify();
  if (!verified.ok) return connectionFailed(verified.error);
  // docs/external-systems/simplicate.md#filters: whether the modified-since filter filters is checked, not assumed.
  const probed = source.value.probeIncremental === undefined ? null : await source.value.probeIncremental();
  if (probed !== null && !probed.ok) return connectionFailed(probed.error);
  return ok(sealCredentials(deps, probed === null ? credentials : { ...credentials, incremental: probed.value }));
}

export async function connectCrm(deps: AppDeps, user: User, input: CrmConnectionInput): Promise<Outcome<Connection>> {
  if ((await findLiveConnection(deps.db, user.portalId, 'crm')) !== null) {
    return fail('already_connected', 'change or disconnect the current CRM connection first');
  }
  const credentialsEnc = await checkCredentials(deps, input);
  if (!credentialsEnc.ok) return credentialsEnc;
  const connection = await saveConnection(
    deps,
    user,
    {
      role: 'crm',
      system: input.system,
      baseUrl: input.baseUrl,
      credentialsEnc: credentialsEnc.value,
      ...(input.pollIntervalSeconds === undefined ? {} : { pollIntervalSeconds: input.pollIntervalSeconds }),
    },
    { system: input.system, baseUrl: input.baseUrl },
  );
  return ok(connection);
}

export async function changeCrm(
  deps: AppDeps,
  user: User,
  input: CrmConnectionChangeInput,
): Promise<Outcome<Connection>> {
  const current = await findLiveConnection(deps.db, user.portalId, 'crm');
  if (current === null) return fail('not_connected', 'there is no CRM connection to change');
  if (current.system !== input.system) {
    return fail('validation_failed', 'a connection cannot change its CRM system; disconnect and connect anew', {
      errors: [
        {
          field: 'body.system',
          code: 'connection_other_system',
          params: { system: current.system },
          message: `this connection is to ${current.system}`,
        },
      ],
    });
  }
  // Whatever the form leaves out keeps the stored value: the user changes only what they re-type (and Simplicate
  // showed the webhook secret only once). Stored credentials that cannot be read must be entered again.
  const stored = readCredentials(deps, current, crmCredentialsSchema);
  const apiKey = input.apiKey ?? stored?.apiKey;
  const apiSecret = input.apiSecret ?? stored?.apiSecret;
  if (apiKey === undefined || apiSecret === undefined) {
    return fail('validation_failed', 'the stored credentials cannot be read; enter the API key and secret again', {
      errors: [
        ...(apiKey === undefined
          ? [{ field: 'body.apiKey', code: 'required' as const, message: 'enter the API key' }]
          : []),
        ...(apiSecret === undefined
          ? [{ field: 'body.apiSecret', code: 'required' as const, message: 'enter the API secret' }]
          : []),
      ],
    });
  }
  const webhookSecret = input.webhookSecret ?? stored?.webhookSecret ?? undefined;
  const credentialsEnc = await checkCredentials(deps, {
    ...input,
    apiKey,
    apiSecret,
    ...(webhookSecret === undefined ? {} : { webhookSecret }),
  });
  if (!credentialsEnc.ok) return credentialsEnc;
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await updateConnectionCredentials(trx, current.id, {
      baseUrl: input.baseUrl,
      credentialsEnc: credentialsEnc.value,
      now,
      ...(input.pollIntervalSeconds === undefined ? {} : { pollIntervalSeconds: input.pollIntervalSeconds }),
    });
    await auditUserAction(trx, user, 'crm_changed', now, { details: { baseUrl: input.baseUrl } });
  });
  const updated = await findLiveConnection(deps.db, user.portalId, 'crm');
  if (updated === null) return fail('not_connected');
  return ok(updated);
}

/** Stops syncing and deletes the credentials; links, changes and audit stay. */
export async function disconnectCrm(deps: AppDeps, user: User): Promise<Outcome<void>> {
  return disconnectRole(deps, user, 'crm');
}
