import { Button, Collapse, Group, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconPlus } from '@tabler/icons-react';
import { type FormEvent, useId, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { errorField, fieldError, formError, type FriendlyMessages } from '../../ui/fieldErrors';
import { useCreateMonitor, useUpdateMonitor } from './api';
import { CheckOptions } from './CheckOptions';
import { EMPTY_FORM, formFields, fromMonitor, isAdvanced, type MonitorForm as FormState, toCreateBody, toPatchBody } from './formModel';
import { MainFields } from './MainFields';
import { TYPE_LABEL } from './presentation';
import { TypeOptions } from './TypeOptions';
import type { Monitor, MonitorType } from './types';

const TYPES: MonitorType[] = ['http', 'tcp', 'tls', 'dns', 'heartbeat'];
// The API's details are already sentences; a few name the field first for programs.
const FRIENDLY: FriendlyMessages = { locations: (d) => d.replace(/^locations:\s*/, '') };

interface Props {
  monitor?: Monitor;
  onSaved: (m: Monitor) => void;
  onCancel: () => void;
}

/**
 * Add a monitor (the smallest path: paste a URL, press Enter) or edit one. Everything beyond the
 * main field sits under "More options", which opens by itself when the server refuses one of them.
 */
export function MonitorForm({ monitor, onSaved, onCancel }: Props) {
  const [f, setF] = useState<FormState>(() => (monitor ? fromMonitor(monitor) : EMPTY_FORM));
  const [more, setMore] = useState(!!monitor);
  const create = useCreateMonitor();
  const update = useUpdateMonitor();
  const save = monitor ? update : create;
  const set = (p: Partial<FormState>) => (setF((prev) => ({ ...prev, ...p })), save.reset());
  const err = (field: string) => fieldError(save.error, field, FRIENDLY);
  const refused = errorField(save.error);
  const open = more || (refused !== null && isAdvanced(refused));
  const moreId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (monitor) update.mutate({ id: monitor.id, input: toPatchBody(f) }, { onSuccess: onSaved });
    else create.mutate(toCreateBody(f), { onSuccess: onSaved });
  };

  return (
    <form onSubmit={submit} aria-label={monitor ? `Edit ${monitor.name}` : 'New monitor'} noValidate>
      <Stack gap="md">
        {!monitor && (
          <SegmentedControl
            aria-label="Type"
            value={f.type}
            onChange={(type) => set({ type: type as MonitorType })}
            data={TYPES.map((t) => ({ value: t, label: TYPE_LABEL[t] }))}
            fullWidth
          />
        )}
        <MainFields f={f} set={set} err={err} editing={!!monitor} />
        <Group>
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
            aria-expanded={open}
            aria-controls={moreId}
            onClick={() => setMore(!open)}
          >
            More options
          </Button>
        </Group>
        <Collapse expanded={open} id={moreId}>
          <Stack gap="sm">
            <TextInput label="Name" description="Empty: named after what it checks" value={f.name} error={err('name')} onChange={(e) => set({ name: e.currentTarget.value })} />
            <TypeOptions f={f} set={set} err={err} />
            <CheckOptions f={f} set={set} err={err} />
          </Stack>
        </Collapse>
        <ErrorAlert error={formError(save.error, formFields(f))} title={monitor ? 'Monitor not saved' : 'Monitor not added'} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} leftSection={monitor ? undefined : <IconPlus size={18} />}>
            {monitor ? 'Save monitor' : 'Add monitor'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
