import { Autocomplete, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useUpdateIncident } from './api';
import { SeverityBadge } from './IncidentBadges';
import { ROOT_CAUSE_SUGGESTIONS } from './incidentPatch';
import { allows } from './lifecycle';
import type { Incident } from './types';

interface Props {
  incident: Incident;
  opened: boolean;
  pending: boolean;
  /** Resolves with the summary as the transition's note. */
  onConfirm: (summary: string | undefined) => void;
  onClose: () => void;
}

/**
 * Resolve asks first (a stray `r` must not end a SEV-1) and takes a short summary (the timeline
 * note of the step) and the root-cause category, which can no longer be set once closed.
 */
export function ResolveConfirmModal({ incident, opened, onClose, ...rest }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Resolve #${incident.number}?`} centered>
      {opened && <ResolveForm incident={incident} onClose={onClose} {...rest} />}
    </Modal>
  );
}

function ResolveForm({ incident, pending, onConfirm, onClose }: Omit<Props, 'opened'>) {
  const [summary, setSummary] = useState('');
  const [cause, setCause] = useState(incident.root_cause_category ?? '');
  const update = useUpdateIncident(incident.id);
  const canSetCause = allows(incident, 'edit');
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (pending || update.isPending) return;
    const resolve = () => onConfirm(summary.trim() || undefined);
    const next = cause.trim();
    if (canSetCause && next && next !== (incident.root_cause_category ?? '')) update.mutate({ root_cause_category: next }, { onSuccess: resolve });
    else resolve();
  };
  return (
    <form onSubmit={submit} aria-label="Resolve">
      <Stack gap="md">
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <SeverityBadge severity={incident.severity} />
          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
            {incident.title}
          </Text>
        </Group>
        <Text size="sm">Resolving says the impact is over and stops the clock.</Text>
        <Textarea label="Summary" description="Optional; goes on the timeline with the step" autosize minRows={2} maxRows={6} value={summary} onChange={(e) => setSummary(e.currentTarget.value)} />
        {canSetCause && (
          <Autocomplete
            label="Root-cause category"
            description="Optional; cannot be changed once the incident is closed"
            data={ROOT_CAUSE_SUGGESTIONS}
            maxLength={100}
            value={cause}
            onChange={setCause}
          />
        )}
        <ErrorAlert error={update.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="green" loading={pending || update.isPending} data-autofocus>
            Resolve
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
