/** ClientOnline (Pinkweb) — no CRM/contacts API is known (docs/external-systems/radar-advisor-clientonline.md#clientonline): available on request only. */
import { onRequestManifest } from '../shared/manifest.js';

export const clientOnlineManifest = onRequestManifest({
  id: 'clientonline',
  displayName: 'ClientOnline',
  docs:
    'ClientOnline only documents a SOAP upload service for approval documents (XBRL/PDF), not client records. ' +
    'Available on request, with Pinkweb.',
});
