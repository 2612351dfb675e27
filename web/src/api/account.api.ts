// Client for the signed-in user's own account: changing the password, and their sessions.
import { ownSessionsSchema } from '../../../src/contract/auth.contract.js';
import { send, sendJson } from '../api.js';

import type { ChangePasswordInput, OwnSessionView } from '../../../src/contract/auth.contract.js';

export type OwnSession = OwnSessionView;

/** `current_password_wrong` or `password_too_weak` when refused; other sessions of the user end on success. */
export async function changePassword(input: ChangePasswordInput): Promise<void> {
  await send('POST', '/api/auth/password', input);
}

export async function listOwnSessions(): Promise<OwnSession[]> {
  return (await sendJson(ownSessionsSchema, 'GET', '/api/auth/sessions')).sessions;
}

export async function endOwnSession(id: string): Promise<void> {
  await send('DELETE', `/api/auth/sessions/${encodeURIComponent(id)}`);
}
