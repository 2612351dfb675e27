// Settings → CRMHub: which CRM changes wait for manual approval (All / Legal and VAT data only / None).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { approvalPolicies, getApprovalPolicy, saveApprovalPolicy } from '../api/connections.api.js';
import { errorText } from '../error-text.js';
import { useLoad } from '../use-load.js';
import { useSubmit } from '../use-submit.js';
import { LoadState } from './load-state.component.js';
import { RadioGroup } from './radio-group.component.js';

import type { ApprovalPolicy as Policy } from '../api/connections.api.js';

export function ApprovalPolicy({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const { state, reload } = useLoad(getApprovalPolicy, []);
  const [editing, setEditing] = useState<Policy | null>(null);
  // The policy the server confirmed on save: shown at once, without reading it back.
  const [saved, setSaved] = useState<Policy | null>(null);
  const { pending, error, onSubmit } = useSubmit(
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
  const options = approvalPolicies.map((policy) => ({
    value: policy,
    label: t(`policy.options.${policy}`),
    description: t(`policy.descriptions.${policy}`),
  }));

  return (
    <div className="panel">
      <h3>{t('policy.title')}</h3>
      {editing === null ? (
        <>
          {saved !== null ? (
            <p role="status" className="notice">
              {t('policy.saved')}
            </p>
          ) : null}
          <p data-testid="approval-policy">
            {t('policy.current')} <strong>{t(`policy.options.${current}`)}</strong>
          </p>
          <p className="field-hint">{t(`policy.descriptions.${current}`)}</p>
          {isAdmin ? (
            <button
              type="button"
              onClick={() => {
                setEditing(current);
              }}
            >
              {t('common.edit')}
            </button>
          ) : (
            <p className="field-hint">{t('settings.adminOnly')}</p>
          )}
        </>
      ) : (
        <form className="form" onSubmit={onSubmit}>
          {error === null ? null : (
            <p className="form-error" role="alert">
              {errorText(t, error)}
            </p>
          )}
          <RadioGroup
            legend={t('policy.legend')}
            name="policy"
            options={options}
            value={editing}
            onChange={setEditing}
            error={error?.fieldMessage('policy')}
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={pending}>
              {t('common.save')}
            </button>
            <button
              type="button"
              onClick={() => {
                setEditing(null);
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
