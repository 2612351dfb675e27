/** ClientOnline (Pinkweb) — no CRM/contacts API (docs/external-systems/radar-advisor-clientonline.md#clientonline): records arrive by push or file import. */
import { intakeManifest } from '../shared/manifest.js';

export const clientOnlineManifest = intakeManifest({
  id: 'clientonline',
  displayName: 'ClientOnline',
  docs:
    'ClientOnline only documents a SOAP upload service for approval documents, not client records. Its clients ' +
    'reach crmhub through the push API (with Pinkweb) or a file import of a client export.',
});
