/** The AccountView connection's stored credentials (encrypted JSON) and the OAuth grant id of a connection. */
import { storedAccountViewCredentials } from '../../../adapters/accountview/stored-credentials.js';

import type { StoredAccountViewCredentials } from '../../../adapters/accountview/stored-credentials.js';
import type { SecretBox } from '../../../adapters/crypto/secret-box.js';
import type { ConnectorError } from '../../../core/connector.js';
import type { Result } from '../../../core/result.js';

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
): Result<StoredAccountViewCredentials, ConnectorError> {
  const encrypted = connection.credentialsEnc;
  return storedAccountViewCredentials(() => (encrypted === null ? null : JSON.parse(box.decrypt(encrypted))));
}
