/** A live-stream hub: the process's own, or one started on first use (processes that built only the HTTP app). */
import type { Config } from '../config.js';

type Hub = { start(): Promise<void>; stop(): Promise<void> };

export type LazyHub<H extends Hub> = {
  /** The hub; null when the process has none and no DATABASE_URL to listen on. */
  get(): Promise<H | null>;
  /** Stops the hub this started (not the process's own). */
  stop(): Promise<void>;
};

export function lazyHub<H extends Hub>(
  processHub: H | undefined,
  config: Pick<Config, 'databaseUrl'>,
  create: (databaseUrl: string) => H,
): LazyHub<H> {
  let ownHub: H | null = null;
  return {
    async get() {
      if (processHub !== undefined) return processHub;
      if (ownHub === null && config.databaseUrl !== null) {
        ownHub = create(config.databaseUrl);
        await ownHub.start();
      }
      return ownHub;
    },
    async stop() {
      await ownHub?.stop();
    },
  };
}
