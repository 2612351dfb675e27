// Checks the connector registry: every id present and valid, unknown and on-request ids answered with unsupported.
import { describe, expect, it } from 'vitest';

import { connectorIds } from '../core/connector.js';
import {
  createRecordSource,
  getConnectorEntry,
  hasOAuthGrant,
  intakeRoleOf,
  isIndexableSystem,
  listManifests,
  registerSystem,
  registry,
  shortNameOf,
  webhookVerifierOf,
} from './registry.js';
import { defineManifest, onRequestManifest } from './shared/manifest.js';
import { simplicateManifest } from './simplicate/manifest.js';

describe('registry', () => {
  it('has one valid manifest per connector id', () => {
    expect([...registry.keys()].sort()).toEqual([...connectorIds].sort());
    expect(
      listManifests()
        .map((m) => m.id)
        .sort(),
    ).toEqual([...connectorIds].sort());
  });

  it('answers unsupported for unknown ids', () => {
    const res = getConnectorEntry('hubspot');
    expect(!res.ok && res.error).toEqual({ code: 'unsupported', message: 'Unknown connector "hubspot"' });
  });

  it('lists Radar, Visma Advisor, ClientOnline and "other" as intake systems, with no record source of their own', () => {
    for (const id of ['radar', 'visma_advisor', 'clientonline', 'other_crm']) {
      const entry = getConnectorEntry(id);
      expect(entry.ok && entry.value.manifest.availability).toBe('intake');
      expect(intakeRoleOf(id)).not.toBeNull();
      const built = createRecordSource(id, {});
      expect(!built.ok && built.error.code).toBe('unsupported');
    }
    expect(intakeRoleOf('simplicate')).toBeNull();
  });

  it('builds Simplicate from settings and passes setting errors through', () => {
    const built = createRecordSource('simplicate', { baseUrl: 'firm', apiKey: 'k', apiSecret: 's' });
    expect(built.ok && built.value.id).toBe('simplicate');
    const bad = createRecordSource('simplicate', { baseUrl: 'firm' });
    expect(!bad.ok && bad.error.fieldErrors?.map((f) => f.field)).toEqual(['apiKey', 'apiSecret']);
  });
});

describe('roles', () => {
  it('answers role questions by system, never by a list of ids in the app', () => {
    expect(hasOAuthGrant('accountview')).toBe(true);
    expect(hasOAuthGrant('simplicate')).toBe(false);
    expect(webhookVerifierOf('simplicate')).not.toBeNull();
    expect(webhookVerifierOf('yuki')).toBeNull();
    expect(['simplicate', 'yuki', 'accountview'].every(isIndexableSystem)).toBe(true);
    expect(isIndexableSystem('radar')).toBe(true);
    expect(isIndexableSystem('hubspot')).toBe(false);
    expect(['accountview', 'simplicate', 'yuki', 'radar', 'visma_advisor', 'clientonline'].map(shortNameOf)).toEqual([
      'AccountView',
      'Simplicate',
      'Yuki',
      'Radar',
      'Advisor',
      'ClientOnline',
    ]);
    expect(shortNameOf('hubspot')).toBe('hubspot');
  });

  it('registers an extra system with the same checks, and removes it again', () => {
    const extra = { manifest: { ...simplicateManifest, id: 'extra_crm', displayName: 'Extra' } };
    const remove = registerSystem(extra);
    expect(getConnectorEntry('extra_crm').ok).toBe(true);
    expect(() => registerSystem(extra)).toThrow(/extra_crm: registered twice/);
    remove();
    expect(getConnectorEntry('extra_crm').ok).toBe(false);
    const onRequest = onRequestManifest({ id: 'asked_for', displayName: 'A', docs: 'd' });
    expect(() => registerSystem({ manifest: onRequest, recordSource: () => createRecordSource('radar', {}) })).toThrow(
      /an on_request system cannot play a role \(recordSource\)/,
    );
    const intake = { ...simplicateManifest, id: 'pushes', availability: 'intake' as const };
    expect(() => registerSystem({ manifest: intake })).toThrow(/availability 'intake' and the intake role go together/);
    expect(() =>
      registerSystem({ manifest: intake, intake: { vendor: null }, recordSource: () => createRecordSource('x', {}) }),
    ).toThrow(/not a record source of its own/);
  });
});

describe('manifest validation', () => {
  it('rejects inconsistent manifests with the reason', () => {
    expect(() => defineManifest({ ...simplicateManifest, webhooks: null })).toThrow(
      /capabilities.webhooks and webhooks must agree/,
    );
    expect(() => defineManifest({ ...simplicateManifest, auth: null })).toThrow(/needs auth and baseUrlPattern/);
    expect(() =>
      defineManifest({ ...simplicateManifest, pagination: { kind: 'offset_limit', maxPageSize: 0, countParam: null } }),
    ).toThrow(/pagination.maxPageSize/);
    expect(onRequestManifest({ id: 'radar', displayName: 'R', docs: 'd' }).capabilities.companies).toBe(false);
  });
});
