import { Badge, Box, Paper, Stack, Table, Text } from '@mantine/core';
import type { Reach } from './api';

const condition = (severities: string[] | null) => (severities ? `${severities.join(', ')} only` : 'Every severity');
type Tier = Reach['tiers'][number];
const targetsOf = (t: Tier) => t.targets.map((x) => x.name ?? `${x.kind} (gone)`).join(', ');

/** Whom a tier would reach now, or a red "Nobody" with why. */
function ReachesNow({ tier: t }: { tier: Tier }) {
  if (t.people.length) return <>{t.people.map((p) => p.user_name).join(', ')}</>;
  return (
    <Badge color="red" variant="light" style={{ textTransform: 'none', whiteSpace: 'normal', height: 'auto' }}>
      Nobody: {t.targets.map((x) => x.gap).filter(Boolean).join('; ')}
    </Badge>
  );
}

/**
 * Each tier: when it fires, for which severities, its targets and whom it would reach now. A table
 * from tablet width up; on a phone one box per tier, so that "reaches now" is not scrolled away.
 */
export function ReachTable({ reach }: { reach: Reach }) {
  return (
    <>
      <Box visibleFrom="sm">
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
                <Table.Td>{targetsOf(t)}</Table.Td>
                <Table.Td>
                  <ReachesNow tier={t} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Box>
      <Stack gap="xs" hiddenFrom="sm" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Tiers and who they reach">
        {reach.tiers.map((t) => (
          <Paper key={t.position} component="li" withBorder radius="sm" p="sm" data-testid="tier-card">
            <Text fw={600} size="sm">
              Tier {t.position} · {t.delay_minutes ? `after ${t.delay_minutes} min` : 'at once'} · {condition(t.severities)}
            </Text>
            <Text size="sm" c="dimmed">
              Targets: {targetsOf(t) || 'none'}
            </Text>
            <Text size="sm" component="div">
              Reaches now: <ReachesNow tier={t} />
            </Text>
          </Paper>
        ))}
      </Stack>
      {reach.tiers.length === 0 && <Text c="dimmed">No tiers.</Text>}
    </>
  );
}
