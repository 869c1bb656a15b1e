import { StaticBadge } from '../../ui/StaticBadge';
import { SEVERITY_COLOR, STATUS_COLOR, STATUS_LABEL } from './presentation';
import type { IncidentStatus, Severity } from './types';

// Plain-markup badges (StaticBadge): the incident list shows two or three a row.

export function SeverityBadge({ severity, size = 'md' }: { severity: Severity; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <StaticBadge
      look={{ color: SEVERITY_COLOR[severity], variant: 'filled', autoContrast: true, radius: 'sm', size }}
      data-testid="severity-badge"
      aria-label={`Severity ${severity}`}
      style={{ flexShrink: 0 }}
    >
      {severity}
    </StaticBadge>
  );
}

export function StatusBadge({ status, size = 'md' }: { status: IncidentStatus; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <StaticBadge
      look={{ color: STATUS_COLOR[status], variant: status === 'triggered' ? 'dot' : 'light', size }}
      data-testid="status-badge"
      aria-label={`Status ${STATUS_LABEL[status]}`}
      style={{ flexShrink: 0 }}
    >
      {STATUS_LABEL[status]}
    </StaticBadge>
  );
}

export function DrillBadge() {
  return <StaticBadge look={{ color: 'grape', variant: 'outline', size: 'sm' }}>Drill</StaticBadge>;
}
