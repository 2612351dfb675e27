// The file import of one intake source: upload an export → map its columns (saved per source) → preview → commit.
import { Button, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  intakeColumnTargetSchema,
  intakePresetSchema,
  intakeRecordFieldNames,
  noteCodes,
  rowRejectCodes,
} from '../../../src/contract/intake-file.contract.js';
import { intakeFieldErrorSchema } from '../../../src/contract/intake.contract.js';
import {
  getIntakeFolderStatus,
  inspectIntakeUpload,
  runIntakeUpload,
  saveIntakeMapping,
  uploadIntakeFile,
} from '../api/intake.api.js';
import { formatCounts, formatDateTime } from '../format.js';
import { valueTo } from '../input-events.js';
import { fieldLabel, isSyncField } from '../sync-fields.js';
import { useApiMutation } from '../use-api-mutation.js';
import { ErrorAlert, Notice } from './feedback.component.js';

import type { TFunction } from 'i18next';
import type { IntakeFileReportView, IntakeInspection, IntakeMapping } from '../api/intake.api.js';

type Target = IntakeMapping[string];
const targets = intakeColumnTargetSchema.options;
const presets = intakePresetSchema.options;

function targetLabel(t: TFunction, target: Target): string {
  return isSyncField(target) ? fieldLabel(t, target) : t(`intakeFile.target.${target}`);
}

function oneOf<T extends string>(list: readonly T[], value: string): T | undefined {
  return list.find((candidate) => candidate === value);
}

/** A field as a change or a row error names it (a record's dotted field, or a mapping target); unknown ones as sent. */
function fieldText(t: TFunction, field: string): string {
  const recordField = oneOf(intakeRecordFieldNames, field);
  if (recordField !== undefined) return t(`intakeFile.recordField.${recordField}`);
  const target = oneOf(targets, field);
  return target === undefined ? field : targetLabel(t, target);
}

/** A changed value; `active` is stored as true/false and shown as yes/no. */
function valueText(t: TFunction, field: string, value: string | null): string {
  if (value === null) return '—';
  return field === 'active' && (value === 'true' || value === 'false') ? t(`intakeFile.activeValue.${value}`) : value;
}

/** Codes of a rejected row: the file's row codes and the record checks' field codes. */
const rowCodes = [...rowRejectCodes, ...intakeFieldErrorSchema.shape.code.options];

/** A step's call: pending while it runs, its failure in the reader's language. */
function useStepCall<A, R>(call: (argument: A) => Promise<R>, onDone: (result: R) => void) {
  return useApiMutation(call, { onSuccess: onDone });
}

/** A row reject code (file) or a record field error code (ingest), in words; an unknown one keeps its code. */
function rowCodeText(t: TFunction, code: string): string {
  const found = oneOf(rowCodes, code);
  return found === undefined ? code : t(`intakeFile.rowCode.${found}`);
}

function PresetSelect({ value, onChange }: { value: string; onChange: (preset: string) => void }) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      label={t('intakeFile.presetLabel')}
      value={value}
      onChange={valueTo(onChange)}
      data={[
        { value: '', label: t('intakeFile.presetNone') },
        ...presets.map((preset) => ({ value: preset, label: t(`intakeFile.preset.${preset}`) })),
      ]}
    />
  );
}

function initialMapping(inspection: IntakeInspection): Record<string, Target> {
  const base = inspection.savedMapping?.mapping ?? inspection.suggestion.mapping;
  const mapping: Record<string, Target> = {};
  for (const header of inspection.suggestion.unknown) mapping[header] = 'ignore';
  return { ...mapping, ...base };
}

