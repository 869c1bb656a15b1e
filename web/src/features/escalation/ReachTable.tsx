import { Badge, Table, Text } from '@mantine/core';
import type { Reach } from './api';

const condition = (severities: string[] | null) => (severities ? `${severities.join(', ')} only` : 'Every severity');

/** Each tier: when it fires, for which severities, its targets and whom it would reach now. */
export function ReachTable({ reach }: { reach: Reach }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped aria-label="Tiers and who they reach">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Tier</Table.Th>
            <Table.Th>After</Table.Th>
            <Table.Th>When</Table.Th>
            <Table.Th>Targets</Table.Th>
            <Table.Th>Reaches now</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reach.tiers.map((t) => (
            <Table.Tr key={t.position} data-testid="tier">
              <Table.Td>{t.position}</Table.Td>
              <Table.Td>{t.delay_minutes} min</Table.Td>
              <Table.Td>{condition(t.severities)}</Table.Td>
              <Table.Td>{t.targets.map((x) => x.name ?? `${x.kind} (gone)`).join(', ')}</Table.Td>
              <Table.Td>
                {t.people.length ? (
                  t.people.map((p) => p.user_name).join(', ')
                ) : (
                  <Badge color="red" variant="light" style={{ textTransform: 'none' }}>
                    Nobody: {t.targets.map((x) => x.gap).filter(Boolean).join('; ')}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {reach.tiers.length === 0 && <Text c="dimmed">No tiers.</Text>}
    </Table.ScrollContainer>
  );
}
