/** The caller-ID part of `crmhub demo`: AccountView and PBX simulators, connected, ringing the demo user. */
import type { User } from '../../adapters/db/repos/users.repo.js';
import type { RunningCrmhub } from '../runtime.js';

/** Starts the caller-ID side of the demo; returns how to stop it. */
export function startCallerIdDemo(
  _running: RunningCrmhub,
  _admin: User,
  options: { log: (line: string) => void },
): Promise<() => Promise<void>> {
  // Wired to the AccountView OAuth flow and the PBX simulator once the caller-ID feature lands (issue 5).
  options.log('caller-ID pop-ups are not part of this demo yet');
  return Promise.resolve(() => Promise.resolve());
}
