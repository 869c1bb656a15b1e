import { Button, Group, Kbd } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconArchive, IconFirstAidKit, IconHandStop, IconRotate } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { errorMessage } from '../../app/api';
import { useLifecycle } from './api';
import { ACTION_LABEL, CONFIRMED_ACTIONS, type LifecycleAction, lifecycleActions } from './lifecycle';
import { SHORTCUT_KEY } from './shortcuts';
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

/** Runs lifecycle steps on one incident; a refusal (409, say) shows as a notification. */
export function useLifecycleRunner(incidentId: string) {
  const lifecycle = useLifecycle(incidentId);
  const run = (action: LifecycleAction, onDone?: () => void, note?: string) =>
    lifecycle.mutate(
      { action, note },
      {
        onSuccess: onDone,
        onError: (err) =>
          notifications.show({ color: 'red', title: `Could not ${action}`, message: errorMessage(err), icon: <IconAlertTriangle size={18} /> }),
      },
    );
  return { run, pending: lifecycle.isPending, pendingAction: lifecycle.isPending ? lifecycle.variables?.action : undefined };
}

export type LifecycleRunner = ReturnType<typeof useLifecycleRunner>;

/** A key hint on a button ("Acknowledge  a"); screen readers get it from aria-keyshortcuts instead. */
export function KeyHint({ k }: { k: string }) {
  return (
    <Kbd size="xs" visibleFrom="sm" aria-hidden>
      {k}
    </Kbd>
  );
}

interface Props {
  incident: Incident;
  runner: LifecycleRunner;
  /** Resolve and close ask first: the caller opens their confirmation. */
  onAsk: (action: 'resolve' | 'close') => void;
}

/** Exactly the steps the server allows the caller now; the first is the usual next step. */
export function LifecycleActions({ incident, runner, onAsk }: Props) {
  const actions = lifecycleActions(incident.allowed_actions);
  if (!actions.length) return null;
  return (
    <Group gap="xs" data-testid="lifecycle-actions">
      {actions.map((a, idx) => {
        const key = a in SHORTCUT_KEY ? SHORTCUT_KEY[a as keyof typeof SHORTCUT_KEY] : undefined;
        return (
          <Button
            key={a}
            color={COLOR[a]}
            variant={idx === 0 ? 'filled' : 'light'}
            leftSection={ICON[a]}
            rightSection={key ? <KeyHint k={key} /> : undefined}
            aria-keyshortcuts={key}
            loading={runner.pendingAction === a}
            disabled={runner.pending}
            onClick={() => (a === 'resolve' || a === 'close' ? onAsk(a) : runner.run(a))}
            aria-haspopup={CONFIRMED_ACTIONS.has(a) ? 'dialog' : undefined}
          >
            {ACTION_LABEL[a]}
          </Button>
        );
      })}
    </Group>
  );
}
