import { Badge } from '@mantine/core';
import { SEVERITY_COLOR, STATUS_COLOR, STATUS_LABEL } from './presentation';
import type { IncidentStatus, Severity } from './types';

export function SeverityBadge({ severity, size = 'md' }: { severity: Severity; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge
      color={SEVERITY_COLOR[severity]}
      variant="filled"
      autoContrast
      radius="sm"
      size={size}
      data-testid="severity-badge"
      aria-label={`Severity ${severity}`}
      style={{ flexShrink: 0 }}
    >
      {severity}
    </Badge>
  );
}

export function StatusBadge({ status, size = 'md' }: { status: IncidentStatus; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge
      color={STATUS_COLOR[status]}
      variant={status === 'triggered' ? 'dot' : 'light'}
      size={size}
      data-testid="status-badge"
      aria-label={`Status ${STATUS_LABEL[status]}`}
      style={{ flexShrink: 0 }}
    >
      {STATUS_LABEL[status]}
    </Badge>
  );
}

export function DrillBadge() {
  return (
    <Badge color="grape" variant="outline" size="sm">
      Drill
    </Badge>
  );
}
