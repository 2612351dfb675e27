import { describe, expect, it } from 'vitest';

import { formatSseFrame } from './sse-hub.js';

describe('formatSseFrame', () => {
  it('writes id, event and one data line per line of data', () => {
    expect(formatSseFrame({ id: '7', event: 'call', data: '{"a":1}' })).toBe('id: 7\nevent: call\ndata: {"a":1}\n\n');
    expect(formatSseFrame({ data: 'one\ntwo\r\nthree' })).toBe('data: one\ndata: two\ndata: three\n\n');
  });

  it('refuses ids and event names that would split the frame', () => {
    expect(() => formatSseFrame({ id: '1\n2', data: '' })).toThrow(/line break/);
    expect(() => formatSseFrame({ event: 'call\r', data: '' })).toThrow(/line break/);
  });
});
