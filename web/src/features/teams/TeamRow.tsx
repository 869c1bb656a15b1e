import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { useTeamReadiness } from '../profile/contactsApi';
import type { User } from '../session/types';
import { type Team, useDeleteTeam } from './api';
import { TeamFormModal } from './TeamFormModal';
import { teamAnchor } from './TeamLink';
import { GroupReadinessLine } from '../profile/GroupReadinessLine';

export function TeamRow({ team: t, people, editable }: { team: Team; people: Map<string, User>; editable: boolean }) {
  const [editing, editModal] = useDisclosure(false);
  const remove = useDeleteTeam();
  const members = t.member_ids.map((id) => people.get(id)?.name ?? 'Unknown').sort((a, b) => a.localeCompare(b));
  return (
    <Paper withBorder radius="md" p="sm" data-testid="team-row" id={teamAnchor(t.id)} tabIndex={-1} aria-label={t.name} component="section">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 240px' }}>
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {t.name}
          </Text>
          {t.description && (
            <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {t.description}
            </Text>
          )}
          <Text size="sm" data-testid="team-members">
            {members.length ? `${members.length} ${members.length === 1 ? 'member' : 'members'}: ${members.join(', ')}` : 'No members'}
          </Text>
          {members.length > 0 && <TeamReadiness teamId={t.id} />}
        </Stack>
        {editable && (
          <Group gap="xs" wrap="nowrap">
            <Button size="xs" variant="default" onClick={editModal.open} aria-label={`Edit ${t.name}`}>
              Edit
            </Button>
            <ConfirmButton
              size="xs"
              label="Delete"
              aria-label={`Delete ${t.name}`}
              title={`Delete the team ${t.name}?`}
              message="Its services stay in the catalog without an owner team until you pick another."
              action={() => remove.mutateAsync(t.id)}
            />
          </Group>
        )}
      </Group>
      {editable && <TeamFormModal team={t} opened={editing} onClose={editModal.close} />}
    </Paper>
  );
}

/** Who in the team a high-urgency page would not reach, and why. */
function TeamReadiness({ teamId }: { teamId: string }) {
  return <GroupReadinessLine readiness={useTeamReadiness(teamId).data} testId="team-readiness" />;
}
