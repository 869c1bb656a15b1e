import { Badge, Table, Text } from '@mantine/core';
import { When } from '../../ui/When';
import classes from './monitors.module.css';
import { formatLatency, locationStatus } from './presentation';
import type { LocationState } from './types';
import { Panel } from '../../ui/Panel';

/** Where it is checked from, and what each location saw last. On phones each row stacks. */
export function LocationTable({ states, now }: { states: LocationState[]; now: number }) {
  return (
    <Panel id="locations" title="Locations">
      {states.length === 0 ? (
        <Text c="dimmed" size="sm">
          No location checks it yet.
        </Text>
      ) : (
        <Table className={classes.stack} verticalSpacing="xs" data-testid="location-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Location</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Last check</Table.Th>
              <Table.Th>Latency</Table.Th>
              <Table.Th>Last message</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {states.map((l) => {
              const s = locationStatus(l);
              return (
                <Table.Tr key={l.location} data-testid="location-row">
                  <Table.Td data-label="Location" fw={600}>
                    {l.location}
                  </Table.Td>
                  <Table.Td data-label="Status">
                    <Badge variant="light" color={s.color} tt="none">
                      {s.label}
                    </Badge>
                  </Table.Td>
                  <Table.Td data-label="Last check">
                    <When iso={l.last_result_at} now={now} />
                  </Table.Td>
                  <Table.Td data-label="Latency">{formatLatency(l.last_latency_ms)}</Table.Td>
                  <Table.Td data-label="Last message" style={{ overflowWrap: 'anywhere' }}>
                    {l.last_message ?? '—'}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Panel>
  );
}
