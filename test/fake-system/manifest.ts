// The fake CRM's manifest: a CRM record source with an API key pair, no webhooks, validated like any other.
import { defineManifest } from '../../src/adapters/shared/manifest.js';

export const fakeCrmManifest = defineManifest({
  id: 'fake_crm',
  displayName: 'Fake CRM',
  role: 'crm_source',
  availability: 'available',
  auth: { kind: 'api_key_pair', keyHeader: 'X-Fake-Key', secretHeader: 'X-Fake-Secret' },
  baseUrlPattern: 'fake://{office}',
  apiPath: null,
  pagination: { kind: 'offset_limit', maxPageSize: 2, countParam: null },
  modifiedSince: { param: 'updatedSince', format: 'ISO 8601' },
  rateLimit: null,
  webhooks: null,
  capabilities: { companies: true, phoneRecords: true, incremental: true, webhooks: false, writes: false },
  settings: [
    { name: 'baseUrl', label: 'Office address', secret: false, example: 'fake://kantoor' },
    { name: 'apiKey', label: 'API key', secret: false },
    { name: 'apiSecret', label: 'API secret', secret: true },
  ],
  docs: 'A test-only CRM held in memory; it shows that a system is one folder and one registry line.',
});
