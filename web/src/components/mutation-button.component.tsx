// A button that runs a mutation taking no input, shown as loading while it is pending.
import { Button } from '@mantine/core';

import type { ButtonProps } from '@mantine/core';
import type { ReactNode } from 'react';

type MutationButtonProps = ButtonProps & {
  mutation: { isPending: boolean; mutate: (variables: undefined) => void };
  children: ReactNode;
};

/** `variant` is "default" (the quiet button) unless given. */
export function MutationButton({ mutation, variant = 'default', children, ...buttonProps }: MutationButtonProps) {
  return (
    <Button
      {...buttonProps}
      variant={variant}
      loading={mutation.isPending}
      onClick={() => {
        mutation.mutate(undefined);
      }}
    >
      {children}
    </Button>
  );
}
