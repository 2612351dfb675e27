/** Suggests a column mapping from headers (optionally from a CRM preset) and binds a saved mapping to a file's header. */
import { err, ok } from '../result.js';
import { contactPersonFields } from '../sync/fields.js';
import { headerKey, targetOfHeader } from './headers.js';
import { intakePresets } from './presets.js';

import type { Result } from '../result.js';
import type { ColumnTarget, FileReject, IntakeTarget } from './file-record.js';
import type { ColumnMapping } from './headers.js';
import type { IntakePresetId } from './presets.js';

export type MappingSuggestion = {
  /** Every header that got a target. */
  readonly mapping: ColumnMapping;
  /** Headers with no known name, or whose target an earlier column already took: the user maps or ignores them. */
  readonly unknown: readonly string[];
  /** True when a required target (the external id) has no column yet. */
  readonly externalIdMissing: boolean;
  /** Set when a preset was used: its columns are assumptions to check against the user's own export. */
  readonly checkAgainstYourExport: boolean;
};

/** Suggests where each column goes: the preset's names first (when given), then the generic Dutch/English names. */
export function suggestMapping(headers: readonly string[], preset?: IntakePresetId): MappingSuggestion {
  const presetTargets = new Map<string, IntakeTarget>();
  if (preset !== undefined) {
    for (const [header, target] of Object.entries(intakePresets[preset].columns)) {
      if (target !== 'ignore') presetTargets.set(headerKey(header), target);
    }
  }
  const taken = new Set<IntakeTarget>();
  const mapping: Record<string, ColumnTarget> = {};
  const unknown: string[] = [];
  // Preset names win over generic ones, so they are assigned in a first pass.
  for (const pass of ['preset', 'generic'] as const) {
    for (const header of headers) {
      if (header.trim() === '' || header in mapping) continue;
      const target = pass === 'preset' ? presetTargets.get(headerKey(header)) : targetOfHeader(header);
      if (target === undefined || target === null || taken.has(target)) continue;
      taken.add(target);
      mapping[header] = target;
    }
  }
  for (const header of headers) if (header.trim() !== '' && !(header in mapping)) unknown.push(header);
  return {
    mapping,
    unknown,
    externalIdMissing: !taken.has('externalId'),
    checkAgainstYourExport: preset !== undefined,
  };
}

/** A column of the file bound to its target. */
export type BoundColumn = { readonly index: number; readonly header: string; readonly target: IntakeTarget };

/** Why a mapping itself is unusable (the `detail` of `mapping_invalid`). */
export type MappingProblem = 'external_id_unmapped' | 'target_twice' | 'contact_name_and_parts';

/** Checks a mapping on its own: one external id, each target once, `contactName` not next to its parts. */
export function checkMapping(mapping: ColumnMapping): Result<void, FileReject> {
  const targets = Object.values(mapping).filter((target): target is IntakeTarget => target !== 'ignore');
  const invalid = (detail: MappingProblem, column?: string): Result<void, FileReject> =>
    err({ code: 'mapping_invalid', line: null, detail, ...(column === undefined ? {} : { column }) });
  if (!targets.includes('externalId')) return invalid('external_id_unmapped');
  const seen = new Set<IntakeTarget>();
  for (const [header, target] of Object.entries(mapping)) {
    if (target === 'ignore') continue;
    if (seen.has(target)) return invalid('target_twice', header);
    seen.add(target);
  }
  const hasParts = targets.some((target) => (contactPersonFields as ReadonlySet<string>).has(target));
  if (seen.has('contactName') && hasParts) return invalid('contact_name_and_parts');
  return ok(undefined);
}

/**
 * Binds a mapping to a file's header row (line `headerLine`). Headers match case-, space- and punctuation-insensitively.
 * Columns with an empty header are skipped (Excel writes them for formatted but empty columns).
 */
export function bindMapping(
  headers: readonly string[],
  mapping: ColumnMapping,
  headerLine: number,
): Result<readonly BoundColumn[], FileReject> {
  const checked = checkMapping(mapping);
  if (!checked.ok) return checked;
  const byKey = new Map(Object.entries(mapping).map(([header, target]) => [headerKey(header), target] as const));
  const seen = new Set<string>();
  const bound: BoundColumn[] = [];
  for (const [index, raw] of headers.entries()) {
    const header = raw.trim();
    if (header === '') continue;
    const key = headerKey(header);
    const fail = (code: 'column_duplicate' | 'column_unknown') => err({ code, line: headerLine, column: header });
    if (seen.has(key)) return fail('column_duplicate');
    seen.add(key);
    const target = byKey.get(key);
    if (target === undefined) return fail('column_unknown');
    if (target !== 'ignore') bound.push({ index, header, target });
  }
  for (const [header, target] of Object.entries(mapping)) {
    if (target !== 'ignore' && !seen.has(headerKey(header)))
      return err({ code: 'column_missing', line: headerLine, column: header });
  }
  return ok(bound);
}
