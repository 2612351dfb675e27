/** The AccountView connection's stored credentials (encrypted JSON) and the OAuth grant id of a connection. */
import { z } from 'zod';

import { err, ok } from '../../../core/result.js';

import type { AccountViewSettings } from '../../../adapters/accountview/settings.js';
import type { SecretBox } from '../../../adapters/crypto/secret-box.js';
import type { ConnectorError } from '../../../core/connector.js';
import type { Result } from '../../../core/result.js';

const storedSchema = z.object({
  apiKey: z.string().min(1),
  apiSecret: z.string().min(1),
  companyId: z.string().min(1),
  redirectUri: z.string().min(1),
  oauthUrls: z.object({ authorizeUrl: z.string(), tokenUrl: z.string(), issuer: z.string() }).partial().optional(),
  companies: z.array(z.object({ id: z.string(), code: z.string(), description: z.string() })).default([]),
});
export type StoredAccountViewCredentials = z.infer<typeof storedSchema>;

/** The token-store key of a connection's grant. */
export function accountViewGrantId(connectionId: string): string {
  return `connection:${connectionId}`;
}

export function encryptAccountViewCredentials(box: SecretBox, value: StoredAccountViewCredentials): string {
  return box.encrypt(JSON.stringify(value));
}

/** Decrypts and checks the stored credentials; a precise error when they are gone or unreadable. */
export function readAccountViewCredentials(
  connection: { readonly credentialsEnc: string | null },
  box: SecretBox,
): Result<AccountViewSettings & { readonly companies: StoredAccountViewCredentials['companies'] }, ConnectorError> {
  if (connection.credentialsEnc === null) {
    return err({ code: 'auth_invalid', message: 'AccountView is not connected (no stored credentials).' });
  }
  try {
    const parsed = storedSchema.safeParse(JSON.parse(box.decrypt(connection.credentialsEnc)));
    if (parsed.success) return ok(parsed.data);
  } catch {
    // fall through: unreadable
  }
  return err({
    code: 'auth_invalid',
    message: 'The stored AccountView credentials cannot be read; connect AccountView again.',
  });
}
