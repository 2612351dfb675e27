// "Apply in Yuki": the assisted write mode's tasks per administration (field, old → new, copy, link), done for the
// fields crmhub cannot read back, and the message when Yuki shows another value.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getYukiTasks, markYukiTaskDone } from '../api/yuki-tasks.api.js';
import { ErrorAlert, Notice } from '../components/feedback.component.js';
import { LoadState } from '../components/load-state.component.js';
import { Page } from '../components/page.component.js';
import { fieldLabel } from '../sync-fields.js';
import { useAction } from '../use-action.js';
import { useLoad } from '../use-load.js';

import type { YukiTaskGroup, YukiTaskList, YukiTaskView } from '../api/yuki-tasks.api.js';

function CopyButton({ value }: { value: string | null }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  if (value === null) return null;
  return (
    <button
      type="button"
      onClick={() => {
        void navigator.clipboard.writeText(value).then(() => {
          setCopied(true);
        });
      }}
    >
      {copied ? t('yukiTasks.copied') : t('yukiTasks.copy')}
    </button>
  );
}

function TaskMessage({ task }: { task: YukiTaskView }) {
  const { t } = useTranslation();
  if (task.message === null) return <span className="field-hint">{t('yukiTasks.verifiedByPoll')}</span>;
  return (
    <span className={task.message === 'yuki_task_mismatch' ? 'field-warning' : 'field-hint'} role="note">
      {t(`yukiTasks.messages.${task.message}`, { value: task.portalValue ?? t('yukiTasks.empty') })}
    </span>
  );
}

type RowProps = { task: YukiTaskView; pending: boolean; onDone: (task: YukiTaskView) => void };

function TaskRow({ task, pending, onDone }: RowProps) {
  const { t } = useTranslation();
  return (
    <tr data-testid="yuki-task">
      <th scope="row">{fieldLabel(t, task.field)}</th>
      <td>
        <span>{task.oldValue ?? t('yukiTasks.empty')}</span> → <strong>{task.newValue ?? t('yukiTasks.empty')}</strong>
      </td>
      <td>
        <CopyButton value={task.newValue} />
      </td>
      <td>
        <TaskMessage task={task} />
      </td>
      <td>
        {task.verifiable ? null : (
          <button
            type="button"
            disabled={pending}
            onClick={() => {
              onDone(task);
            }}
          >
            {t('yukiTasks.markDone')}
          </button>
        )}
      </td>
    </tr>
  );
}

function TaskGroup({ group, pending, onDone }: { group: YukiTaskGroup; pending: boolean; onDone: RowProps['onDone'] }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-label={group.administrationName}>
      <h3>
        {group.administrationName} <span className="field-hint">({group.domainName})</span>
      </h3>
      {group.yukiUrl === null ? null : (
        <p>
          <a href={group.yukiUrl} target="_blank" rel="noreferrer" data-testid="yuki-link">
            {t('yukiTasks.openInYuki')}
          </a>{' '}
          <span className="field-hint">{t('yukiTasks.linkHint')}</span>
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('yukiTasks.field')}</th>
            <th scope="col">{t('yukiTasks.change')}</th>
            <th scope="col">{t('yukiTasks.copyColumn')}</th>
            <th scope="col">{t('yukiTasks.status')}</th>
            <th scope="col">{t('yukiTasks.action')}</th>
          </tr>
        </thead>
        <tbody>
          {group.tasks.map((task) => (
            <TaskRow key={task.id} task={task} pending={pending} onDone={onDone} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function TaskList({ list, onChanged }: { list: YukiTaskList; onChanged: (text: string) => void }) {
  const { t } = useTranslation();
  const done = useAction();
  return (
    <>
      <p data-testid="write-mode">{t(`yukiTasks.mode.${list.mode}`)}</p>
      <ErrorAlert error={done.error} />
      {list.groups.length === 0 ? <p className="empty-state">{t('yukiTasks.empty_list')}</p> : null}
      {list.groups.map((group) => (
        <TaskGroup
          key={group.administrationId}
          group={group}
          pending={done.pending}
          onDone={(task) => {
            done.run(
              () => markYukiTaskDone(task.id),
              () => {
                onChanged(t('yukiTasks.doneNotice', { field: fieldLabel(t, task.field) }));
              },
            );
          }}
        />
      ))}
    </>
  );
}

export function YukiTasksPage() {
  const { t } = useTranslation();
  const { state, reload } = useLoad(getYukiTasks, []);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <Page title={t('pages.yukiTasks.title')}>
      <p className="page-description">{t('pages.yukiTasks.description')}</p>
      <div role="status" className="notice-area">
        {notice === null ? null : <Notice>{notice}</Notice>}
      </div>
      {state.kind !== 'ready' ? (
        <LoadState state={state} onRetry={reload} />
      ) : (
        <TaskList
          list={state.data}
          onChanged={(text) => {
            setNotice(text);
            reload();
          }}
        />
      )}
    </Page>
  );
}
