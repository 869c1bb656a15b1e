import type { QueryClient } from '@tanstack/react-query';
import { matchPath } from 'react-router';
import { sessionQuery } from '../features/session/api';
import { FEATURES } from './features';
import { navItems } from './navigation';

/** Every feature's routes, in order. */
export const ROUTES = FEATURES.flatMap((f) => f.routes ?? []);
/** Where `/` leads: the first section a viewer sees. */
export const HOME = navItems(FEATURES, 'viewer')[0]?.to ?? '/profile';

/**
 * Before the first render: asks who is signed in, and starts the page's chunk and its first
 * queries for the address the app opens on, so the three load side by side rather than one
 * after the other (session → page chunk → page data).
 */
export function startLoading(qc: QueryClient, at: { pathname: string; search: string }): void {
  void qc.prefetchQuery(sessionQuery());
  const pathname = at.pathname === '/' ? HOME : at.pathname;
  const route = ROUTES.find((r) => matchPath(r.path, pathname));
  route?.page.preload();
  route?.prefetch?.(qc, new URLSearchParams(at.search));
}
