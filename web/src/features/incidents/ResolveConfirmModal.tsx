import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { SeverityBadge } from './IncidentBadges';
import type { Incident } from './types';

interface Props {
  incident: Incident;
  opened: boolean;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/** `r` asks first: a stray key must not end a SEV-1. Enter (on the focused button) confirms. */
export function ResolveConfirmModal({ incident, opened, pending, onConfirm, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Resolve #${incident.number}?`} centered>
      <Stack gap="md">
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <SeverityBadge severity={incident.severity} />
          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
            {incident.title}
          </Text>
        </Group>
        <Text size="sm">Resolving says the impact is over and stops the clock. Resolve it now?</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="green" loading={pending} onClick={onConfirm} data-autofocus>
            Resolve
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
