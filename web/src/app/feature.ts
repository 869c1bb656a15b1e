import type { Icon } from '@tabler/icons-react';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { type ComponentType, createElement, Fragment, use, useEffect } from 'react';
import { markFirstScreen } from '../ui/idle';
import type { Role } from '../features/session/types';

// What a feature folder declares about itself in its `feature.ts(x)`; `app/` builds the router,
// the navigation and the live-update wiring from the ordered list in `app/features.ts`.

export interface FeatureRoute {
  path: string;
  /** A lazily loaded page, so each route is its own chunk (see `lazyPage`). */
  page: LazyPage;
  /** Reachable signed out (sign-in, first-run setup); otherwise inside the signed-in frame. */
  public?: boolean;
  /**
   * Starts the queries the page will ask for first, when the app opens on this path (`search`
   * is the address's query), so they load alongside the session check instead of after it.
   */
  prefetch?: (qc: QueryClient, search: URLSearchParams) => void;
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

/** Pages other than the list show their own loading states; once one is up, idle work may start. */
function Shown() {
  useEffect(markFirstScreen, []);
  return null;
}

/** A lazily loaded page; `preload()` starts fetching its chunk before it is rendered. */
export type LazyPage = ComponentType & { preload: () => void };

/**
 * A page component loaded on first visit (or `preload()`): `lazyPage(() => import('./X'), 'X')`.
 * It renders once Mantine's whole stylesheet is there too (styles.all; the first screen carries
 * only its own, styles.ts). Unlike React.lazy, a page preloaded before its first render renders
 * at once, without a Suspense fallback and a second commit in between.
 */
export function lazyPage<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string): LazyPage {
  let loaded: ComponentType | undefined;
  let loading: Promise<ComponentType> | undefined;
  const start = () => (loading ??= Promise.all([load(), import('../styles.all')]).then(([m]) => (loaded = m[name] as ComponentType)));
  // No hooks beside the conditional `use`: React replays a component that suspended, and a hook
  // after a `use` skipped on the replay would not line up.
  const Page = () => createElement(Fragment, null, createElement(loaded ?? use(start())), createElement(Shown));
  return Object.assign(Page, { preload: () => void start() });
}

/**
 * A page bundled with the app's entry rather than loaded on demand: for the signed-in home, whose
 * first screen then needs no further round trip for code and comes in fewer files.
 */
export function eagerPage(page: ComponentType): LazyPage {
  return Object.assign(() => createElement(page), { preload: () => undefined });
}
