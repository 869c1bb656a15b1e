import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import type { RefObject } from 'react';
import { Link } from 'react-router';
import { DrillBadge, SeverityBadge, StatusBadge } from './IncidentBadges';
import { IncidentCommands } from './IncidentCommands';
import type { Incident } from './types';

export function IncidentHeader({ incident, noteRef }: { incident: Incident; noteRef: RefObject<HTMLTextAreaElement | null> }) {
  return (
    <Stack gap="sm">
      <Anchor component={Link} to="/incidents" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} /> All incidents
        </Group>
      </Anchor>
      <Group gap="xs">
        <SeverityBadge severity={incident.severity} size="lg" />
        <StatusBadge status={incident.status} size="lg" />
        {incident.drill && <DrillBadge />}
      </Group>
      <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }} data-testid="incident-heading">
        <Text span inherit c="dimmed">
          #{incident.number}
        </Text>{' '}
        {incident.title}
      </Title>
      <IncidentCommands incident={incident} noteRef={noteRef} />
    </Stack>
  );
}
