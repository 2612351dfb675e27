/** Options and handle shared by every simulator's `startXxxSim` entry point. */

/** How a simulator is started (from the CLI, the demo or a test). */
export type SimStartOptions = {
  /** TCP port to listen on; 0 picks a free one (tests always use 0). */
  port: number;
  host?: string;
  /** Seed for the deterministic generated data. */
  seed: number;
  /** Number of organisations to generate. */
  orgs: number;
  /** JSON snapshot file: loaded at start when present, saved on change and on close. */
  snapshotPath?: string;
  /** Simulator-specific knobs as strings (parsed by the simulator's options schema). */
  extra?: Record<string, string>;
};

/** A listening simulator. */
export type RunningSim = {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  close(): Promise<void>;
};
