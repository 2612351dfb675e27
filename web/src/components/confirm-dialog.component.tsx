// A modal confirmation (Mantine Modal: focus trapped, Escape and the backdrop cancel): title, explanation, the failure
// if confirming failed, confirm and cancel (focused first, so Enter never confirms by accident).
import { Button, Group, Modal, Stack, useMantineTheme } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { ErrorAlert } from './feedback.component.js';

import type { ReactNode } from 'react';
import type { ApiError } from '../api.js';

type ConfirmDialogProps = {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pending: boolean;
  error: ApiError | null;
  onConfirm: () => void;
  onCancel: () => void;
  /** A confirm that removes or ends something is red; one that starts something (false) has the primary colour. */
  destructive?: boolean;
};

export function ConfirmDialog(props: ConfirmDialogProps) {
  const { open, title, children, confirmLabel, pending, error, onConfirm, onCancel, destructive = true } = props;
  const { t } = useTranslation();
  const { primaryColor } = useMantineTheme();
  return (
    <Modal opened={open} onClose={onCancel} title={title} centered withCloseButton={false}>
      <Stack gap="md">
        {children}
        <ErrorAlert error={error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button color={destructive ? 'red' : primaryColor} loading={pending} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
