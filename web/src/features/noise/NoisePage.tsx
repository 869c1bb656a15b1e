import { Box, Center, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { StaticSegmentedControl } from '../../ui/StaticSegmentedControl';
import { useMe } from '../session/api';
import { roleAtLeast } from '../session/permissions';
import { type NoiseRow, useNoiseReport } from './api';
import { NoiseChart } from './NoiseChart';
import { eventCount, shortDuration, sourceBars, sourceLabel } from './noiseChart';
import { SuppressionRules } from './SuppressionRules';

const RANGES = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
];

const rowKey = (r: NoiseRow) => `${r.source}|${r.source_ref}|${r.alert_class}`;

/** A table where there is room; on a phone a card per row, since eight columns only scrolled out of sight there. */
function NoiseTable({ rows }: { rows: NoiseRow[] }) {
  return (
    <>
      <Box visibleFrom="sm">
        <WideNoiseTable rows={rows} />
      </Box>
      <Stack gap="xs" hiddenFrom="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Alerts per source and class">
        {rows.map((r) => (
          <Paper key={rowKey(r)} component="li" withBorder radius="sm" p="sm" data-testid="noise-card">
            <Text fw={600} size="sm">
              {r.alert_class} · {sourceLabel(r)}
            </Text>
            <Text size="sm">
              Fired {r.fired}, acknowledged {r.acknowledged}, acted on {r.acted_on}, resolved by themselves {r.self_resolved}
            </Text>
            <Text size="sm" c="dimmed">
              {eventCount(r.events)} · median open {shortDuration(r.median_open_ms)}
            </Text>
          </Paper>
        ))}
      </Stack>
    </>
  );
}

function WideNoiseTable({ rows }: { rows: NoiseRow[] }) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped aria-label="Alerts per source and class">
        <Table.Thead>
          <Table.Tr>
            {['Source', 'Class', 'Fired', 'Acknowledged', 'Acted on', 'Resolved by themselves', 'Events', 'Median open'].map((h) => (
              <Table.Th key={h}>{h}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={rowKey(r)}>
              <Table.Td>{sourceLabel(r)}</Table.Td>
              <Table.Td>{r.alert_class}</Table.Td>
              <Table.Td>{r.fired}</Table.Td>
              <Table.Td>{r.acknowledged}</Table.Td>
              <Table.Td>{r.acted_on}</Table.Td>
              <Table.Td>{r.self_resolved}</Table.Td>
              <Table.Td>{r.events}</Table.Td>
              <Table.Td>{shortDuration(r.median_open_ms)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The noise report: "every alert that fires should either require action or be removed". */
export function NoisePage() {
  useDocumentTitle('Alert noise · Tocsin');
  const me = useMe();
  const [days, setDays] = useState('30');
  const report = useNoiseReport(Number(days));
  const r = report.data;
  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Alert noise
        </Title>
        <StaticSegmentedControl aria-label="Range" data={RANGES} value={days} onChange={setDays} />
      </Group>
      <ErrorAlert error={report.error} title="Could not load the noise report" />
      {report.isPending || !r ? (
        <Center py="xl">
          <Loader />
        </Center>
      ) : (
        <>
          <Text>
            {r.totals.fired} alerts fired, {r.totals.handled} acted on, {r.totals.ignored} ignored; {r.totals.events} events absorbed.
          </Text>
          <Paper withBorder p="md">
            <NoiseChart bars={sourceBars(r.items)} />
          </Paper>
          <section aria-labelledby="candidates-heading">
            <Title order={2} size="h4" id="candidates-heading" mb="xs">
              Candidates for removal
            </Title>
            {r.removal_candidates.length === 0 ? (
              <Text c="dimmed">None: every alert that fired often was acted on.</Text>
            ) : (
              <Stack gap={4} component="ol" m={0} aria-label="Candidates for removal">
                {r.removal_candidates.map((c) => (
                  <li key={`${c.source}|${c.source_ref}|${c.alert_class}`}>
                    <Text span fw={600}>
                      {c.alert_class}
                    </Text>{' '}
                    from {sourceLabel(c)}: {c.reason}
                  </li>
                ))}
              </Stack>
            )}
          </section>
          <section aria-labelledby="table-heading">
            <Title order={2} size="h4" id="table-heading" mb="xs">
              Per source and class
            </Title>
            {r.items.length ? <NoiseTable rows={r.items} /> : <Text c="dimmed">No alerts fired in this range.</Text>}
          </section>
          {me && roleAtLeast(me.role, 'admin') && <SuppressionRules />}
        </>
      )}
    </Stack>
  );
}
