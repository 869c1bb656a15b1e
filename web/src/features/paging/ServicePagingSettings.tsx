import { Button, Chip, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldError, formError } from '../../ui/fieldErrors';
import { TimeZoneSelect } from '../../ui/TimeZoneSelect';
import { SEVERITIES } from '../incidents/types';
import { type PagingSettings, type UrgencySetting, useServicePaging, useSetServicePaging } from './api';
import { businessHoursSentence, ISO_DAYS, URGENCY_LOOK } from './settings';

// How urgent each severity is for a service (the seed: SEV-1/2 page at once, SEV-3 in business
// hours, SEV-4 is tracked only) and its business hours; everyone reads them, admins change them.

const URGENCIES: UrgencySetting[] = ['high', 'low', 'none'];

function SettingsForm({ serviceId, saved }: { serviceId: string; saved: PagingSettings }) {
  const [form, setForm] = useState(saved);
  const save = useSetServicePaging(serviceId);
  const hours = form.business_hours;
  const setHours = (patch: Partial<PagingSettings['business_hours']>) => setForm({ ...form, business_hours: { ...hours, ...patch } });
  const err = (f: string) => fieldError(save.error, `business_hours.${f}`);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(form, { onSuccess: (s) => (setForm(s), notifications.show({ color: 'teal', title: 'Paging settings saved', message: businessHoursSentence(s.business_hours) })) });
  };
  return (
    <form onSubmit={submit} aria-label="Paging settings">
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {SEVERITIES.map((sev) => (
            <Stack key={sev} gap={4}>
              <Text size="sm" fw={600} id={`urgency-${sev}`}>
                {sev}
              </Text>
              <SegmentedControl
                aria-labelledby={`urgency-${sev}`}
                size="xs"
                value={form.urgencies[sev]}
                onChange={(v) => setForm({ ...form, urgencies: { ...form.urgencies, [sev]: v as UrgencySetting } })}
                data={URGENCIES.map((u) => ({ value: u, label: URGENCY_LOOK[u].label }))}
              />
            </Stack>
          ))}
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          {URGENCIES.map((u) => `${URGENCY_LOOK[u].label}: ${URGENCY_LOOK[u].hint}`).join('. ')}.
        </Text>
        <Title order={3} size="h5">
          Business hours
        </Title>
        <TimeZoneSelect value={hours.time_zone} onChange={(v) => v && setHours({ time_zone: v })} error={err('time_zone')} />
        <Chip.Group multiple value={hours.days.map(String)} onChange={(v) => setHours({ days: v.map(Number).sort((a, b) => a - b) })}>
          <Group gap={6} role="group" aria-label="Business days">
            {ISO_DAYS.map((d) => (
              <Chip key={d.value} value={String(d.value)} size="sm">
                {d.short}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        {err('days') && (
          <Text c="red" size="sm">
            {err('days')}
          </Text>
        )}
        <Group grow>
          <TextInput type="time" label="Opens" value={hours.start} error={err('start')} onChange={(e) => setHours({ start: e.currentTarget.value })} />
          <TextInput type="time" label="Closes" value={hours.end} error={err('end')} onChange={(e) => setHours({ end: e.currentTarget.value })} />
        </Group>
        <ErrorAlert error={formError(save.error, ['business_hours'])} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} disabled={!hours.days.length}>
            Save paging settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A read-only summary for those who may not change it. */
function SettingsSummary({ s }: { s: PagingSettings }) {
  return (
    <Stack gap={4}>
      {SEVERITIES.map((sev) => (
        <Text key={sev} size="sm">
          <b>{sev}</b>: {URGENCY_LOOK[s.urgencies[sev]].hint}
        </Text>
      ))}
      <Text size="sm">{businessHoursSentence(s.business_hours)}</Text>
    </Stack>
  );
}

export function ServicePagingSettings({ serviceId, admin }: { serviceId: string; admin: boolean }) {
  const settings = useServicePaging(serviceId);
  return (
    <Paper withBorder radius="md" p="md" data-testid="service-paging" component="section" aria-labelledby="service-paging-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="service-paging-title">
          Paging
        </Title>
        <ErrorAlert error={settings.error} title="Could not load paging settings" />
        {settings.data && (admin ? <SettingsForm serviceId={serviceId} saved={settings.data} /> : <SettingsSummary s={settings.data} />)}
      </Stack>
    </Paper>
  );
}
