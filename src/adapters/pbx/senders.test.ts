// Sender allow-lists: entries are IP addresses or CIDR ranges; an empty list allows any sender.
import { describe, expect, it } from 'vitest';

import { parseAllowedSenders, senderAllowed } from './senders.js';

describe('phone-system sender allow-lists', () => {
  it('tidies a typed list and names the entries that are not addresses', () => {
    expect(parseAllowedSenders(['203.0.113.0/24, 198.51.100.7', '2001:db8::/32\n198.51.100.7'])).toEqual({
      ok: true,
      value: ['203.0.113.0/24', '198.51.100.7', '2001:db8::/32'],
    });
    expect(parseAllowedSenders(['voys.nl', '10.0.0.0/33', '10.0.0.1/8/1'])).toMatchObject({
      ok: false,
      error: { invalid: ['voys.nl', '10.0.0.0/33', '10.0.0.1/8/1'] },
    });
  });

  it('allows any sender with an empty list, else only covered addresses (also IPv4 written as IPv6)', () => {
    expect(senderAllowed([], '192.0.2.1')).toBe(true);
    const list = ['203.0.113.0/24', '198.51.100.7', '2001:db8::/32'];
    expect(senderAllowed(list, '203.0.113.200')).toBe(true);
    expect(senderAllowed(list, '::ffff:198.51.100.7')).toBe(true);
    expect(senderAllowed(list, '2001:db8::1')).toBe(true);
    expect(senderAllowed(list, '198.51.100.8')).toBe(false);
    expect(senderAllowed(list, '127.0.0.1')).toBe(false);
    expect(senderAllowed(list, 'not an address')).toBe(false);
  });
});
