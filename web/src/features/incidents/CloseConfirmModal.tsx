import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { Incident } from './types';

interface Props {
  incident: Incident;
  opened: boolean;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/** Close is final (post-mortem done): no reopening, severity, roles or root cause afterwards, so it asks. */
export function CloseConfirmModal({ incident, opened, pending, onConfirm, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Close #${incident.number}?`} centered>
      <Stack gap="md">
        <Text size="sm">
          Closing is final: the incident cannot be reopened, and its severity, roles and root-cause category can no longer change. Close it now?
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="gray" loading={pending} onClick={onConfirm} data-autofocus>
            Close incident
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
