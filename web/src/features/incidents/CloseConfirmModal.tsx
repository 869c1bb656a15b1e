import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { Incident } from './types';

interface Props {
  incident: Incident;
  opened: boolean;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/** Close is final (post-mortem done): nothing on the incident can change afterwards, so it asks. */
export function CloseConfirmModal({ incident, opened, pending, onConfirm, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Close #${incident.number}?`} centered>
      <Stack gap="md">
        <Text size="sm">
          Closing is final: the incident can no longer be reopened, edited, re-roled or given a root-cause category. Close it now?
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
