import { Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconUsersPlus } from '@tabler/icons-react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useMe } from '../session/api';
import { canManageCatalog } from '../session/permissions';
import { useUserDirectory } from '../users/api';
import { useTeams } from './api';
import { TeamFormModal } from './TeamFormModal';
import { TeamRow } from './TeamRow';
import { useScrollToTeam } from './useScrollToTeam';

export function TeamListPage() {
  useDocumentTitle('Teams · Tocsin');
  const me = useMe();
  const teams = useTeams();
  const users = useUserDirectory();
  const [creating, createModal] = useDisclosure(false);
  const admin = !!me && canManageCatalog(me.role);
  useScrollToTeam(!!teams.data);
  const byId = new Map((users.data ?? []).map((u) => [u.id, u]));

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="nowrap">
        <Title order={1} size="h2">
          Teams
        </Title>
        {admin && (
          <Button leftSection={<IconUsersPlus size={18} />} onClick={createModal.open}>
            New team
          </Button>
        )}
      </Group>
      <ErrorAlert error={teams.error} title="Could not load teams" />
      {teams.isPending ? (
        <Center py="xl">
          <Loader />
        </Center>
      ) : teams.data?.length ? (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Teams">
          {teams.data.map((t) => (
            <li key={t.id}>
              <TeamRow team={t} people={byId} editable={admin} />
            </li>
          ))}
        </Stack>
      ) : (
        <Text c="dimmed" ta="center" py="xl">
          No teams yet.{admin ? ' Teams own services and are who gets called.' : ''}
        </Text>
      )}
      {admin && <TeamFormModal opened={creating} onClose={createModal.close} />}
    </Stack>
  );
}
