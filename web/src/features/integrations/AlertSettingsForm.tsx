import { Button, Group, NumberInput, Select, Stack, TagsInput, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldError } from '../../ui/fieldErrors';
import { type AlertSettings, type SeverityMap, useAlertSettings, useSetAlertSettings, useSetSeverityMap, useSeverityMap } from './api';

const SENDER_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
const MAPPED = [
  { value: 'SEV-1', label: 'SEV-1' },
  { value: 'SEV-2', label: 'SEV-2' },
  { value: 'SEV-3', label: 'SEV-3' },
  { value: 'SEV-4', label: 'SEV-4' },
  { value: 'none', label: 'No incident' },
];
const ON_RESOLVED = [
  { value: 'resolve', label: 'Resolve the incident' },
  { value: 'mitigate', label: 'Mark it mitigated; people resolve it' },
];

/** How the service's alerts become incidents: the severity map and the grouping settings. Admins edit; others read. */
export function AlertSettingsSection({ serviceId, admin }: { serviceId: string; admin: boolean }) {
  const map = useSeverityMap(serviceId);
  const settings = useAlertSettings(serviceId);
  return (
    <Stack gap="xs" component="section" aria-labelledby="alert-settings">
      <Title order={3} size="h5" id="alert-settings">
        How alerts become incidents
      </Title>
      <ErrorAlert error={map.error ?? settings.error} title="Could not load the alert settings" />
      {map.data && settings.data && <SettingsForm serviceId={serviceId} admin={admin} map={map.data} settings={settings.data} />}
    </Stack>
  );
}

function SettingsForm({ serviceId, admin, map, settings }: { serviceId: string; admin: boolean; map: SeverityMap; settings: AlertSettings }) {
  const saveMap = useSetSeverityMap(serviceId);
  const saveSettings = useSetAlertSettings(serviceId);
  const [severities, setSeverities] = useState(map);
  const [windowMinutes, setWindowMinutes] = useState<number | string>(settings.grouping_window_minutes);
  const [labels, setLabels] = useState(settings.grouping_labels);
  const [onResolved, setOnResolved] = useState(settings.on_all_alerts_resolved);
  const [saved, setSaved] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    await saveMap.mutateAsync(severities);
    await saveSettings.mutateAsync({ grouping_window_minutes: Number(windowMinutes), grouping_labels: labels, on_all_alerts_resolved: onResolved });
    setSaved(true);
  };
  const readOnly = !admin;
  return (
    <form onSubmit={(e) => void submit(e).catch(() => undefined)} aria-label="Alert settings" noValidate>
      <Stack gap="xs">
        <Group gap="sm" wrap="wrap" role="group" aria-label="Severity map">
          {SENDER_SEVERITIES.map((s) => (
            <Select
              key={s}
              label={`Sender ${s}`}
              w={140}
              allowDeselect={false}
              readOnly={readOnly}
              data={MAPPED}
              value={severities[s]}
              error={fieldError(saveMap.error, s)}
              onChange={(v) => v && setSeverities((m) => ({ ...m, [s]: v as SeverityMap[typeof s] }))}
            />
          ))}
        </Group>
        <Group gap="sm" wrap="wrap" align="flex-start">
          <NumberInput
            label="Grouping window (minutes)"
            description="A new alert joins an incident opened this recently"
            w={220}
            min={1}
            max={10080}
            readOnly={readOnly}
            value={windowMinutes}
            error={fieldError(saveSettings.error, 'grouping_window_minutes')}
            onChange={setWindowMinutes}
          />
          <TagsInput
            label="Group by labels"
            description="Alerts with other values open their own incident"
            placeholder={readOnly ? undefined : 'e.g. cluster'}
            w={260}
            readOnly={readOnly}
            value={labels}
            error={fieldError(saveSettings.error, 'grouping_labels')}
            onChange={setLabels}
          />
          <Select
            label="When all its alerts resolve"
            w={280}
            allowDeselect={false}
            readOnly={readOnly}
            data={ON_RESOLVED}
            value={onResolved}
            onChange={(v) => v && setOnResolved(v as AlertSettings['on_all_alerts_resolved'])}
          />
        </Group>
        <ErrorAlert error={saveMap.error ?? saveSettings.error} title="Could not save the alert settings" />
        {admin && (
          <Group gap="sm">
            <Button type="submit" size="compact-md" loading={saveMap.isPending || saveSettings.isPending}>
              Save alert settings
            </Button>
            {saved && (
              <Text size="sm" c="green.8" role="status">
                Saved
              </Text>
            )}
          </Group>
        )}
      </Stack>
    </form>
  );
}
