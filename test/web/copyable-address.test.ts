// The UI warns next to an address that names this machine (other systems cannot reach it).
import { describe, expect, it } from 'vitest';

import { isLocalOnly } from '../../web/src/local-address.js';

describe('addresses the user copies into another system', () => {
  it('are flagged when they name this machine', () => {
    expect(isLocalOnly('http://127.0.0.1:3000/api/callerid/accountview/callback')).toBe(true);
    expect(isLocalOnly('http://localhost:3000/api/webhooks/crm/abc')).toBe(true);
    expect(isLocalOnly('http://[::1]:3000/x')).toBe(true);
    expect(isLocalOnly('http://127.0.0.1:3000/api/callerid/pbx/<token>/x')).toBe(true);
    expect(isLocalOnly('http://localhost:3000/pop?number={phone}')).toBe(true);
  });

  it('are not flagged for a public address or a value that is no address', () => {
    expect(isLocalOnly('https://crmhub.kantoor.nl/api/webhooks/crm/abc')).toBe(false);
    expect(isLocalOnly('https://crmhub.kantoor.nl/pop?number={number}')).toBe(false);
    expect(isLocalOnly('a-webhook-secret')).toBe(false);
  });
});
