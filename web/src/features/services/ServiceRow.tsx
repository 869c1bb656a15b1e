import { Anchor, Group, Paper, Stack, Text } from '@mantine/core';
import { IconBook } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Service } from './api';
import { TeamLink } from '../teams/TeamLink';
import { countLabel } from './catalog';

/** `escalated`: whether an escalation policy pages for it (undefined: not known yet). */
export function ServiceRow({ service: s, teamName, escalated }: { service: Service; teamName: string | null; escalated?: boolean }) {
  const team = s.owner_team_id && teamName ? <TeamLink id={s.owner_team_id} name={teamName} /> : null;
  return (
    <Paper withBorder radius="md" p="sm" data-testid="service-row">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 240px' }}>
          <Anchor component={Link} to={`/services/${s.id}`} fw={600} style={{ overflowWrap: 'anywhere' }}>
            {s.name}
          </Anchor>
          <Text size="sm" c="dimmed">
            {team ? <>Owned by {team}</> : 'No owner team'} · {countLabel(s.expert_ids.length, 'expert', 'experts')} ·{' '}
            {countLabel(s.dependency_ids.length, 'dependency', 'dependencies')}
          </Text>
          {escalated === false && (
            <Text size="sm" c="var(--mantine-color-orange-text)" fw={600} data-testid="service-no-policy">
              No escalation policy: its incidents page nobody
            </Text>
          )}
        </Stack>
        {s.runbook_url && (
          <Anchor href={s.runbook_url} target="_blank" rel="noreferrer" size="sm">
            <Group gap={4} wrap="nowrap">
              <IconBook size={16} /> Runbook
            </Group>
          </Anchor>
        )}
      </Group>
    </Paper>
  );
}
