// A signed Simplicate body of any shape is a hint (docs/external-systems/simplicate.md#webhooks): ids anywhere, or a poll.
import { describe, expect, it } from 'vitest';

import { simplicateWebhookHint } from './webhook.js';

const hint = (body: unknown) =>
  simplicateWebhookHint(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)));

describe('simplicateWebhookHint', () => {
  it.each([
    ['flat (simulator option webhookPayload=flat)', { event: 'organization.updated', id: 'organization:abc' }],
    [
      'nested (webhookPayload=nested)',
      { event: 'organization.updated', data: { id: 'organization:abc' }, timestamp: 'x' },
    ],
    ['deep in an array', { changes: [{ subject: { ref: ['organization:abc'] } }] }],
    ['as a key', { updated: { 'organization:abc': { name: 'Nieuw' } } }],
  ])('finds the organisation id %s', (_name, body) => {
    expect(hint(body)).toEqual({ kind: 'records', recordIds: ['organization:abc'], poll: false });
  });

  it('also polls when a person or contact link is named', () => {
    expect(hint({ person: { id: 'person:p1' }, organization: 'organization:abc' })).toEqual({
      kind: 'records',
      recordIds: ['organization:abc'],
      poll: true,
    });
  });

  it.each([
    ['no id', { event: 'subscription.updated' }],
    ['only a person', { id: 'person:p1' }],
    ['not JSON', 'ping'],
    ['empty', ''],
    ['too many organisations', { ids: Array.from({ length: 26 }, (_, i) => `organization:o${String(i)}`) }],
  ])('asks for an incremental poll for %s', (_name, body) => {
    expect(hint(body)).toEqual({ kind: 'changes' });
  });
});
