import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readCsvRecords, sniffDelimiter } from './csv-reader.js';
import { detectEncoding, firstInvalidUtf8 } from './encoding.js';
import { FileRejectedError } from './errors.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'intake-encoding-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = async (name: string, content: Buffer | string): Promise<string> => {
  const target = path.join(dir, name);
  await writeFile(target, content);
  return target;
};

const rejection = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof FileRejectedError ? error.reject : error),
  );

describe('detectEncoding', () => {
  it('keeps a multi-byte character that straddles the 64 KB read boundary as UTF-8', async () => {
    const line = `${'a'.repeat(99)}\n`;
    const text = line.repeat(655) + 'x'.repeat(65_536 - line.length * 655 - 1) + 'é\n';
    expect(Buffer.byteLength(text)).toBeGreaterThan(65_536);
    expect(await detectEncoding(await write('straddle.csv', text), null)).toBe('utf8');
  });

  it('names the line of the first invalid byte far into the file', async () => {
    const head = Buffer.from('Relatienummer;Naam\n' + '1;Alfa\n'.repeat(20_000));
    const bad = Buffer.concat([head, Buffer.from([0x31, 0x3b, 0xe9, 0x0a])]);
    expect(await detectEncoding(await write('late.csv', bad), null)).toBe('win1252');
    expect(
      await rejection(
        detectEncoding(await write('late-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bad])), 'utf8'),
      ),
    ).toEqual({
      code: 'encoding_invalid',
      line: 20_002,
      detail: 'utf8',
    });
  });

  it('finds overlong and truncated sequences', () => {
    expect(firstInvalidUtf8(Buffer.from('abc'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xe2, 0x82]))).toBe(2);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
  });
});

describe('readCsvRecords', () => {
  it('refuses a file that grows past maxBytes while it is read', async () => {
    const target = await write('growing.csv', 'Relatienummer;Naam\n1;Alfa\n2;Beta\n');
    const read = async (): Promise<void> => {
      for await (const _record of readCsvRecords(target, 'utf8', { delimiter: ';', sepLine: false, maxBytes: 20 })) {
        // consume
      }
    };
    expect(await rejection(read())).toEqual({ code: 'file_too_large', line: null, detail: '33' });
  });
});

describe('sniffDelimiter', () => {
  it.each([
    ['Relatienummer;Naam;Plaats\n1;"A, B";C', ';'],
    ['Relatienummer,Naam,Plaats\n1,"A; B",C', ','],
    ['"Naam; met puntkomma",Plaats,Land\n', ','],
    ['Relatienummer\tNaam\n', '\t'],
    ['Relatienummer\n1\n', ';'],
    ['\ufeff\r\nsep=|\r\nA|B\r\n', '|'],
  ])('%j → %j', (text, delimiter) => {
    expect(sniffDelimiter(text).delimiter).toBe(delimiter);
  });
});
