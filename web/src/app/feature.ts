import type { Icon } from '@tabler/icons-react';
import type { QueryKey } from '@tanstack/react-query';
import { type ComponentType, lazy, type LazyExoticComponent } from 'react';
import type { Role } from '../features/session/types';

// What a feature folder declares about itself in its `feature.ts(x)`; `app/` builds the router,
// the navigation and the live-update wiring from the ordered list in `app/features.ts`.

export interface FeatureRoute {
  path: string;
  /** A lazily loaded page, so each route is its own chunk (see `lazyPage`). */
  page: LazyExoticComponent<ComponentType>;
  /** Reachable signed out (sign-in, first-run setup); otherwise inside the signed-in frame. */
  public?: boolean;
}

export interface FeatureNav {
  to: string;
  label: string;
  icon: Icon;
  /** Position in the header, lowest first. */
  order: number;
  /** The least role that sees the entry. */
  minRole: Role;
}

/** On a live-stream event named `topic` (`event: incident`), these queries refetch. */
export interface LiveInvalidation {
  topic: string;
  queryKeys: QueryKey[];
}

export interface Feature {
  name: string;
  routes?: FeatureRoute[];
  nav?: FeatureNav;
  live?: LiveInvalidation[];
}

/** A page component loaded on first visit: `lazyPage(() => import('./X'), 'X')`. */
export function lazyPage<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}
