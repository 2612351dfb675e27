// A row of buttons given as data (label, what it does, how it looks), wrapping on a narrow screen.
import { Button, Group } from '@mantine/core';

import type { ButtonProps } from '@mantine/core';

export type RowAction = Pick<ButtonProps, 'variant' | 'color' | 'disabled' | 'loading'> & {
  label: string;
  onClick: () => void;
};

export function ActionRow({ actions }: { actions: readonly RowAction[] }) {
  return (
    <Group gap="sm" wrap="wrap">
      {actions.map(({ label, onClick, ...look }) => (
        <Button key={label} {...look} onClick={onClick}>
          {label}
        </Button>
      ))}
    </Group>
  );
}