/** One select per column, with an example value; a preset re-suggests the mapping. */
function MapStep({
  sourceId,
  inspection,
  onPreview,
}: {
  sourceId: string;
  inspection: IntakeInspection;
  onPreview: (report: IntakeFileReportView) => void;
}) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(inspection);
  const [preset, setPreset] = useState('');
  const [mapping, setMapping] = useState(() => initialMapping(inspection));
  const reinspect = useStepCall(
    (next: string) => inspectIntakeUpload(sourceId, inspection.upload.id, next === '' ? null : next),
    (fresh) => {
      setCurrent(fresh);
      setMapping(initialMapping({ ...fresh, savedMapping: null }));
    },
  );
  const preview = useStepCall(async () => {
    await saveIntakeMapping(sourceId, mapping, preset === '' ? null : preset);
    return runIntakeUpload(sourceId, inspection.upload.id, 'preview');
  }, onPreview);
  const choosePreset = (next: string): void => {
    setPreset(next);
    reinspect.mutate(next);
  };
  return (
    <Stack component="section" aria-label={t('intakeFile.mapTitle')} gap="sm">
      <Title order={4}>{t('intakeFile.mapTitle')}</Title>
      <PresetSelect value={preset} onChange={choosePreset} />
      {current.suggestion.checkAgainstYourExport ? <Notice>{t('intakeFile.checkExport')}</Notice> : null}
      {current.suggestion.unknown.length > 0 ? <p className="field-hint">{t('intakeFile.unknownNote')}</p> : null}
      {Object.values(mapping).includes('externalId') ? null : <Notice>{t('intakeFile.externalIdMissing')}</Notice>}
      {current.headers.map((header, index) => (
        <NativeSelect
          key={header}
          label={t('intakeFile.columnLabel', { header, sample: current.sample[0]?.[index] ?? '' })}
          value={mapping[header] ?? 'ignore'}
          onChange={(event) => {
            const target = targets.find((candidate) => candidate === event.currentTarget.value) ?? 'ignore';
            setMapping({ ...mapping, [header]: target });
          }}
          data={targets.map((target) => ({ value: target, label: targetLabel(t, target) }))}
        />
      ))}
      <ErrorAlert error={reinspect.apiError ?? preview.apiError} />
      <div>
        <Button
          loading={preview.isPending}
          disabled={reinspect.isPending}
          onClick={() => {
            preview.mutate(undefined);
          }}
        >
          {t('intakeFile.preview')}
        </Button>
      </div>
    </Stack>
  );
}

function More({ shown, total }: { shown: number; total: number }) {
  const { t } = useTranslation();
  return total > shown ? <p className="field-hint">{t('intakeFile.more', { count: total - shown })}</p> : null;
}

/** The repairs made to the file's cells (Excel's damage undone), per kind, with how often. */
function Notes({ notes }: { notes: Readonly<Record<string, number>> }) {
  const { t } = useTranslation();
  const made = noteCodes.filter((code) => (notes[code] ?? 0) > 0);
  if (made.length === 0) return null;
  return (
    <>
      <h5>{t('intakeFile.notesTitle')}</h5>
      <ul data-testid="intake-notes">
        {made.map((code) => (
          <li key={code}>
            {t(`intakeFile.note.${code}`)}: {notes[code]}
          </li>
        ))}
      </ul>
    </>
  );
}

/** What would change per record and field, what is repaired, what is rejected (row and reason), what is missing. */
function ReportView({ report }: { report: IntakeFileReportView }) {
  const { t } = useTranslation();
  return (
    <>
      <p>{t('intakeFile.counts', formatCounts(report.counts))}</p>
      {report.counts.missing > 0 ? <Notice>{t('intakeFile.missing', { count: report.counts.missing })}</Notice> : null}
      <Notes notes={report.notes} />
      {report.changed.length === 0 ? null : (
        <>
          <h5>{t('intakeFile.changedTitle')}</h5>
          <ul data-testid="intake-changes">
            {report.changed.map((record) => (
              <li key={record.row}>
                {t('intakeFile.row', { row: record.row })} · <strong>{record.externalId}</strong>
                {record.created ? ` (${t('intakeFile.created')})` : ''}:{' '}
                {record.fields
                  .map(({ field, old, new: value }) => {
                    const change = `${valueText(t, field, old)} → ${valueText(t, field, value)}`;
                    return `${fieldText(t, field)}: ${change}`;
                  })
                  .join('; ')}
              </li>
            ))}
          </ul>
          <More shown={report.changed.length} total={report.counts.changed} />
        </>
      )}
      {report.rejected.length === 0 ? null : (
        <>
          <h5>{t('intakeFile.rejectedTitle')}</h5>
          <ul data-testid="intake-rejected">
            {report.rejected.map((record) => (
              <li key={record.row}>
                {t('intakeFile.row', { row: record.row })} · {record.externalId ?? '—'}:{' '}
                {record.errors
                  .map((error) => {
                    const where = error.column ?? (error.field === null ? '' : fieldText(t, error.field));
                    return `${where} ${rowCodeText(t, error.code)}`.trim();
                  })
                  .join('; ')}
              </li>
            ))}
          </ul>
          <More shown={report.rejected.length} total={report.counts.rejected} />
        </>
      )}
    </>
  );
}

