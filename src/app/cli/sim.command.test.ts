import { describe, expect, it } from 'vitest';

import { parseSimArgs } from './sim.command.js';

describe('crmhub sim arguments', () => {
  it('reads the standard flags and free key=value settings', () => {
    expect(
      parseSimArgs([
        'pbx',
        '--port',
        '4000',
        '--seed',
        '7',
        '--orgs',
        '100000',
        '--target',
        'http://localhost:3000',
        '--set',
        'mode=json',
      ]),
    ).toEqual({
      system: 'pbx',
      options: {
        port: 4000,
        host: '127.0.0.1',
        seed: 7,
        orgs: 100000,
        extra: { mode: 'json', target: 'http://localhost:3000' },
      },
    });
  });

  it('names the bad flag or simulator', () => {
    expect(() => parseSimArgs(['crm'])).toThrow(
      /unknown simulator crm; choose one of simplicate, yuki, accountview, pbx/,
    );
    expect(() => parseSimArgs(['yuki', '--port', 'eighty'])).toThrow(/--port must be a whole number/);
    expect(() => parseSimArgs(['yuki', '--set', 'novalue'])).toThrow(/--set needs key=value/);
  });
});
