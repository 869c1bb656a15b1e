import { type CSSVariablesResolver, createTheme, darken, DEFAULT_THEME, lighten } from '@mantine/core';

// Colours that pass WCAG 2.1 AA (4.5:1 for text) in both schemes, from Mantine's own palette:
// filled buttons and badges use shade 8 with dark or white text chosen by contrast, light
// variants and coloured text are a darkened shade 9 on shade 0, and dimmed text is darker
// (light) or lighter (dark) than Mantine's default, which reads 3.3:1 and 4.0:1.

export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  luminanceThreshold: 0.2,
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '700' },
  cursorType: 'pointer',
  components: {
    // Mantine's close button is an icon alone: name it, or a screen reader says "button" ("Close"
    // alone reads like the incident's Close action). A plain object, not Modal.extend: importing
    // Modal here would pull it into the first scripts.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } },
    // A dialog's header as a plain box: Mantine's <header> there made a second banner landmark
    // beside the app's own (axe: landmark-no-duplicate-banner, landmark-unique).
    ModalHeader: { defaultProps: { component: 'div' } },
  },
});

const { colors } = DEFAULT_THEME;

const DIMMED = { light: darken(colors.gray[6], 0.25), dark: lighten(colors.dark[2], 0.2) };

export const cssVariablesResolver: CSSVariablesResolver = () => {
  // Placeholders too: Mantine renders some as text (Input.Placeholder), which must read 4.5:1.
  const light: Record<string, string> = { '--mantine-color-dimmed': DIMMED.light, '--mantine-color-placeholder': DIMMED.light };
  for (const name of Object.keys(colors)) {
    if (name === 'dark' || name === 'gray') continue;
    const strong = darken(colors[name]![9], 0.25);
    light[`--mantine-color-${name}-light`] = colors[name]![0];
    light[`--mantine-color-${name}-light-color`] = strong;
    light[`--mantine-color-${name}-text`] = strong;
  }
  return {
    variables: {},
    light,
    dark: { '--mantine-color-dimmed': DIMMED.dark, '--mantine-color-placeholder': DIMMED.dark },
  };
};
