/** Whether a process of this machine is still running, by its pid (for lock and pid files left behind). */
export function isProcessAlive(pid: number): boolean {
  try {
    // Signal 0 checks existence (and permission) without sending anything.
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
