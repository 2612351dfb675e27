/** AES-256-GCM encryption of stored secrets; every ciphertext names its key so keys can rotate. */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type SecretBox = {
  /** Encrypts with the current key: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). */
  encrypt(plaintext: string): string;
  /** Decrypts with whichever configured key the ciphertext names; throws on tampering or an unknown key. */
  decrypt(ciphertext: string): string;
  /** True when the ciphertext was made with an older key and should be re-encrypted. */
  needsRotation(ciphertext: string): boolean;
  readonly currentKeyId: string;
};

export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

/** A short, stable id derived from the key itself, so no separate key-id setting can drift. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}

function decodeKey(base64Key: string): Buffer {
  const key = Buffer.from(base64Key, 'base64');
  if (key.length !== 32) throw new SecretBoxError('a secret key must be exactly 32 bytes');
  return key;
}

/** Builds a box from the current key and any older keys still needed to read existing ciphertexts. */
export function createSecretBox(currentKey: string, olderKeys: readonly string[] = []): SecretBox {
  const current = decodeKey(currentKey);
  const currentKeyId = keyIdOf(current);
  const keys = new Map<string, Buffer>([[currentKeyId, current]]);
  for (const older of olderKeys) {
    const key = decodeKey(older);
    keys.set(keyIdOf(key), key);
  }

  function split(ciphertext: string): { keyId: string; iv: Buffer; tag: Buffer; body: Buffer } {
    const parts = ciphertext.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretBoxError('not a crmhub ciphertext');
    const [, keyId = '', iv = '', tag = '', body = ''] = parts;
    return {
      keyId,
      iv: Buffer.from(iv, 'base64url'),
      tag: Buffer.from(tag, 'base64url'),
      body: Buffer.from(body, 'base64url'),
    };
  }

  return {
    currentKeyId,
    encrypt(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(`${VERSION}.${currentKeyId}`));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        VERSION,
        currentKeyId,
        iv.toString('base64url'),
        tag.toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    decrypt(ciphertext) {
      const { keyId, iv, tag, body } = split(ciphertext);
      const key = keys.get(keyId);
      if (key === undefined) throw new SecretBoxError(`no configured key has id ${keyId}`);
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError('ciphertext is damaged');
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(`${VERSION}.${keyId}`));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('ciphertext was tampered with or the key is wrong');
      }
    },
    needsRotation(ciphertext) {
      return split(ciphertext).keyId !== currentKeyId;
    },
  };
}

/** A fresh random key in the format CRMHUB_SECRET_KEY expects. */
export function generateSecretKey(): string {
  return randomBytes(32).toString('base64');
}
