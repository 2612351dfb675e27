/** The shape in which an AccountView connection's credentials are stored (decrypted JSON), checked when read back. */
import { z } from 'zod';

import { err, ok } from '../../core/result.js';

import type { ConnectorError } from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { AccountViewSettings } from './settings.js';

export const storedAccountViewCredentialsSchema = z.object({
  apiKey: z.string().min(1),
  apiSecret: z.string().min(1),
  companyId: z.string().min(1),
  redirectUri: z.string().min(1),
  oauthUrls: z.object({ authorizeUrl: z.string(), tokenUrl: z.string(), issuer: z.string() }).partial().optional(),
  companies: z.array(z.object({ id: z.string(), code: z.string(), description: z.string() })).default([]),
});
export type StoredAccountViewCredentials = z.infer<typeof storedAccountViewCredentialsSchema>;

/** Reads the decrypted credentials (`read` returns null once disconnected, throws when they cannot be decrypted). */
export function storedAccountViewCredentials(
  read: () => unknown,
): Result<StoredAccountViewCredentials, ConnectorError> {
  try {
    const value = read();
    if (value === null) {
      return err({ code: 'auth_invalid', message: 'AccountView is not connected (no stored credentials).' });
    }
    const parsed = storedAccountViewCredentialsSchema.safeParse(value);
    if (parsed.success) return ok(parsed.data);
  } catch {
    // fall through: unreadable
  }
  return err({
    code: 'auth_invalid',
    message: 'The stored AccountView credentials cannot be read; connect AccountView again.',
  });
}

/** Only the settings the OAuth client and the API need (not the companies list kept for the settings page). */
export function settingsOf(value: AccountViewSettings): AccountViewSettings {
  return {
    apiKey: value.apiKey,
    apiSecret: value.apiSecret,
    companyId: value.companyId,
    redirectUri: value.redirectUri,
    ...(value.oauthUrls === undefined ? {} : { oauthUrls: value.oauthUrls }),
  };
}
