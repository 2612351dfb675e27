// The one visual language of the UI: a calm navy primary, system type, compact spacing, as business portals use.
import { createTheme } from '@mantine/core';

import type { CSSVariablesResolver, MantineColorsTuple } from '@mantine/core';

// A muted navy (hue of the accounting portals the firms already use); index 7 passes WCAG AA on white.
const navy: MantineColorsTuple = [
  '#eef3fb',
  '#dbe3f1',
  '#b3c4e3',
  '#88a3d5',
  '#6487c9',
  '#4d76c2',
  '#3f6cbf',
  '#2f5aa8',
  '#264f97',
  '#1a4386',
];

export const theme = createTheme({
  primaryColor: 'navy',
  primaryShade: 7,
  colors: { navy },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '600' },
  defaultRadius: 'sm',
  cursorType: 'pointer',
  components: {
    Button: { defaultProps: { size: 'sm' } },
    // Required fields are marked by their error, not an asterisk (which would become part of the field's name).
    TextInput: { defaultProps: { size: 'sm', withAsterisk: false } },
    PasswordInput: { defaultProps: { size: 'sm', withAsterisk: false } },
    Paper: { defaultProps: { withBorder: true, p: 'md' } },
  },
});

/** Secondary and error text darker than Mantine's defaults, so they meet WCAG AA contrast (4.5:1) on white and gray-0. */
export const cssVariablesResolver: CSSVariablesResolver = (resolved) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': resolved.colors.gray[7],
    '--mantine-color-error': resolved.colors.red[9],
  },
  dark: {},
});
