import { Button, Group, Modal } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPencil, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useDeleteMonitor, useSetPaused } from './api';
import { MonitorForm } from './MonitorForm';
import type { Monitor } from './types';

/** Pause or resume (at once: it is undone as easily), edit, and delete (asked first: history goes too). */
export function MonitorActions({ monitor: m }: { monitor: Monitor }) {
  const pause = useSetPaused();
  const remove = useDeleteMonitor();
  const navigate = useNavigate();
  const [editing, edit] = useDisclosure(false);
  return (
    <>
      <Group gap="xs" data-testid="monitor-actions">
        <Button
          variant="default"
          leftSection={m.paused ? <IconPlayerPlay size={18} /> : <IconPlayerPause size={18} />}
          loading={pause.isPending}
          onClick={() => pause.mutate({ id: m.id, paused: !m.paused })}
        >
          {m.paused ? 'Resume' : 'Pause'}
        </Button>
        <Button variant="default" leftSection={<IconPencil size={18} />} onClick={edit.open}>
          Edit monitor
        </Button>
        <ConfirmButton
          label="Delete monitor"
          title={`Delete ${m.name}?`}
          message="It stops being checked and its history is deleted. Its incidents stay."
          action={() => remove.mutateAsync(m.id).then(() => navigate('/monitors', { replace: true }))}
        />
      </Group>
      <ErrorAlert error={pause.error} title={m.paused ? 'Could not resume' : 'Could not pause'} />
      <Modal opened={editing} onClose={edit.close} title={`Edit ${m.name}`} centered size="lg">
        {editing && <MonitorForm monitor={m} onSaved={edit.close} onCancel={edit.close} />}
      </Modal>
    </>
  );
}
