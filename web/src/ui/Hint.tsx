import type { ReactElement } from 'react';
import classes from './Hint.module.css';

// The header's hints in CSS (Hint.module.css) rather than Mantine's Tooltip: a Tooltip brings
// floating-ui (about 15 KB gzipped) and sets up positioning and interactions as it mounts, work
// the first screen does not need for four hints.

/** A hint shown under `children` while the pointer is over it; `end` at the right edge of the screen. */
export function Hint({ label, align = 'center', children }: { label: string; align?: 'center' | 'end'; children: ReactElement }) {
  return (
    <span className={classes.hint} data-hint={label} data-align={align}>
      {children}
    </span>
  );
}
