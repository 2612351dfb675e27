/** The declarative description every connector ships (auth, URLs, paging, limits, capabilities), validated at load. */
import { z } from 'zod';

const settingField = z.strictObject({
  /** Key in the connector's settings object. */
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
  label: z.string().min(1),
  /** Stored encrypted, never shown again or logged. */
  secret: z.boolean(),
  example: z.string().optional(),
});

const auth = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('api_key_pair'), keyHeader: z.string().min(1), secretHeader: z.string().min(1) }),
  z.strictObject({ kind: z.literal('soap_access_key'), operation: z.string().min(1) }),
  z.strictObject({
    kind: z.literal('oauth2_code'),
    authorizeUrl: z.url().nullable(),
    tokenUrl: z.url().nullable(),
    scopes: z.array(z.string().min(1)),
  }),
]);

const pagination = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('offset_limit'),
    maxPageSize: z.int().positive(),
    countParam: z.string().nullable(),
  }),
  z.strictObject({ kind: z.literal('page_number'), pageSize: z.int().positive(), firstPage: z.int().min(0) }),
  z.strictObject({ kind: z.literal('keyset'), param: z.string().min(1), pageSize: z.int().positive() }),
  z.strictObject({ kind: z.literal('none') }),
]);

export const connectorManifestSchema = z
  .strictObject({
    /** The system id stored with its connections: lower-case letters, digits and `_`. */
    id: z.string().regex(/^[a-z][a-z0-9_]*$/),
    displayName: z.string().min(1),
    role: z.enum(['crm_source', 'portal_target', 'callerid_source']),
    /**
     * 'on_request': no public API is known; shown in the UI but cannot be connected. 'intake': no pull API either, but
     * its records reach crmhub through the push API or a file import (docs/intake.md).
     */
    availability: z.enum(['available', 'on_request', 'intake']),
    /** null when unknown (no public API). */
    auth: auth.nullable(),
    /** e.g. `https://{domain}.simplicate.nl`; null when unknown. */
    baseUrlPattern: z.string().nullable(),
    apiPath: z.string().nullable(),
    pagination,
    modifiedSince: z.strictObject({ param: z.string().min(1), format: z.string().min(1) }).nullable(),
    rateLimit: z
      .strictObject({
        requestsPerMinute: z.int().positive().nullable(),
        requestsPerDay: z.int().positive().nullable(),
        status: z.int().min(400).max(599).nullable(),
        retryAfterHeader: z.boolean(),
      })
      .nullable(),
    webhooks: z.strictObject({ signatureHeader: z.string().min(1), algorithm: z.literal('hmac-sha256') }).nullable(),
    capabilities: z.strictObject({
      companies: z.boolean(),
      phoneRecords: z.boolean(),
      incremental: z.boolean(),
      webhooks: z.boolean(),
      writes: z.boolean(),
    }),
    /** What the connect form asks for. */
    settings: z.array(settingField),
    /** One or two sentences for the UI and docs: where the contract comes from, or why it is on request. */
    docs: z.string().min(1),
  })
  .superRefine((m, ctx) => {
    if (m.availability === 'available' && (m.auth === null || m.baseUrlPattern === null)) {
      ctx.addIssue({ code: 'custom', message: 'an available connector needs auth and baseUrlPattern' });
    }
    if (m.availability === 'on_request' && Object.values(m.capabilities).some(Boolean)) {
      ctx.addIssue({ code: 'custom', message: 'an on_request connector cannot claim capabilities' });
    }
    if (m.capabilities.webhooks !== (m.webhooks !== null)) {
      ctx.addIssue({ code: 'custom', message: 'capabilities.webhooks and webhooks must agree' });
    }
  });

export type ConnectorManifest = z.infer<typeof connectorManifestSchema>;

/** Parses a manifest, throwing with every problem listed (a bad manifest is a bug, caught at start). */
export function defineManifest(input: z.input<typeof connectorManifestSchema>): ConnectorManifest {
  const parsed = connectorManifestSchema.safeParse(input);
  if (!parsed.success) {
    const where = typeof input.id === 'string' ? input.id : '?';
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`invalid connector manifest "${where}": ${issues}`);
  }
  return parsed.data;
}

/** The manifest of a CRM crmhub cannot call: no auth, URL, paging or limits of the vendor's to describe. */
function withoutApi(
  input: { id: string; displayName: string; docs: string; auth?: ConnectorManifest['auth'] },
  availability: 'on_request' | 'intake',
): ConnectorManifest {
  const served = availability === 'intake';
  return defineManifest({
    id: input.id,
    displayName: input.displayName,
    role: 'crm_source',
    availability,
    auth: input.auth ?? null,
    baseUrlPattern: null,
    apiPath: null,
    pagination: { kind: 'none' },
    modifiedSince: null,
    rateLimit: null,
    webhooks: null,
    // An intake system's companies and numbers come from what it sent crmhub (docs/intake.md).
    capabilities: { companies: served, phoneRecords: served, incremental: served, webhooks: false, writes: false },
    settings: [],
    docs: input.docs,
  });
}

/**
 * A CRM without a pull API whose records are pushed to crmhub or imported from its files (docs/intake.md): crmhub
 * issues the credentials, so the manifest names no auth or URL of the vendor's.
 */
export function intakeManifest(input: { id: string; displayName: string; docs: string }): ConnectorManifest {
  return withoutApi(input, 'intake');
}

/** The fixed "no public API" manifest shape for CRMs that are available on request only. */
export function onRequestManifest(input: {
  id: ConnectorManifest['id'];
  displayName: string;
  docs: string;
  auth?: ConnectorManifest['auth'];
}): ConnectorManifest {
  return withoutApi(input, 'on_request');
}
