/** The explicit list of external systems, one line each. Validated at load; the app asks it for roles, never for ids. */
import { err } from '../core/result.js';
import { accountViewSystem } from './accountview/index.js';
import { clientOnlineSystem } from './clientonline/index.js';
import { otherCrmSystem } from './other-crm/index.js';
import { radarSystem } from './radar/index.js';
import { connectorManifestSchema } from './shared/manifest.js';
import { simplicateSystem } from './simplicate/index.js';
import { vismaAdvisorSystem } from './visma-advisor/index.js';
import { yukiSystem } from './yuki/index.js';

import type { ConnectorError, PortalTarget, RecordSource } from '../core/connector.js';
import type { Result } from '../core/result.js';
import type { HttpOptions } from './shared/http.js';
import type { ConnectorManifest } from './shared/manifest.js';
import type {
  IntakeRole,
  PhoneSourceRole,
  PortalTargetDeps,
  SystemDefinition,
  WebhookVerifier,
} from './shared/system.js';

const builtIn: readonly SystemDefinition[] = [
  simplicateSystem,
  yukiSystem,
  accountViewSystem,
  radarSystem,
  vismaAdvisorSystem,
  clientOnlineSystem,
  otherCrmSystem,
];

export type RegistryEntry = SystemDefinition;

const roleNames = ['recordSource', 'portalTarget', 'phoneSource', 'webhookVerifier', 'oauth', 'intake'] as const;

/** What is wrong with a definition: an invalid manifest, or an on-request system that claims a role. */
function problemsOf(definition: SystemDefinition): string[] {
  const id = definition.manifest.id;
  const parsed = connectorManifestSchema.safeParse(definition.manifest);
  const problems = parsed.success ? [] : [`${id}: ${parsed.error.message}`];
  const roles = roleNames.filter((role) => definition[role] !== undefined);
  if (definition.manifest.availability === 'on_request' && roles.length > 0) {
    problems.push(`${id}: an on_request system cannot play a role (${roles.join(', ')})`);
  }
  const intake = definition.manifest.availability === 'intake';
  if (intake !== (definition.intake !== undefined)) {
    problems.push(`${id}: availability 'intake' and the intake role go together`);
  }
  if (intake && definition.recordSource !== undefined) {
    problems.push(`${id}: an intake system's records come from crmhub's store, not a record source of its own`);
  }
  return problems;
}

const systems = new Map<string, SystemDefinition>();

/** Adds definitions, all or none; a bad or duplicate one is a bug and stops the start. */
function add(definitions: readonly SystemDefinition[]): void {
  const ids = definitions.map((d) => d.manifest.id);
  const problems = definitions.flatMap(problemsOf);
  for (const [index, id] of ids.entries()) {
    if (systems.has(id) || ids.indexOf(id) !== index) problems.push(`${id}: registered twice`);
  }
  if (problems.length > 0) throw new Error(`connector registry is invalid: ${problems.join('; ')}`);
  for (const definition of definitions) systems.set(definition.manifest.id, definition);
}

add(builtIn);

/** Every registered system by id. */
export const registry: ReadonlyMap<string, SystemDefinition> = systems;

/**
 * Registers one more system at run time, checked like the built-in ones; returns how to remove it again. Only tests
 * use it (a fake system); a real system is one more line in the list above.
 */
export function registerSystem(definition: SystemDefinition): () => void {
  add([definition]);
  return () => {
    if (systems.get(definition.manifest.id) === definition) systems.delete(definition.manifest.id);
  };
}

/** Every manifest, for the "choose your CRM" screen. */
export function listManifests(): readonly ConnectorManifest[] {
  return [...systems.values()].map((e) => e.manifest);
}

/** The definition for an id; `unsupported` for an unknown id. */
export function getConnectorEntry(id: string): Result<SystemDefinition, ConnectorError> {
  const entry = systems.get(id);
  if (entry === undefined) return err({ code: 'unsupported', message: `Unknown connector "${id}"` });
  return { ok: true, value: entry };
}

/** The definition of an available system, or why there is none. */
function available(id: string): Result<SystemDefinition, ConnectorError> {
  const entry = getConnectorEntry(id);
  if (!entry.ok) return entry;
  const { manifest } = entry.value;
  if (manifest.availability === 'on_request') {
    return err({ code: 'unsupported', message: `${manifest.displayName} is available on request: ${manifest.docs}` });
  }
  return entry;
}

/** Builds a record source; `unsupported` when the id is unknown, on request only, or not a record source. */
export function createRecordSource(
  id: string,
  settings: unknown,
  http?: HttpOptions,
): Result<RecordSource, ConnectorError> {
  const entry = available(id);
  if (!entry.ok) return entry;
  const { manifest, recordSource } = entry.value;
  if (recordSource === undefined) {
    return err({
      code: 'unsupported',
      message: `${manifest.displayName} is not a record source built by the registry`,
    });
  }
  return recordSource(settings, http);
}

/** Builds a portal target; `unsupported` when the id is unknown, on request only, or not a portal. */
export function createPortalTarget(
  id: string,
  settings: unknown,
  deps: PortalTargetDeps,
): Result<PortalTarget, ConnectorError> {
  const entry = available(id);
  if (!entry.ok) return entry;
  const { manifest, portalTarget } = entry.value;
  if (portalTarget === undefined) {
    return err({ code: 'unsupported', message: `${manifest.displayName} is not a portal crmhub writes to` });
  }
  return portalTarget(settings, deps);
}

/** How a system's numbers reach the phone index; null when they cannot be indexed. */
export function phoneSourceRoleOf(system: string): PhoneSourceRole | null {
  return systems.get(system)?.phoneSource ?? null;
}

/** True when the system's connections can feed the caller-ID phone index. */
export function isIndexableSystem(system: string): boolean {
  return phoneSourceRoleOf(system) !== null;
}

/** The inbound-webhook verifier of a system; null when it sends none. */
export function webhookVerifierOf(system: string): WebhookVerifier | null {
  return systems.get(system)?.webhookVerifier ?? null;
}

/** The short name of a system for pop-ups and source lists; the id itself for an unknown system. */
export function shortNameOf(system: string): string {
  const entry = systems.get(system);
  return entry === undefined ? system : (entry.shortName ?? entry.manifest.displayName);
}

/** True when the system is connected with an OAuth grant (tokens kept in the token store and refreshed). */
export function hasOAuthGrant(system: string): boolean {
  return systems.get(system)?.oauth !== undefined;
}

/** The intake role of a system whose records are pushed or imported; null for every other system. */
export function intakeRoleOf(system: string): IntakeRole | null {
  return systems.get(system)?.intake ?? null;
}
