/** Yuki, the portal target: the sync writes to it, and its contacts' numbers feed caller ID (quota counted in a ledger). */
import { ok } from '../../core/result.js';
import { DEFAULT_PHONE_POLL_MS } from '../shared/system.js';
import { yukiEndpoints, yukiManifest } from './manifest.js';
import { portalPhoneSource } from './phones.js';
import { parseYukiSettings } from './settings.js';
import { createYukiConnector } from './yuki.connector.js';

import type { SystemDefinition } from '../shared/system.js';

const asRecord = (value: unknown): Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

export const yukiSystem: SystemDefinition = {
  manifest: yukiManifest,
  portalTarget(settings, deps) {
    const parsed = parseYukiSettings(asRecord(settings));
    if (!parsed.ok) return parsed;
    return ok(
      createYukiConnector(parsed.value, {
        clock: deps.clock,
        ledger: deps.ledger,
        endpoints: deps.baseUrl === null ? yukiEndpoints('nl') : yukiEndpoints({ baseUrl: deps.baseUrl }),
        http: deps.http ?? {},
      }),
    );
  },
  phoneSource: {
    pollMs: DEFAULT_PHONE_POLL_MS,
    async create(context) {
      const target = await context.portalTarget();
      return target.ok ? ok(portalPhoneSource(target.value)) : target;
    },
  },
};
