// The CRM organisations an administration could be linked to, as radio buttons explaining why each one matches.
import { Fieldset, Radio, Stack, Text } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

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

/** A fieldset (not Radio.Group) so the legend names the group and its error stays inside it. */
export function CandidateChoice({ candidates, value, onChange, error }: CandidateChoiceProps) {
  const { t } = useTranslation();
  const name = useId();
  const errorId = `${name}-error`;
  return (
    <Fieldset
      legend={t('candidates.legend')}
      variant="unstyled"
      aria-describedby={error === undefined ? undefined : errorId}
    >
      <Stack gap="xs">
        {candidates.map((candidate) => (
          <Radio
            key={candidate.externalId}
            name={name}
            value={candidate.externalId}
            checked={value === candidate.externalId}
            onChange={() => {
              onChange(candidate.externalId);
            }}
            label={candidate.name ?? candidate.externalId}
            description={why(t, candidate)}
            aria-invalid={error === undefined ? undefined : true}
          />
        ))}
        {error === undefined ? null : (
          <Text id={errorId} size="sm" c="var(--mantine-color-error)">
            {error}
          </Text>
        )}
      </Stack>
    </Fieldset>
  );
}
