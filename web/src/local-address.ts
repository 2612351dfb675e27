// Whether an address crmhub shows for copying names this machine, which other systems cannot reach.
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0']);

/** True for an address that names this machine: AccountView, Simplicate or a phone system cannot reach it. */
export function isLocalOnly(address: string): boolean {
  try {
    return LOCAL_HOSTS.has(new URL(address.replace('<token>', 'token')).hostname);
  } catch {
    return false;
  }
}
