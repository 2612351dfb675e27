import { describe, expect, it } from 'vitest';

import { createSecretBox, generateSecretKey, keyIdOf, SecretBoxError } from './secret-box.js';

describe('secret box (AES-256-GCM)', () => {
  const oldKey = generateSecretKey();
  const newKey = generateSecretKey();

  it('round-trips and never repeats a ciphertext', () => {
    const box = createSecretBox(newKey);
    const first = box.encrypt('api-secret-123');
    const second = box.encrypt('api-secret-123');
    expect(first).not.toBe(second);
    expect(first).not.toContain('api-secret-123');
    expect(box.decrypt(first)).toBe('api-secret-123');
  });

  it('names its key in every ciphertext', () => {
    const box = createSecretBox(newKey);
    expect(box.encrypt('x').split('.')[1]).toBe(keyIdOf(Buffer.from(newKey, 'base64')));
  });

  it('detects tampering with the body, the tag or the key id', () => {
    const box = createSecretBox(newKey);
    const parts = box.encrypt('secret value').split('.');
    const flip = (text: string): string => (text.startsWith('A') ? `B${text.slice(1)}` : `A${text.slice(1)}`);
    for (const index of [2, 3, 4]) {
      const damaged = [...parts];
      damaged[index] = flip(damaged[index] ?? '');
      expect(() => box.decrypt(damaged.join('.'))).toThrow(SecretBoxError);
    }
    const otherId = [...parts];
    otherId[1] = 'zzzzzzzz';
    expect(() => box.decrypt(otherId.join('.'))).toThrow(/no configured key/);
    expect(() => box.decrypt('plain text')).toThrow(/not a crmhub ciphertext/);
  });

  it('rotates keys: old ciphertexts stay readable with the old key listed, and are flagged for re-encryption', () => {
    const before = createSecretBox(oldKey).encrypt('refresh-token');
    const rotated = createSecretBox(newKey, [oldKey]);
    expect(rotated.decrypt(before)).toBe('refresh-token');
    expect(rotated.needsRotation(before)).toBe(true);
    expect(rotated.needsRotation(rotated.encrypt('refresh-token'))).toBe(false);
    expect(() => createSecretBox(newKey).decrypt(before)).toThrow(SecretBoxError);
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => createSecretBox(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
