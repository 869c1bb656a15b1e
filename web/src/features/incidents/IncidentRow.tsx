import { Group, Paper, Stack, Text } from '@mantine/core';
import { IconClock, IconUserExclamation, IconUserShield } from '@tabler/icons-react';
import { Link } from 'react-router';
import { DrillBadge, SeverityBadge, StatusBadge } from './IncidentBadges';
import { isOpen } from './lifecycle';
import { formatAge } from './presentation';
import type { Incident } from './types';

/** One incident in the list: severity, number and title, status, age, and who is on it. */
export function IncidentRow({ incident: i, now }: { incident: Incident; now: number }) {
  const open = isOpen(i.status);
  const end = i.resolved_at ?? i.closed_at;
  const age = formatAge((open || !end ? now : Date.parse(end)) - Date.parse(i.started_at));
  const commander = i.roles.commander;
  return (
    <Paper
      component={Link}
      to={`/incidents/${i.number}`}
      withBorder
      radius="md"
      p="sm"
      data-testid="incident-row"
      data-incident-number={i.number}
      style={{ display: 'block', textDecoration: 'none', color: 'inherit' }}
    >
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <SeverityBadge severity={i.severity} />
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Text fw={600} lh={1.3} lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
            <Text span c="dimmed" fw={600} size="sm" mr={6}>
              #{i.number}
            </Text>
            <span data-testid="incident-title">{i.title}</span>
          </Text>
          <Group gap="xs" c="dimmed" style={{ columnGap: 'var(--mantine-spacing-md)', fontSize: 'var(--mantine-font-size-xs)' }}>
            <StatusBadge status={i.status} size="sm" />
            <Group gap={4} wrap="nowrap" title={open ? 'Time since impact began' : 'Duration'}>
              <IconClock size={14} aria-hidden />
              <span>{age}</span>
            </Group>
            {commander ? (
              <Group gap={4} wrap="nowrap" data-testid="incident-commander" title="Incident commander">
                <IconUserShield size={14} aria-hidden />
                <span>{commander.name}</span>
              </Group>
            ) : (
              open && (
                <Group gap={4} wrap="nowrap" c="orange" data-testid="incident-commander">
                  <IconUserExclamation size={14} aria-hidden />
                  <span>No commander</span>
                </Group>
              )
            )}
            {i.services?.length > 0 && <span>{i.services.map((s) => s.name).join(', ')}</span>}
            {i.drill && <DrillBadge />}
          </Group>
        </Stack>
      </Group>
    </Paper>
  );
}
