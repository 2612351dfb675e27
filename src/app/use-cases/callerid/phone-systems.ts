/** The administration of phone systems: listing them, adding one, new credentials, removing one. */
import {
  listPbxIntegrations,
  revokePbxIntegration,
  setPbxAllowedSenders,
} from '../../../adapters/db/repos/pbx-integrations.repo.js';
import { pbxManifest } from '../../../adapters/pbx/manifest.js';
import { parseAllowedSenders } from '../../../adapters/pbx/senders.js';
import { ok } from '../../../core/result.js';
import { fail } from '../failure.js';
import { URL_TEMPLATE_PREFIX, VOIPGRID_NAME_PATH, VOYS_NOTIFICATIONS_PATH } from './pbx-intake.js';
import { createPbxIntegration, rotatePbxIntegration } from './pbx-integrations.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { PbxIntegration } from '../../../adapters/db/repos/pbx-integrations.repo.js';
import type { PbxCredentialsView, PbxIntegrationView } from '../../../contract/callerid-pbx.contract.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';
import type { PbxAuth, PbxCredentials } from './pbx-integrations.js';

type Deps = Pick<AppDeps, 'db' | 'secretBox' | 'clock'>;
/** The authentication cache that must forget credentials when they change on this instance. */
type AuthCache = Pick<PbxAuth, 'invalidate'>;

function integrationView(integration: PbxIntegration): PbxIntegrationView {
  return {
    id: integration.id,
    name: integration.name,
    createdAt: integration.createdAt.toISOString(),
    rotatedAt: integration.rotatedAt?.toISOString() ?? null,
    lastEventAt: integration.lastEventAt?.toISOString() ?? null,
    allowedSenders: [...integration.allowedSenders],
  };
}

/** The addresses to configure in the phone system, under crmhub's public base URL. */
function credentialsView(view: PbxIntegrationView, credentials: PbxCredentials, baseUrl: string): PbxCredentialsView {
  return {
    ...view,
    ...credentials,
    endpoints: {
      events: `${baseUrl}${pbxManifest.jsonWebhook.path}`,
      urlTemplate: `${baseUrl}${URL_TEMPLATE_PREFIX}<token>/{calluniqueid}/{callfrom}/{callto}/{status}/{status_desc}/{direction}/{timestamp}`,
      threeCxLookup: `${baseUrl}${pbxManifest.threeCxLookup.path}?number=[Number]`,
      voipgridName: `${baseUrl}${URL_TEMPLATE_PREFIX}<token>${VOIPGRID_NAME_PATH}?callerid={callerid}`,
      voysNotifications: `${baseUrl}${URL_TEMPLATE_PREFIX}<token>${VOYS_NOTIFICATIONS_PATH}`,
    },
  };
}

export async function listPhoneSystems(db: Db, portalId: string): Promise<PbxIntegrationView[]> {
  return (await listPbxIntegrations(db, portalId)).map(integrationView);
}

/** Adds a phone system; its token and webhook secret are in the answer only. */
export async function addPhoneSystem(
  deps: Deps,
  auth: AuthCache,
  input: { readonly portalId: string; readonly name: string; readonly baseUrl: string },
): Promise<PbxCredentialsView> {
  const { integration, credentials } = await createPbxIntegration(deps, input);
  auth.invalidate();
  const view = { ...integrationView(integration), rotatedAt: null, lastEventAt: null };
  return credentialsView(view, credentials, input.baseUrl);
}

/** New credentials for a phone system of the portal (the old ones stop working); `not_found` otherwise. */
export async function rotatePhoneSystem(
  deps: Deps,
  auth: AuthCache,
  input: { readonly portalId: string; readonly id: string; readonly baseUrl: string },
): Promise<Outcome<PbxCredentialsView>> {
  const rotated = await rotatePbxIntegration(deps, input);
  if (rotated === null) return fail('not_found', `no phone system ${input.id}`);
  auth.invalidate();
  return ok(credentialsView(integrationView(rotated.integration), rotated.credentials, input.baseUrl));
}

/** Removes a phone system of the portal (its calls stay in the log); `not_found` otherwise. */
export async function removePhoneSystem(
  deps: Deps,
  auth: AuthCache,
  input: { readonly portalId: string; readonly id: string },
): Promise<Outcome<void>> {
  const removed = await revokePbxIntegration(deps.db, input.id, input.portalId, deps.clock());
  if (!removed) return fail('not_found', `no phone system ${input.id}`);
  auth.invalidate();
  return ok(undefined);
}

/** Replaces the addresses a phone system's Voys notifications may come from (empty: any); `not_found` otherwise. */
export async function setPhoneSystemSenders(
  deps: Deps,
  auth: AuthCache,
  input: { readonly portalId: string; readonly id: string; readonly allowedSenders: readonly string[] },
): Promise<Outcome<PbxIntegrationView>> {
  const parsed = parseAllowedSenders(input.allowedSenders);
  if (!parsed.ok) {
    return fail('validation_failed', `body.allowedSenders: ${parsed.error.message}`, {
      errors: [{ field: 'body.allowedSenders', ...parsed.error.problem, message: parsed.error.message }],
    });
  }
  const updated = await setPbxAllowedSenders(deps.db, { ...input, allowedSenders: parsed.value });
  if (updated === null) return fail('not_found', `no phone system ${input.id}`);
  auth.invalidate();
  return ok(integrationView(updated));
}
