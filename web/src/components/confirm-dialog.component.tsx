// A modal confirmation (Mantine Modal: focus trapped, Escape and the backdrop cancel): title, explanation, the failure
// if confirming failed, confirm and cancel.
import { Button, Group, Modal, Stack } from '@mantine/core';
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
};

export function ConfirmDialog(props: ConfirmDialogProps) {
  const { open, title, children, confirmLabel, pending, error, onConfirm, onCancel } = props;
  const { t } = useTranslation();
  return (
    <Modal opened={open} onClose={onCancel} title={title} centered withCloseButton={false}>
      <Stack gap="md">
        {children}
        <ErrorAlert error={error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={pending} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
