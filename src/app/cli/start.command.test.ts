import { describe, expect, it } from 'vitest';

import { publicUrlWarning } from './start.command.js';

describe('the public-URL warning at start', () => {
  it('warns only for a non-loopback address without CRMHUB_PUBLIC_URL', () => {
    expect(publicUrlWarning({ host: '0.0.0.0', publicUrl: null })).toMatch(/without CRMHUB_PUBLIC_URL/);
    expect(publicUrlWarning({ host: '127.0.0.1', publicUrl: null })).toBeNull();
    expect(publicUrlWarning({ host: '0.0.0.0', publicUrl: 'https://crmhub.kantoor.nl' })).toBeNull();
  });
});
