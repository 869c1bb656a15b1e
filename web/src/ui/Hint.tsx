import type { TooltipProps } from '@mantine/core';
import type { ReactElement } from 'react';
import { useIdleImport } from './idle';

// Mantine's Tooltip brings floating-ui (about 15 KB gzipped); the header's hints are not worth
// holding back the first screen for, so they arrive with the first idle moment.
const loadTooltip = () => import('./tooltip');

/** A tooltip on `children` (one element taking a ref), from the first idle moment on. */
export function Hint({ children, ...props }: Omit<TooltipProps, 'children'> & { children: ReactElement }) {
  const Tooltip = useIdleImport(loadTooltip)?.Tooltip;
  return Tooltip ? <Tooltip {...props}>{children}</Tooltip> : children;
}
