import { describe, expect, it } from 'vitest';

import { pbxManifest, pbxOptionsSchema } from './manifest.js';

describe('pbxManifest', () => {
  it('describes the three inbound contracts with the documented defaults', () => {
    expect(pbxManifest.jsonWebhook.path).toBe('/api/callerid/events');
    expect(pbxManifest.jsonWebhook.signatureHeader).toBe('x-crmhub-signature');
    // The path as docs/external-systems/pbx.md#url-template writes it.
    expect(pbxManifest.urlTemplate.segments.map((segment) => `/{${segment}}`).join('')).toBe(
      '/{calluniqueid}/{callfrom}/{callto}/{status}/{status_desc}/{direction}/{timestamp}',
    );
    expect(pbxManifest.threeCxLookup.path).toBe('/api/callerid/3cx/lookup');
    expect(pbxManifest.options).toEqual({
      replayWindowSeconds: 300,
      extensionDigits: { min: 2, max: 5 },
      threeCxMaxContacts: 10,
      threeCxOnAmbiguous: 'all',
    });
  });

  it('rejects bad options with the field named', () => {
    const bad = pbxOptionsSchema.safeParse({ replayWindowSeconds: 0, extensionDigits: { min: 6, max: 3 }, nope: 1 });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['replayWindowSeconds', 'extensionDigits']));
  });
});
