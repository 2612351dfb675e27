/** Visma AccountView: a caller-ID source connected with an OAuth2 grant whose tokens the app keeps fresh. */
import { ok } from '../../core/result.js';
import { accountViewOAuthConfig } from './accountview.connector.js';
import { accountViewEndpoints, accountViewManifest } from './manifest.js';
import { accountViewPhoneSource } from './phones.js';
import { settingsOf, storedAccountViewCredentials } from './stored-credentials.js';

import type { SystemDefinition } from '../shared/system.js';

export const accountViewSystem: SystemDefinition = {
  manifest: accountViewManifest,
  shortName: 'AccountView',
  phoneSource: accountViewPhoneSource,
  oauth: {
    clientConfig(credentials, baseUrl, outbound) {
      const stored = storedAccountViewCredentials(() => credentials);
      if (!stored.ok) return stored;
      return ok(
        accountViewOAuthConfig(settingsOf(stored.value), {
          endpoints: accountViewEndpoints(baseUrl ?? undefined),
          ...(outbound === undefined ? {} : { outbound }),
        }),
      );
    },
  },
};
