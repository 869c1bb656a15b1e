import { Badge, type BadgeProps, type MantineTheme, useMantineTheme } from '@mantine/core';
import type { CSSProperties, HTMLAttributes, ReactNode } from 'react';

// Mantine's Badge markup (its classes and CSS variables, so it looks exactly the same) without
// the component machinery: a Badge resolves props, styles and colours on every render, and the
// incident list renders hundreds of them. The variables are computed once per look and theme.

/** What decides a badge's look; the same props as Mantine's Badge. */
export interface BadgeLook {
  color: string;
  variant: 'filled' | 'light' | 'outline' | 'dot';
  size: 'xs' | 'sm' | 'md' | 'lg' | 'xl';
  radius?: BadgeProps['radius'];
  autoContrast?: boolean;
}

const looks = new WeakMap<MantineTheme, Map<string, CSSProperties>>();

function variablesOf(theme: MantineTheme, look: BadgeLook): CSSProperties {
  let known = looks.get(theme);
  if (!known) looks.set(theme, (known = new Map()));
  const key = `${look.color}|${look.variant}|${look.size}|${look.radius}|${look.autoContrast}`;
  let vars = known.get(key);
  if (!vars) {
    const root: Record<string, string | undefined> = Badge.varsResolver(theme, look, undefined).root;
    vars = Object.fromEntries(Object.entries(root).filter(([, v]) => v !== undefined)) as CSSProperties;
    known.set(key, vars);
  }
  return vars;
}

/** A Badge (label only) rendered as plain elements with Mantine's classes. */
export function StaticBadge({ look, children, style, ...rest }: { look: BadgeLook; children: ReactNode } & Omit<HTMLAttributes<HTMLDivElement>, 'color'>) {
  const theme = useMantineTheme();
  const c = Badge.classes;
  const className = [c[`root--${look.variant}`], c.root, 'mantine-Badge-root'].filter(Boolean).join(' ');
  return (
    <div {...rest} className={className} data-variant={look.variant} data-size={look.size} style={{ ...variablesOf(theme, look), ...style }}>
      <span className={`${c.label} mantine-Badge-label`}>{children}</span>
    </div>
  );
}
