import type { DetectionSource, IncidentStatus, Severity } from './types';

/** SEV-1 red → SEV-4 grey: the colour says how bad before the words do. */
export const SEVERITY_COLOR: Record<Severity, string> = {
  'SEV-1': 'red',
  'SEV-2': 'orange',
  'SEV-3': 'yellow',
  'SEV-4': 'gray.6',
};

export const SEVERITY_HINT: Record<Severity, string> = {
  'SEV-1': 'Critical: major outage, data loss or security breach',
  'SEV-2': 'Major: a key feature down for many users',
  'SEV-3': 'Minor: degraded, a workaround exists',
  'SEV-4': 'Low: cosmetic or internal only',
};

export const STATUS_COLOR: Record<IncidentStatus, string> = {
  triggered: 'red',
  acknowledged: 'orange',
  mitigated: 'blue',
  resolved: 'green',
  closed: 'gray',
};

export const STATUS_LABEL: Record<IncidentStatus, string> = {
  triggered: 'Triggered',
  acknowledged: 'Acknowledged',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const SOURCE_LABEL: Record<DetectionSource, string> = {
  monitor: 'Monitor',
  integration: 'Alert integration',
  customer: 'Customer report',
  internal: 'Internal (a person noticed)',
};

export const ROLE_LABEL: Record<string, string> = {
  commander: 'commander',
  technical_lead: 'technical lead',
  communications_lead: 'communications lead',
};

/** "4m", "2h 05m", "3d 4h": compact enough for a phone row. */
export function formatAge(ms: number): string {
  const m = Math.max(0, Math.floor(ms / 60_000));
  if (m < 1) return 'just now';
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  const d = Math.floor(h / 24);
  return `${d}d ${h % 24}h`;
}
