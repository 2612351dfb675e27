// The web UI's Dutch and English texts cover every sync field, invalid-value reason, audit action, change-failure
// code, run-failure code and file-import code (refused file, refused row, repair, changed record field) the server uses.
import { describe, expect, it } from 'vitest';

import { auditActions } from '../../src/contract/audit.contract.js';
import { accountViewConnectReasons } from '../../src/contract/callerid.contract.js';
import {
  fileRejectCodes,
  intakeRecordFieldNames,
  noteCodes,
  rowRejectCodes,
} from '../../src/contract/intake-file.contract.js';
import { intakeFieldErrorSchema } from '../../src/contract/intake.contract.js';
import { fieldProblemCodes } from '../../src/contract/problem.contract.js';
import { connectorErrorCodes, connectorReasons, networkFailures } from '../../src/core/connector.js';
import { emailReasons } from '../../src/core/identifiers/email.js';
import { kvkReasons } from '../../src/core/identifiers/kvk.js';
import { postcodeReasons } from '../../src/core/identifiers/postcode.js';
import { vatReasons } from '../../src/core/identifiers/vat.js';
import { phoneInvalidReasons } from '../../src/core/phone/normalize.js';
import { changeFailureCodes } from '../../src/core/sync/failure.js';
import { syncFields } from '../../src/core/sync/fields.js';
import { auditActions as webAuditActions } from '../../web/src/audit-actions.js';
import en from '../../web/src/locales/en.json' with { type: 'json' };
import nl from '../../web/src/locales/nl.json' with { type: 'json' };
import { invalidReasons, syncFields as webSyncFields } from '../../web/src/sync-fields.js';
import { translator } from './translator.js';

type Tree = { readonly [key: string]: string | Tree };

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );
}

const locales = { en: new Set(keys(en)), nl: new Set(keys(nl)) };

describe('web translations', () => {
  it('Dutch and English have exactly the same keys', () => {
    expect([...locales.nl].sort()).toEqual([...locales.en].sort());
  });

  it('the web copies of the field, reason and action lists match the server’s', () => {
    expect(webSyncFields).toEqual(syncFields);
    expect(webAuditActions).toEqual(auditActions);
    expect(invalidReasons.kvk).toEqual(kvkReasons);
    expect(invalidReasons.vat).toEqual(vatReasons);
    expect(invalidReasons.postcode).toEqual(postcodeReasons);
    expect(invalidReasons.email).toEqual(emailReasons);
    // A phone is also refused as a bare extension, a withheld marker, or too short (normalizePhone's other kinds).
    expect([...invalidReasons.phone].sort()).toEqual(
      [...phoneInvalidReasons, 'extension', 'too_short', 'withheld'].sort(),
    );
  });

  it.each(['en', 'nl'] as const)('every field, reason and action has a text (%s)', (language) => {
    const missing = [
      ...syncFields.map((field) => `fields.${field}`),
      ...Object.entries(invalidReasons).flatMap(([kind, reasons]) =>
        reasons.map((reason) => `invalid.${kind}.${reason}`),
      ),
      ...auditActions.map((action) => `audit.actions.${action}`),
      ...changeFailureCodes.map((code) => `review.failure.${code}`),
      ...fileRejectCodes.map((code) => `errors.intake_file_rejected.${code}`),
      ...[...rowRejectCodes, ...intakeFieldErrorSchema.shape.code.options].map((code) => `intakeFile.rowCode.${code}`),
      ...noteCodes.map((code) => `intakeFile.note.${code}`),
      ...intakeRecordFieldNames.map((field) => `intakeFile.recordField.${field}`),
      // A too-weak password is worded by its reason, as the `password_too_weak` problem is (errors.password_too_weak).
      ...accountViewConnectReasons.map((reason) => `callerid.accountview.reasons.${reason}`),
      ...fieldProblemCodes.filter((code) => code !== 'password_too_weak').map((code) => `form.problem.${code}`),
      ...connectorErrorCodes.map((code) => `runFailure.code.${code}`),
      ...networkFailures.map((network) => `runFailure.network.${network}`),
      ...connectorReasons.map((reason) => `runFailure.reason.${reason}`),
    ].filter((key) => !locales[language].has(key));
    expect(missing).toEqual([]);
  });

  it('writes every count as its reader does: 12.345 in Dutch, 12,345 in English', async () => {
    const unformatted = keys(nl).filter((key) => {
      const text = lookup(nl, key);
      return typeof text === 'string' && text.includes('{{count}}');
    });
    expect(unformatted).toEqual([]);
    expect((await translator('nl'))('review.groupInfo', { domain: 'Kantoor', count: 12_345 })).toBe(
      'Kantoor · 12.345 wijzigingen',
    );
    expect((await translator('en'))('review.groupInfo', { domain: 'Office', count: 12_345 })).toContain('12,345');
    expect((await translator('nl'))('review.groupInfo', { domain: 'Kantoor', count: 1 })).toBe('Kantoor · 1 wijziging');
  });
});

function lookup(tree: Tree, key: string): string | Tree | undefined {
  return key
    .split('.')
    .reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree);
}
