// Settings → Accountantsportaal: the Yuki connection (with Visma Connect) and how approved changes reach Yuki.
import { useTranslation } from 'react-i18next';

import { ConnectionsSection } from '../../components/connections-section.component.js';
import { PortalConnection } from '../../components/portal-connection.component.js';
import { WriteMode } from '../../components/write-mode.component.js';
import { connectionsChanged } from '../../settings-queries.js';

import type { User } from '../../api.js';

export function PortalSettingsPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const isAdmin = user.role === 'portal_admin';
  return (
    <ConnectionsSection title={t('settings.portal')} setting={<WriteMode isAdmin={isAdmin} />}>
      {(data) => <PortalConnection connection={data.portal} isAdmin={isAdmin} onChanged={connectionsChanged} />}
    </ConnectionsSection>
  );
}
