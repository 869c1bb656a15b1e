import type { QueryKey } from '@tanstack/react-query';
import type { Role } from '../features/session/types';
import { roleAtLeast } from '../features/session/permissions';
import type { Feature, FeatureNav } from './feature';

export type NavItem = FeatureNav;

/** The header's sections: each feature's entry the role may see, by `order`. */
export function navItems(features: readonly Feature[], role: Role): NavItem[] {
  return features
    .flatMap((f) => (f.nav ? [f.nav] : []))
    .filter((n) => roleAtLeast(role, n.minRole))
    .sort((a, b) => a.order - b.order);
}

/** Is `pathname` inside the section at `to` (so /services/svc_1 lights up Services)? */
export const inSection = (pathname: string, to: string): boolean => pathname === to || pathname.startsWith(`${to}/`);

/** Which live topic refreshes which queries, gathered from every feature. */
export function liveInvalidations(features: readonly Feature[]): Map<string, QueryKey[]> {
  const byTopic = new Map<string, QueryKey[]>();
  for (const f of features) for (const l of f.live ?? []) byTopic.set(l.topic, [...(byTopic.get(l.topic) ?? []), ...l.queryKeys]);
  return byTopic;
}
