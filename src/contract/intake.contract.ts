/** The HTTP contract of intake: the normalised record (push API and file import), batch answers, intake sources. */
import { z } from 'zod';

import { INTAKE_MAX_BATCH } from '../core/intake/record.js';
import { connectionStatusSchema } from './connections.contract.js';

import type { IntakeRecord } from '../core/intake/record.js';

/** Text as typed, trimmed; empty becomes null (a CRM that leaves a field empty does not hold it). */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .nullable()
    .optional()
    .transform((value) => {
      const trimmed = value?.trim() ?? '';
      return trimmed === '' ? null : trimmed;
    });

const addressSchema = z
  .strictObject({
    line1: text(200),
    line2: text(200),
    postcode: text(20),
    city: text(100),
    country: text(60),
  })
  .nullable()
  .optional()
  .transform((value) => value ?? null);

const contactPersonSchema = z
  .strictObject({
    externalId: text(100),
    firstName: text(100),
    initials: text(20),
    prefix: text(30),
    lastName: text(100),
    email: text(254),
    phone: text(40),
  })
  .nullable()
  .optional()
  .transform((value) => value ?? null);

/** One organisation record, normalised: what every intake door hands to the ingest use-case (docs/intake.md). */
export const intakeRecordSchema = z
  .strictObject({
    externalId: z.string().trim().min(1, 'must not be empty').max(100),
    name: text(200),
    kvk: text(20),
    vat: text(20),
    email: text(254),
    phone: text(40),
    relationNumber: text(50),
    visitingAddress: addressSchema,
    postalAddress: addressSchema,
    contactPerson: contactPersonSchema,
    updatedAt: z.iso
      .datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-12-08T09:30:00Z' })
      .nullable()
      .optional()
      .transform((value) => (value == null ? null : new Date(value).toISOString())),
    active: z.boolean().optional().default(true),
  })
  .meta({
    example: {
      externalId: '1010',
      name: 'Bakkerij De Korenschoof B.V.',
      kvk: '12345678',
      vat: 'NL123456789B01',
      email: 'info@korenschoof.nl',
      phone: '020 123 4567',
      relationNumber: '1010',
      visitingAddress: { line1: 'Dorpsstraat 1', postcode: '1234 AB', city: 'Amsterdam', country: 'NL' },
      contactPerson: { externalId: '1010-01', initials: 'J.', lastName: 'Jansen', phone: '06 12345678' },
      updatedAt: '2026-12-08T09:30:00Z',
      active: true,
    },
  });

// The schema outputs exactly the core type: a change on either side fails to compile here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const intakeRecordMatchesCore: Same<z.output<typeof intakeRecordSchema>, IntakeRecord> = true;

export const intakeFieldErrorSchema = z.object({
  field: z.string().describe('dotted path in the record, e.g. contactPerson.email'),
  code: z.enum(['required', 'invalid_type', 'too_long', 'invalid_value', 'unknown_field', 'duplicate_external_id']),
  message: z.string(),
});
export type IntakeFieldError = z.infer<typeof intakeFieldErrorSchema>;

/** One field a record changed: its dotted name, and the stored value before and after. */
export const intakeFieldChangeSchema = z.object({
  field: z.string(),
  old: z.string().nullable(),
  new: z.string().nullable(),
});

export const intakeRecordResultSchema = z.discriminatedUnion('status', [
  z.object({
    index: z.int(),
    externalId: z.string(),
    status: z.literal('changed'),
    created: z.boolean(),
    fields: z.array(intakeFieldChangeSchema),
  }),
  z.object({
    index: z.int(),
    externalId: z.string(),
    status: z.literal('unchanged'),
    reason: z.enum(['same', 'older']).describe('older: updatedAt is before the stored record’s (ignored)'),
  }),
  z.object({
    index: z.int(),
    externalId: z.string().nullable(),
    status: z.literal('rejected'),
    errors: z.array(intakeFieldErrorSchema),
  }),
]);
export type IntakeRecordResult = z.infer<typeof intakeRecordResultSchema>;

export const intakeBatchResultSchema = z
  .object({
    counts: z.object({ changed: z.int(), unchanged: z.int(), rejected: z.int() }),
    records: z.array(intakeRecordResultSchema),
    rolledBack: z.boolean().describe('true when nothing was written (a preview, or an atomic batch with a rejection)'),
  })
  .meta({
    example: {
      counts: { changed: 1, unchanged: 1, rejected: 1 },
      records: [
        {
          index: 0,
          externalId: '1010',
          status: 'changed',
          created: false,
          fields: [{ field: 'phone', old: '020 123 4567', new: '020 765 4321' }],
        },
        { index: 1, externalId: '1011', status: 'unchanged', reason: 'same' },
        {
          index: 2,
          externalId: '1012',
          status: 'rejected',
          errors: [{ field: 'updatedAt', code: 'invalid_value', message: 'must be an ISO 8601 date-time' }],
        },
      ],
      rolledBack: false,
    },
  });
export type IntakeBatchResultView = z.infer<typeof intakeBatchResultSchema>;

/** The push body as documented; records are checked one by one by the use-case, so one bad record rejects only itself. */
export const intakeBatchBodySchema = z.object({
  records: z.array(intakeRecordSchema).min(1).max(INTAKE_MAX_BATCH),
});

/** What the route reads before the use-case checks each record: an array of at least one record. */
export const intakeBatchEnvelopeSchema = z.object({ records: z.array(z.unknown()).min(1) });

export const intakeSourceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  system: z.string().describe('radar, visma_advisor, clientonline or other_crm'),
  systemName: z.string(),
  status: connectionStatusSchema,
  apiKeyPrefix: z.string().describe('the first characters of the API key, to tell keys apart'),
  createdAt: z.string(),
  rotatedAt: z.string().nullable(),
  lastBatchAt: z.string().nullable(),
});
export type IntakeSourceView = z.infer<typeof intakeSourceSchema>;
export const intakeSourcesSchema = z.object({ sources: z.array(intakeSourceSchema) });

export const intakeCredentialsSchema = intakeSourceSchema.extend({
  environmentUrl: z.string().describe('give to the CRM vendor or integrator'),
  apiKey: z.string().describe('shown only now'),
  apiSecret: z.string().describe('shown only now; stored hashed'),
});
export type IntakeCredentialsView = z.infer<typeof intakeCredentialsSchema>;

export const newIntakeSourceBody = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100),
  system: z.string().min(1),
});
export type NewIntakeSourceInput = z.infer<typeof newIntakeSourceBody>;
export const intakeSourceParams = z.object({ id: z.uuid() });
