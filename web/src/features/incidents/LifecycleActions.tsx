import { Button, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconArchive, IconFirstAidKit, IconHandStop, IconRotate } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { errorMessage } from '../../app/api';
import { useLifecycle } from './api';
import { ACTION_LABEL, type LifecycleAction, legalActions } from './lifecycle';
import type { Incident } from './types';

const ICON: Record<LifecycleAction, ReactNode> = {
  acknowledge: <IconHandStop size={18} />,
  mitigate: <IconFirstAidKit size={18} />,
  resolve: <IconCheck size={18} />,
  close: <IconArchive size={18} />,
  reopen: <IconRotate size={18} />,
};

const COLOR: Record<LifecycleAction, string> = {
  acknowledge: 'orange',
  mitigate: 'blue',
  resolve: 'green',
  close: 'gray',
  reopen: 'red',
};

/** Only the transitions that are legal from the current status; the first is the usual next step. */
export function LifecycleActions({ incident }: { incident: Incident }) {
  const lifecycle = useLifecycle(incident.id);
  const actions = legalActions(incident.status);
  if (!actions.length) return null;
  const run = (action: LifecycleAction) =>
    lifecycle.mutate(
      { action },
      {
        onError: (err) =>
          notifications.show({ color: 'red', title: `Could not ${action}`, message: errorMessage(err), icon: <IconAlertTriangle size={18} /> }),
      },
    );
  return (
    <Group gap="xs" data-testid="lifecycle-actions">
      {actions.map((a, idx) => (
        <Button
          key={a}
          color={COLOR[a]}
          variant={idx === 0 ? 'filled' : 'light'}
          leftSection={ICON[a]}
          loading={lifecycle.isPending && lifecycle.variables?.action === a}
          disabled={lifecycle.isPending}
          onClick={() => run(a)}
        >
          {ACTION_LABEL[a]}
        </Button>
      ))}
    </Group>
  );
}
