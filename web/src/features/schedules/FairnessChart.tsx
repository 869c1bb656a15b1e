import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useOnCallReport } from './api';

const DAY = 86_400_000;

/**
 * Who carried the pager over the last 30 days: hours on call per person, with the nights and
 * weekends among them, as bars (the seed's "burnt-out on-call engineers"). Each bar says its
 * numbers in words too.
 */
export function FairnessChart() {
  const [to] = useState(() => Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const report = useOnCallReport(to - 30 * DAY, to);
  const items = report.data?.items ?? [];
  const most = Math.max(1, ...items.map((i) => i.hours));
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          On-call load, last 30 days
        </Title>
        <ErrorAlert error={report.error} title="Could not load the report" />
        {items.length === 0 && !report.isPending && (
          <Text size="sm" c="dimmed">
            Nobody was on call in the last 30 days.
          </Text>
        )}
        <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Hours on call per person">
          {items.map((i) => (
            <li key={i.user_id}>
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Text size="sm">{i.user_name ?? i.user_id}</Text>
                <Text size="xs" c="dimmed">
                  {Math.round(i.hours)} h · {Math.round(i.night_hours)} at night · {Math.round(i.weekend_hours)} weekend
                </Text>
              </Group>
              <div style={{ height: 12, background: 'var(--mantine-color-default-hover)', borderRadius: 4, overflow: 'hidden', display: 'flex' }} aria-hidden>
                <div style={{ width: `${(i.night_hours / most) * 100}%`, background: 'var(--mantine-color-indigo-9)' }} />
                <div style={{ width: `${(Math.max(0, i.hours - i.night_hours) / most) * 100}%`, background: 'var(--mantine-color-blue-5)' }} />
              </div>
            </li>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}
