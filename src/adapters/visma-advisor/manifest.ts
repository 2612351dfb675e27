/** Visma Advisor — no public API reference is known (docs/external-systems/radar-advisor-clientonline.md#visma-advisor): available on request only. */
import { onRequestManifest } from '../shared/manifest.js';

export const vismaAdvisorManifest = onRequestManifest({
  id: 'visma_advisor',
  displayName: 'Visma Advisor',
  // [I] docs/external-systems/radar-advisor-clientonline.md#visma-advisor: Advisor consent runs through Visma Connect (OAuth2 code flow); endpoints are the generic Visma Connect ones.
  auth: {
    kind: 'oauth2_code',
    authorizeUrl: 'https://connect.visma.com/connect/authorize',
    tokenUrl: 'https://connect.visma.com/connect/token',
    scopes: [],
  },
  docs:
    'Visma Advisor has no public API reference. Its AccountView link signs in through Visma Online (Visma Connect ' +
    'OAuth2). Available on request, once Visma grants API access.',
});
