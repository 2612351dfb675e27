/** Shared lists of the sync API contract: synchronised fields, approval modes and policies, invalid-value reasons. */
import { emailReasons } from '../core/identifiers/email.js';
import { kvkReasons } from '../core/identifiers/kvk.js';
import { postcodeReasons } from '../core/identifiers/postcode.js';
import { vatReasons } from '../core/identifiers/vat.js';
import { phoneInvalidReasons } from '../core/phone/normalize.js';
import { syncFields } from '../core/sync/fields.js';
import { profileKeyOf } from '../core/sync/mapping.js';
import { approvalModes, approvalPolicies } from '../core/sync/policy.js';

import type { SyncField } from '../core/sync/fields.js';

export { approvalModes, approvalPolicies, profileKeyOf, syncFields };
export type { SyncField };
export type { ApprovalMode, ApprovalPolicy } from '../core/sync/policy.js';

/** The reason codes an invalid value can carry, by kind of value (a phone is also refused as one of its other kinds). */
export const invalidValueReasons = {
  kvk: kvkReasons,
  vat: vatReasons,
  postcode: postcodeReasons,
  email: emailReasons,
  phone: [...phoneInvalidReasons, 'too_short', 'extension', 'withheld'] as const,
} as const;
