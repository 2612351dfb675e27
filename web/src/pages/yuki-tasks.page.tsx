// "Apply in Yuki": the assisted write mode's tasks per administration (field, old → new, copy, link), done for the
// fields crmhub cannot read back, and the message when Yuki shows another value.
import { Anchor, Button, CopyButton, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getYukiTasks, markYukiTaskDone } from '../api/yuki-tasks.api.js';
import { ColumnHeads, labelled } from '../components/column-heads.component.js';
import { ErrorAlert, Notice } from '../components/feedback.component.js';
import { Page } from '../components/page.component.js';
import { QueryState } from '../components/query-state.component.js';
import { refreshNavCounts } from '../nav-counts.js';
import { fieldLabel } from '../sync-fields.js';
import { apiErrorOf } from '../use-api-mutation.js';

import type { YukiTaskGroup, YukiTaskList, YukiTaskView } from '../api/yuki-tasks.api.js';

const tasksKey = ['yuki-tasks'] as const;

function CopyValue({ value }: { value: string | null }) {
  const { t } = useTranslation();
  if (value === null) return null;
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button size="compact-sm" variant="default" onClick={copy}>
          {copied ? t('yukiTasks.copied') : t('yukiTasks.copy')}
        </Button>
      )}
    </CopyButton>
  );
}

function TaskMessage({ task }: { task: YukiTaskView }) {
  const { t } = useTranslation();
  if (task.message === null) {
    return (
      <Text span c="dimmed" size="sm">
        {t('yukiTasks.verifiedByPoll')}
      </Text>
    );
  }
  return (
    <Text span size="sm" className={task.message === 'yuki_task_mismatch' ? 'field-warning' : undefined} role="note">
      {t(`yukiTasks.messages.${task.message}`, { value: task.portalValue ?? t('yukiTasks.empty') })}
    </Text>
  );
}

type RowProps = { task: YukiTaskView; pending: boolean; onDone: (task: YukiTaskView) => void };

function TaskRow({ task, pending, onDone }: RowProps) {
  const { t } = useTranslation();
  return (
    <Table.Tr data-testid="yuki-task">
      <Table.Th scope="row">{fieldLabel(t, task.field)}</Table.Th>
      <Table.Td>
        <span>{task.oldValue ?? t('yukiTasks.empty')}</span> → <strong>{task.newValue ?? t('yukiTasks.empty')}</strong>
      </Table.Td>
      <Table.Td>
        <CopyValue value={task.newValue} />
      </Table.Td>
      <Table.Td>
        <TaskMessage task={task} />
      </Table.Td>
      <Table.Td>
        {task.verifiable ? null : (
          <Button
            size="compact-sm"
            disabled={pending}
            onClick={() => {
              onDone(task);
            }}
          >
            {t('yukiTasks.markDone')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

const taskColumns = ['field', 'change', 'copyColumn', 'status', 'action'] as const;

function TaskGroup({ group, pending, onDone }: { group: YukiTaskGroup; pending: boolean; onDone: RowProps['onDone'] }) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <Paper component="section" aria-labelledby={titleId}>
      <Stack gap="xs">
        <Title order={2} fz="h4" id={titleId}>
          {group.administrationName}{' '}
          <Text span c="dimmed" size="sm">
            ({group.domainName})
          </Text>
        </Title>
        {group.yukiUrl === null ? null : (
          <Text>
            <Anchor href={group.yukiUrl} target="_blank" rel="noreferrer" data-testid="yuki-link">
              {t('yukiTasks.openInYuki')}
            </Anchor>{' '}
            <Text span c="dimmed" size="sm">
              {t('yukiTasks.linkHint')}
            </Text>
          </Text>
        )}
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <ColumnHeads columns={labelled(taskColumns, (column) => t(`yukiTasks.${column}`))} />
            <Table.Tbody>
              {group.tasks.map((task) => (
                <TaskRow key={task.id} task={task} pending={pending} onDone={onDone} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Paper>
  );
}

function TaskList({ list, onChanged }: { list: YukiTaskList; onChanged: (text: string) => void }) {
  const { t } = useTranslation();
  const done = useMutation({
    mutationFn: (task: YukiTaskView) => markYukiTaskDone(task.id),
    onSuccess: (_result, task) => {
      onChanged(t('yukiTasks.doneNotice', { field: fieldLabel(t, task.field) }));
    },
  });
  return (
    <>
      <Text data-testid="write-mode">{t(`yukiTasks.mode.${list.mode}`)}</Text>
      <ErrorAlert error={apiErrorOf(done)} />
      {list.groups.length === 0 ? <Text className="empty-state">{t('yukiTasks.empty_list')}</Text> : null}
      {list.groups.map((group) => (
        <TaskGroup
          key={group.administrationId}
          group={group}
          pending={done.isPending}
          onDone={(task) => {
            done.mutate(task);
          }}
        />
      ))}
    </>
  );
}

export function YukiTasksPage() {
  const { t } = useTranslation();
  const tasks = useQuery({ queryKey: tasksKey, queryFn: getYukiTasks, staleTime: 0 });
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <Page title={t('pages.yukiTasks.title')} description={t('pages.yukiTasks.description')}>
      <div role="status" className="notice-area">
        {notice === null ? null : <Notice>{notice}</Notice>}
      </div>
      <QueryState query={tasks}>
        {(list) => (
          <TaskList
            list={list}
            onChanged={(text) => {
              setNotice(text);
              void queryClient.invalidateQueries({ queryKey: tasksKey });
              refreshNavCounts(); // the task is gone, and so is its count in the navigation
            }}
          />
        )}
      </QueryState>
    </Page>
  );
}
