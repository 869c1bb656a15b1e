import type { Role } from '../features/session/types';

export interface NavItem {
  to: string;
  label: string;
}

/** The sections in the header; everyone signed in reads all of them (writes are per page). */
export function navItems(_role: Role): NavItem[] {
  return [
    { to: '/incidents', label: 'Incidents' },
    { to: '/services', label: 'Services' },
    { to: '/teams', label: 'Teams' },
    { to: '/people', label: 'People' },
  ];
}

/** Is `pathname` inside the section at `to` (so /services/svc_1 lights up Services)? */
export const inSection = (pathname: string, to: string): boolean => pathname === to || pathname.startsWith(`${to}/`);
