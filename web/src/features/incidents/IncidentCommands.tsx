import { Button, Group } from '@mantine/core';
import { IconAdjustmentsAlt, IconKeyboard, IconPencil } from '@tabler/icons-react';
import { type RefObject, useState } from 'react';
import { CloseConfirmModal } from './CloseConfirmModal';
import { EditIncidentModal } from './EditIncidentModal';
import { KeyHint, LifecycleActions, useLifecycleRunner } from './LifecycleActions';
import { allows } from './lifecycle';
import { ResolveConfirmModal } from './ResolveConfirmModal';
import { SeverityChangeModal } from './SeverityChangeModal';
import { SHORTCUT_KEY, type ShortcutCommand } from './shortcuts';
import { ShortcutHelpModal } from './ShortcutHelpModal';
import type { Incident } from './types';
import { useIncidentShortcuts } from './useIncidentShortcuts';

type Dialog = 'severity' | 'edit' | 'resolve' | 'close' | 'help' | null;

/** What the caller may do to the incident (the server's `allowed_actions`), each with its key. */
export function IncidentCommands({ incident, noteRef }: { incident: Incident; noteRef: RefObject<HTMLTextAreaElement | null> }) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const runner = useLifecycleRunner(incident.id);
  const canEdit = allows(incident, 'edit');
  const canChangeSeverity = allows(incident, 'change_severity');

  useIncidentShortcuts(incident.allowed_actions, dialog !== null, (c: ShortcutCommand) => {
    if (c === 'acknowledge' || c === 'mitigate') {
      if (!runner.pending) runner.run(c);
    } else if (c === 'note') {
      noteRef.current?.focus();
    } else {
      setDialog(c);
    }
  });

  return (
    <>
      <Group gap="xs">
        <LifecycleActions incident={incident} runner={runner} onAsk={setDialog} />
        {canChangeSeverity && (
          <Button
            variant="default"
            leftSection={<IconAdjustmentsAlt size={18} />}
            rightSection={<KeyHint k={SHORTCUT_KEY.severity} />}
            aria-keyshortcuts={SHORTCUT_KEY.severity}
            onClick={() => setDialog('severity')}
          >
            Change severity
          </Button>
        )}
        {canEdit && (
          <Button
            variant="default"
            leftSection={<IconPencil size={18} />}
            rightSection={<KeyHint k={SHORTCUT_KEY.edit} />}
            aria-keyshortcuts={SHORTCUT_KEY.edit}
            onClick={() => setDialog('edit')}
          >
            Edit details
          </Button>
        )}
        <Button
          variant="subtle"
          color="gray"
          visibleFrom="sm"
          leftSection={<IconKeyboard size={18} />}
          rightSection={<KeyHint k={SHORTCUT_KEY.help} />}
          aria-keyshortcuts={SHORTCUT_KEY.help}
          onClick={() => setDialog('help')}
        >
          Shortcuts
        </Button>
      </Group>
      {canChangeSeverity && <SeverityChangeModal incident={incident} opened={dialog === 'severity'} onClose={close} />}
      {canEdit && <EditIncidentModal incident={incident} opened={dialog === 'edit'} onClose={close} />}
      <ResolveConfirmModal
        incident={incident}
        opened={dialog === 'resolve'}
        pending={runner.pendingAction === 'resolve'}
        onConfirm={(summary) => runner.run('resolve', close, summary)}
        onClose={close}
      />
      <CloseConfirmModal incident={incident} opened={dialog === 'close'} pending={runner.pendingAction === 'close'} onConfirm={() => runner.run('close', close)} onClose={close} />
      <ShortcutHelpModal opened={dialog === 'help'} onClose={close} />
    </>
  );
}
