/** Declarative description of the Simplicate v2 connector (docs/external-systems/simplicate.md). */
import { defineManifest } from '../shared/manifest.js';

export const simplicateManifest = defineManifest({
  id: 'simplicate',
  displayName: 'Simplicate',
  role: 'crm_source',
  availability: 'available',
  // [C] docs/external-systems/simplicate.md#authentication: two headers on every request.
  auth: { kind: 'api_key_pair', keyHeader: 'Authentication-Key', secretHeader: 'Authentication-Secret' },
  baseUrlPattern: 'https://{domain}.simplicate.nl',
  apiPath: '/api/v2',
  // [C] docs/external-systems/simplicate.md#envelope-and-paging: offset/limit, at most 100 per page, total via metadata=count.
  pagination: { kind: 'offset_limit', maxPageSize: 100, countParam: 'metadata=count' },
  // [I] docs/external-systems/simplicate.md#filters: modified-since through the generic filter engine.
  modifiedSince: { param: 'q[updated_at][ge]', format: 'YYYY-MM-DD HH:mm:ss (Europe/Amsterdam)' },
  // [C] docs/external-systems/simplicate.md#errors-and-rate-limit at least 120/min; [I] 429 with optional Retry-After.
  rateLimit: { requestsPerMinute: 120, requestsPerDay: null, status: 429, retryAfterHeader: true },
  // [C] docs/external-systems/simplicate.md#webhooks: configured in the Simplicate UI, signed with HMAC-SHA256 of the raw body.
  webhooks: { signatureHeader: 'X-Webhook-Signature', algorithm: 'hmac-sha256' },
  capabilities: { companies: true, phoneRecords: true, incremental: true, webhooks: true, writes: false },
  settings: [
    { name: 'baseUrl', label: 'Environment URL', secret: false, example: 'https://yourfirm.simplicate.nl' },
    { name: 'apiKey', label: 'API key', secret: false },
    { name: 'apiSecret', label: 'API secret', secret: true },
    { name: 'webhookSecret', label: 'Webhook signing secret (optional)', secret: true },
  ],
  docs:
    'Simplicate API v2 (REST/JSON). Create an API key in Simplicate > Settings > General > API with read rights on CRM. ' +
    'Webhooks are optional and configured in the Simplicate UI.',
});
