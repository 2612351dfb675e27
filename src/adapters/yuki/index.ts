/** Yuki, the portal target: the sync writes to it, its numbers feed caller ID, its Platform API is a Visma Connect grant. */
import { err, ok } from '../../core/result.js';
import { callerIdPhoneSource } from './callerid-phones.js';
import { yukiEndpoints, yukiManifest } from './manifest.js';
import { parseYukiSettings } from './settings.js';
import { vismaConnectOAuthConfig } from './visma-connect.js';
import { createYukiConnector } from './yuki.connector.js';

import type { SystemDefinition } from '../shared/system.js';

const asRecord = (value: unknown): Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

export const yukiSystem: SystemDefinition = {
  manifest: yukiManifest,
  portalTarget(settings, deps) {
    const parsed = parseYukiSettings({ ...asRecord(settings), baseUrl: deps.baseUrl });
    if (!parsed.ok) return parsed;
    return ok(
      createYukiConnector(parsed.value, {
        clock: deps.clock,
        ledger: deps.ledger,
        endpoints: deps.baseUrl === null ? yukiEndpoints('nl') : yukiEndpoints({ baseUrl: deps.baseUrl }),
        http: deps.http ?? {},
        ...(deps.grant === undefined ? {} : { platformGrant: deps.grant }),
        ...(deps.sessions === undefined ? {} : { sessions: deps.sessions }),
      }),
    );
  },
  phoneSource: {
    // Polls read only the selected domains' changed contacts: every 30 minutes is 48 calls a day per selected
    // domain, inside the 5% (50-call) background share the quota enforces.
    pollMs: 30 * 60_000,
    async create(context) {
      const target = await context.portalTarget();
      return target.ok ? ok(callerIdPhoneSource(target.value, await context.contactDomains())) : target;
    },
  },
  oauth: {
    clientConfig(credentials, baseUrl, outbound) {
      const parsed = parseYukiSettings({ ...asRecord(credentials), baseUrl });
      if (!parsed.ok) return parsed;
      if (parsed.value.platform === null) {
        return err({ code: 'auth_invalid', message: 'The Yuki Platform API is not connected with Visma Connect.' });
      }
      return ok(vismaConnectOAuthConfig(parsed.value.platform.vismaConnect, outbound));
    },
  },
};
