import { describe, expect, it } from 'vitest';

import { parsePbxSimOptions } from './options.js';

describe('parsePbxSimOptions', () => {
  it('fills the documented defaults and trims the target', () => {
    const o = parsePbxSimOptions({ target: 'http://127.0.0.1:3000/', secret: 's', token: 't' });
    expect(o).toMatchObject({
      target: 'http://127.0.0.1:3000',
      mode: 'both',
      ratePerSecond: 0.2,
      extensions: ['201', '202', '203', '204', '205'],
      callers: [],
      timeScale: 1,
      missedShare: 0,
      jsonTimestamp: 'unix',
      urlInboundCallTo: 'extension',
      retries: 0,
    });
    expect(o.ringSeconds).toEqual({ min: 3, max: 20 });
  });

  it('parses string knobs as the CLI passes them', () => {
    const o = parsePbxSimOptions({
      target: 'http://x.test',
      mode: 'json',
      secret: 's',
      ratePerSecond: '2.5',
      durationSeconds: '10',
      extensions: '301,302',
      callers: '020-123 45 67|+31 6 1234 5678',
      dryRun: 'true',
    });
    expect(o).toMatchObject({
      ratePerSecond: 2.5,
      durationSeconds: 10,
      extensions: ['301', '302'],
      callers: ['020-123 45 67', '+31 6 1234 5678'],
      dryRun: true,
    });
    expect(
      parsePbxSimOptions({ target: 'http://x.test', mode: 'json', secret: 's', callers: '["a, b","c"]' }).callers,
    ).toEqual(['a, b', 'c']);
  });

  it('requires the secret for JSON and the token for the URL template, naming each problem', () => {
    expect(() => parsePbxSimOptions({ target: 'http://x.test', mode: 'json' })).toThrow(/secret: mode json signs/);
    expect(() => parsePbxSimOptions({ target: 'http://x.test', mode: 'url_template' })).toThrow(
      /token: mode url_template/,
    );
    expect(() => parsePbxSimOptions({ target: 'http://x.test' })).toThrow(/secret: .*; token: /);
  });

  it.each([
    [{ target: 'not a url', mode: 'json', secret: 's' }, /target/],
    [
      { target: 'http://x.test', mode: 'json', secret: 's', extensions: '1' },
      /extensions\.0: extensions are 2–6 digits/,
    ],
    [{ target: 'http://x.test', mode: 'url_template', token: 'a/b' }, /token must be URL-safe/],
    [
      { target: 'http://x.test', mode: 'json', secret: 's', ringSeconds: { min: 5, max: 1 } },
      /ringSeconds: min must not exceed max/,
    ],
    [{ target: 'http://x.test', mode: 'json', secret: 's', bogus: 1 }, /bogus/],
  ])('rejects %j', (raw, message) => {
    expect(() => parsePbxSimOptions(raw)).toThrow(message);
  });
});
