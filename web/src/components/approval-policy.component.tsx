// Settings → CRMHub: which CRM changes wait for manual approval (All / Legal and VAT data only / None).
import { useTranslation } from 'react-i18next';

import { approvalPolicies, getApprovalPolicy, saveApprovalPolicy } from '../api/connections.api.js';
import { ChoiceSetting } from './choice-setting.component.js';

import type { ApprovalPolicy as Policy } from '../api/connections.api.js';

export function ApprovalPolicy({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const texts = {
    title: t('policy.title'),
    current: t('policy.current'),
    legend: t('policy.legend'),
    saved: t('policy.saved'),
    option: (policy: Policy) => t(`policy.options.${policy}`),
    description: (policy: Policy) => t(`policy.descriptions.${policy}`),
  };
  return (
    <ChoiceSetting
      texts={texts}
      name="policy"
      testId="approval-policy"
      choices={approvalPolicies}
      load={getApprovalPolicy}
      save={saveApprovalPolicy}
      isAdmin={isAdmin}
    />
  );
}
