// Settings → CRMHub: which CRM changes wait for manual approval (All / Legal and VAT data only / None).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { approvalPolicies, getApprovalPolicy, saveApprovalPolicy } from '../api/connections.api.js';
import { useLoad } from '../use-load.js';
import { useSubmit } from '../use-submit.js';
import { ErrorAlert, Notice } from './feedback.component.js';
import { FormActions } from './form-actions.component.js';
import { LoadState } from './load-state.component.js';
import { RadioGroup } from './radio-group.component.js';

import type { ApprovalPolicy as Policy } from '../api/connections.api.js';

type PolicyViewProps = { current: Policy; saved: boolean; isAdmin: boolean; onEdit: () => void };

function PolicyView({ current, saved, isAdmin, onEdit }: PolicyViewProps) {
  const { t } = useTranslation();
  return (
    <>
      {saved ? <Notice>{t('policy.saved')}</Notice> : null}
      <p data-testid="approval-policy">
        {t('policy.current')} <strong>{t(`policy.options.${current}`)}</strong>
      </p>
      <p className="field-hint">{t(`policy.descriptions.${current}`)}</p>
      {isAdmin ? (
        <button type="button" onClick={onEdit}>
          {t('common.edit')}
        </button>
      ) : (
        <p className="field-hint">{t('settings.adminOnly')}</p>
      )}
    </>
  );
}

type PolicyFormProps = {
  value: Policy;
  onChange: (policy: Policy) => void;
  submit: ReturnType<typeof useSubmit<Policy>>;
  onCancel: () => void;
};

function PolicyForm({ value, onChange, submit, onCancel }: PolicyFormProps) {
  const { t } = useTranslation();
  const { pending, error, onSubmit } = submit;
  const options = approvalPolicies.map((policy) => ({
    value: policy,
    label: t(`policy.options.${policy}`),
    description: t(`policy.descriptions.${policy}`),
  }));
  return (
    <form className="form" onSubmit={onSubmit}>
      <ErrorAlert error={error} />
      <RadioGroup
        legend={t('policy.legend')}
        name="policy"
        options={options}
        value={value}
        onChange={onChange}
        error={error?.fieldMessage('policy')}
      />
      <FormActions submitLabel={t('common.save')} pending={pending} onCancel={onCancel} />
    </form>
  );
}

export function ApprovalPolicy({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const { state, reload } = useLoad(getApprovalPolicy, []);
  const [editing, setEditing] = useState<Policy | null>(null);
  // The policy the server confirmed on save: shown at once, without reading it back.
  const [saved, setSaved] = useState<Policy | null>(null);
  const submit = useSubmit(
    () => saveApprovalPolicy(editing ?? 'all'),
    (policy) => {
      setEditing(null);
      setSaved(policy);
    },
  );

  if (state.kind !== 'ready') {
    return (
      <div className="panel">
        <h3>{t('policy.title')}</h3>
        <LoadState state={state} onRetry={reload} />
      </div>
    );
  }
  const current = saved ?? state.data;

  return (
    <div className="panel">
      <h3>{t('policy.title')}</h3>
      {editing === null ? (
        <PolicyView
          current={current}
          saved={saved !== null}
          isAdmin={isAdmin}
          onEdit={() => {
            setEditing(current);
          }}
        />
      ) : (
        <PolicyForm
          value={editing}
          onChange={setEditing}
          submit={submit}
          onCancel={() => {
            setEditing(null);
          }}
        />
      )}
    </div>
  );
}
