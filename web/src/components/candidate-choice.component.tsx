// The CRM organisations an administration could be linked to, as a radio group explaining why each one matches.
import { useTranslation } from 'react-i18next';

import { RadioGroup } from './radio-group.component.js';

import type { TFunction } from 'i18next';
import type { Candidate } from '../api/administrations.api.js';

const reasons = ['kvk', 'vat', 'name'] as const;

function why(t: TFunction, candidate: Candidate): string {
  const parts = [
    candidate.kvk === null ? null : t('candidates.kvk', { kvk: candidate.kvk }),
    candidate.vat === null ? null : t('candidates.vat', { vat: candidate.vat }),
    ...candidate.reasons.map((reason) => {
      const known = reasons.find((candidateReason) => candidateReason === reason);
      return known === undefined ? reason : t(`candidates.reasons.${known}`);
    }),
  ];
  return parts.filter((part) => part !== null).join(' · ');
}

type CandidateChoiceProps = {
  candidates: readonly Candidate[];
  value: string | null;
  onChange: (externalId: string) => void;
  error?: string | undefined;
};

export function CandidateChoice({ candidates, value, onChange, error }: CandidateChoiceProps) {
  const { t } = useTranslation();
  return (
    <RadioGroup
      legend={t('candidates.legend')}
      name="crmExternalId"
      value={value}
      onChange={onChange}
      error={error}
      options={candidates.map((candidate) => ({
        value: candidate.externalId,
        label: candidate.name ?? candidate.externalId,
        description: why(t, candidate),
      }))}
    />
  );
}
