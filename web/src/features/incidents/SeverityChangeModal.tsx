import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useChangeSeverity } from './api';
import { SeverityPicker } from './SeverityPicker';
import type { Incident, Severity } from './types';

/** Severity changes need a reason: it goes on the timeline for the people joining later. */
export function SeverityChangeModal({ incident, opened, onClose }: { incident: Incident; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Change severity of #${incident.number}`} centered>
      {/* The form mounts with each opening, so it starts from the current severity every time. */}
      {opened && <SeverityChangeForm incident={incident} onDone={onClose} />}
    </Modal>
  );
}

function SeverityChangeForm({ incident, onDone }: { incident: Incident; onDone: () => void }) {
  const [severity, setSeverity] = useState<Severity>(incident.severity);
  const [reason, setReason] = useState('');
  const change = useChangeSeverity(incident.id);
  const ready = severity !== incident.severity && reason.trim() !== '';

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!ready || change.isPending) return;
    change.mutate({ severity, reason: reason.trim() }, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} aria-label="Change severity">
      <Stack gap="md">
        <SeverityPicker label="New severity" value={severity} onChange={setSeverity} />
        <Textarea
          label="Reason"
          description="Why the change? Shown on the timeline."
          placeholder="Customers report checkout failing"
          required
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <ErrorAlert error={change.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={change.isPending} disabled={!ready}>
            Change severity
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
