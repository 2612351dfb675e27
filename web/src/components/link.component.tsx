// An <a> that navigates inside the app without a page load (react-router); modified clicks (new tab etc.) stay native.
import { Link as RouterLink } from 'react-router';

import type { ComponentProps } from 'react';

type LinkProps = Omit<ComponentProps<'a'>, 'href'> & { to: string };

export function Link({ to, ...rest }: LinkProps) {
  return <RouterLink to={to} {...rest} />;
}
