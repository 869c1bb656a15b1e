import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowLeft, IconAdjustmentsAlt, IconPencil } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useMe } from '../session/api';
import { canWorkIncidents } from '../session/permissions';
import { EditIncidentModal } from './EditIncidentModal';
import { DrillBadge, SeverityBadge, StatusBadge } from './IncidentBadges';
import { LifecycleActions } from './LifecycleActions';
import { SeverityChangeModal } from './SeverityChangeModal';
import type { Incident } from './types';

export function IncidentHeader({ incident }: { incident: Incident }) {
  const [severityOpen, severityModal] = useDisclosure(false);
  const [editOpen, editModal] = useDisclosure(false);
  const me = useMe();
  const editable = !!me && canWorkIncidents(me.role) && incident.status !== 'closed';
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
      <Group gap="xs">
        <LifecycleActions incident={incident} />
        {incident.status !== 'closed' && (
          <Button variant="default" leftSection={<IconAdjustmentsAlt size={18} />} onClick={severityModal.open}>
            Change severity
          </Button>
        )}
        {editable && (
          <Button variant="default" leftSection={<IconPencil size={18} />} onClick={editModal.open}>
            Edit details
          </Button>
        )}
      </Group>
      <SeverityChangeModal incident={incident} opened={severityOpen} onClose={severityModal.close} />
      {editable && <EditIncidentModal incident={incident} opened={editOpen} onClose={editModal.close} />}
    </Stack>
  );
}