type Step =
  | { kind: 'upload' }
  | { kind: 'map'; inspection: IntakeInspection }
  | { kind: 'preview'; uploadId: string; report: IntakeFileReportView }
  | { kind: 'done'; report: IntakeFileReportView };

/** The watched folder's last file for this source, when there was one. */
function FolderStatus({ sourceId }: { sourceId: string }) {
  const { t } = useTranslation();
  const folder = useQuery({
    queryKey: ['intake-folder', sourceId],
    queryFn: () => getIntakeFolderStatus(sourceId),
  });
  if (folder.data == null) return null;
  const { state: outcome, fileName, at } = folder.data;
  return (
    <Text c="dimmed" size="sm">
      {t(`intakeFile.folder.${outcome}`, { fileName, at: formatDateTime(at) })}
    </Text>
  );
}

function UploadStep({ sourceId, onUploaded }: { sourceId: string; onUploaded: (i: IntakeInspection) => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [preset, setPreset] = useState('');
  const upload = useStepCall(
    (chosen: File) => uploadIntakeFile(sourceId, chosen, preset === '' ? null : preset),
    onUploaded,
  );
  return (
    <Stack component="section" aria-label={t('intakeFile.title')} gap="sm">
      <div className="field">
        <label htmlFor={`intake-file-${sourceId}`}>{t('intakeFile.fileLabel')}</label>
        <input
          id={`intake-file-${sourceId}`}
          type="file"
          accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
          }}
        />
      </div>
      <PresetSelect value={preset} onChange={setPreset} />
      <FolderStatus sourceId={sourceId} />
      <ErrorAlert error={upload.apiError} />
      <div>
        <Button
          disabled={file === null}
          loading={upload.isPending}
          onClick={() => {
            if (file !== null) upload.mutate(file);
          }}
        >
          {t('intakeFile.upload')}
        </Button>
      </div>
    </Stack>
  );
}

/** Upload → map → preview → commit, for one intake source. */
export function IntakeFileImport({ sourceId, onCommitted }: { sourceId: string; onCommitted: () => void }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: 'upload' });
  const commit = useStepCall(
    (uploadId: string) => runIntakeUpload(sourceId, uploadId, 'commit'),
    (report) => {
      setStep({ kind: 'done', report });
      onCommitted();
    },
  );
  const restart = (): void => {
    setStep({ kind: 'upload' });
  };
  switch (step.kind) {
    case 'upload':
      return (
        <UploadStep
          sourceId={sourceId}
          onUploaded={(inspection) => {
            setStep({ kind: 'map', inspection });
          }}
        />
      );
    case 'map':
      return (
        <MapStep
          sourceId={sourceId}
          inspection={step.inspection}
          onPreview={(report) => {
            setStep({ kind: 'preview', uploadId: step.inspection.upload.id, report });
          }}
        />
      );
    case 'preview':
      return (
        <Stack component="section" aria-label={t('intakeFile.previewTitle')} gap="sm">
          <Title order={4}>{t('intakeFile.previewTitle')}</Title>
          <ReportView report={step.report} />
          <ErrorAlert error={commit.apiError} />
          <Group gap="xs">
            <Button
              loading={commit.isPending}
              onClick={() => {
                commit.mutate(step.uploadId);
              }}
            >
              {t('intakeFile.commit')}
            </Button>
            <Button variant="default" onClick={restart}>
              {t('intakeFile.cancel')}
            </Button>
          </Group>
        </Stack>
      );
    case 'done':
      return <Notice>{t('intakeFile.done', step.report.counts)}</Notice>;
  }
}
