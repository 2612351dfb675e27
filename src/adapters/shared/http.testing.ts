/** Test support: a backoff sleep that records each wait instead of waiting, so retries cost no time. */
export function recordedSleep(sleeps: number[]): (ms: number) => Promise<void> {
  return (ms) => {
    sleeps.push(ms);
    return Promise.resolve();
  };
}
