// Settings → CRMHub: which CRM changes wait for manual approval (All / Legal and VAT data only / None).
import { useTranslation } from 'react-i18next';

import { approvalPolicies, getApprovalPolicy, saveApprovalPolicy } from '../api/connections.api.js';
import { ChoiceSetting } from './choice-setting.component.js';

export function ApprovalPolicy({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  return (
    <ChoiceSetting
      texts={t('policy', { returnObjects: true })}
      name="policy"
      testId="approval-policy"
      choices={approvalPolicies}
      load={getApprovalPolicy}
      save={saveApprovalPolicy}
      isAdmin={isAdmin}
    />
  );
}
