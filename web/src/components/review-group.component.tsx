// The held changes of one administration on this page: its name linking to the administration, and its changes.
import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { administrationPath } from '../router.js';
import { ChangeCard } from './change-card.component.js';

import type { ReviewGroup as Group_ } from '../api/review.api.js';

type ReviewGroupProps = {
  group: Group_;
  selected: ReadonlySet<string>;
  onSelect: (id: string, selected: boolean) => void;
  /** Narrows the queue to this administration; absent when it already is. */
  onOnlyThis: (() => void) | null;
};

export function ReviewGroup({ group, selected, onSelect, onOnlyThis }: ReviewGroupProps) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <Paper component="section" aria-labelledby={headingId} p="sm" bg="gray.0" radius="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Title order={2} id={headingId} fz="lg">
              <Anchor component={Link} to={administrationPath(group.administrationId)} inherit>
                {group.administrationName}
              </Anchor>
            </Title>
            <Text size="sm" c="dimmed">
              {t('review.groupInfo', { domain: group.domainName, count: group.changes.length })}
            </Text>
          </Stack>
          {onOnlyThis === null ? null : (
            <Button variant="subtle" size="compact-sm" onClick={onOnlyThis}>
              {t('review.onlyThisAdministration')}
            </Button>
          )}
        </Group>
        {group.changes.map((change) => (
          <ChangeCard
            key={change.id}
            change={change}
            selected={selected.has(change.id)}
            onSelect={(value) => {
              onSelect(change.id, value);
            }}
          />
        ))}
      </Stack>
    </Paper>
  );
}
