// A linked administration: its CRM organisation, a warning when that record was deleted or merged, mode and unlink.
import { Button, Group, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { changeLinkMode, unlinkAdministration } from '../api/administrations.api.js';
import { apiErrorOf } from '../use-api-mutation.js';
import { ConfirmDialog } from './confirm-dialog.component.js';
import { ConnectionDetails } from './connection-details.component.js';
import { Alert, ErrorAlert, Notice } from './feedback.component.js';
import { Form } from './form.component.js';
import { LinkState } from './link-state.component.js';
import { ModeChoice } from './mode-choice.component.js';
import { Section } from './section.component.js';

import type { Link, LinkMode } from '../api/administrations.api.js';

type LinkedPanelProps = { administrationId: string; link: Link; onChanged: () => void };

type LinkModeFormProps = LinkedPanelProps & { onUnlink: () => void };

/** The link's approval mode, and the button that asks to unlink. */
function LinkModeForm({ administrationId, link, onChanged, onUnlink }: LinkModeFormProps) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<LinkMode>(link.mode);
  const save = useMutation({
    mutationFn: (chosen: LinkMode) => changeLinkMode(administrationId, chosen),
    onSuccess: onChanged,
  });
  return (
    <Form
      onSubmit={() => {
        save.mutate(mode);
      }}
    >
      <Stack gap="md">
        <ErrorAlert error={apiErrorOf(save)} />
        {save.isSuccess && save.variables === mode ? <Notice>{t('linked.modeSaved')}</Notice> : null}
        <ModeChoice value={mode} onChange={setMode} />
        <Group gap="sm">
          <Button type="submit" loading={save.isPending} disabled={mode === link.mode}>
            {t('linked.saveMode')}
          </Button>
          <Button type="button" color="red.9" variant="outline" onClick={onUnlink}>
            {t('linked.unlink')}
          </Button>
        </Group>
      </Stack>
    </Form>
  );
}

export function LinkedPanel({ administrationId, link, onChanged }: LinkedPanelProps) {
  const { t } = useTranslation();
  const [confirming, confirm] = useDisclosure(false);
  const unlink = useMutation({
    mutationFn: () => unlinkAdministration(administrationId),
    onSuccess: () => {
      confirm.close();
      onChanged();
    },
  });

  return (
    <Section title={t('linked.title')}>
      {link.sourceStatus === 'deleted' || link.sourceStatus === 'merged' ? (
        <Alert>{t(`linked.sourceAlert.${link.sourceStatus}`)}</Alert>
      ) : null}
      <ConnectionDetails
        rows={[
          [t('linked.organisation'), link.crmName ?? '—'],
          [t('linked.externalId'), link.crmExternalId],
          [t('linked.state'), <LinkState key="state" link={link} />],
        ]}
      />
      <LinkModeForm
        administrationId={administrationId}
        link={link}
        onChanged={onChanged}
        onUnlink={() => {
          unlink.reset();
          confirm.open();
        }}
      />
      <ConfirmDialog
        open={confirming}
        title={t('linked.unlinkConfirm.title')}
        confirmLabel={t('linked.unlink')}
        pending={unlink.isPending}
        error={apiErrorOf(unlink)}
        onCancel={confirm.close}
        onConfirm={() => {
          unlink.mutate();
        }}
      >
        <p>{t('linked.unlinkConfirm.body')}</p>
      </ConfirmDialog>
    </Section>
  );
}
