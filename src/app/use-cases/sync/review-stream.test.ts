// Who hears a review notice: the people of its portal, narrowed to the domains each may see.
import { describe, expect, it } from 'vitest';

import { heardOf } from './review-stream.js';

describe('who hears a notice', () => {
  const user = { portalId: 'p1' };
  it('is everyone of the portal for an administrator, and only the visible domains for others', () => {
    expect(heardOf(user, null, { portalId: 'p1', domainIds: ['d1', 'd2'] })).toEqual({ domainIds: ['d1', 'd2'] });
    expect(heardOf(user, null, { portalId: 'p2', domainIds: ['d1'] })).toBe(false);
    expect(heardOf(user, ['d2'], { portalId: 'p1', domainIds: ['d1', 'd2'] })).toEqual({ domainIds: ['d2'] });
    expect(heardOf(user, ['d3'], { portalId: 'p1', domainIds: ['d1', 'd2'] })).toBe(false);
    expect(heardOf(user, ['d3'], { portalId: 'p1', domainIds: null })).toEqual({ domainIds: null });
    expect(heardOf(user, [], { portalId: 'p1', domainIds: null })).toBe(false);
  });
});
