/** SHA-256 (base64url) of a random token, key or secret: stored and compared in its place, never the value itself. */
import { createHash } from 'node:crypto';

/** What a hashed value is for; the tag keeps equal values of different kinds from matching each other. */
export type SecretKind = 'oauth-state' | 'pbx-token' | 'intake-key' | 'intake-secret' | 'csrf';

/** The values are random (32 bytes or more), so a fast hash suffices: there is nothing to guess. */
export function secretHash(kind: SecretKind | null, value: string): string {
  return createHash('sha256')
    .update(kind === null ? value : `${kind}:${value}`)
    .digest('base64url');
}
