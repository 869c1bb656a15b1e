import { Button, Center, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconBroadcast, IconMailPlus, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useNow } from '../../ui/useNow';
import { useMe } from '../session/api';
import { canManageCatalog } from '../session/permissions';
import { usePeople } from './api';
import { usePendingInvitations } from './invite-api';
import { InviteModal } from './InviteModal';
import { NewPersonModal } from './NewPersonModal';
import { PersonRow } from './PersonRow';
import { usePeopleReadiness } from '../profile/contactsApi';

/** Everyone who can sign in: role, time zone and the time where they are. */
export function PeoplePage() {
  useDocumentTitle('People · Tocsin');
  const me = useMe();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const people = usePeople(q);
  const now = useNow();
  const [adding, addModal] = useDisclosure(false);
  const [inviting, inviteModal] = useDisclosure(false);
  const admin = !!me && canManageCatalog(me.role);
  const items = people.data?.items ?? [];
  const invitations = usePendingInvitations(admin);
  const readiness = usePeopleReadiness(useMemo(() => items.filter((u) => !u.deactivated_at).slice(0, 100).map((u) => u.id), [items]));

  return (
    <Stack gap="md">
      {/* Title and the admin's buttons share a row where they fit, else the buttons go below. */}
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1} size="h2">
          People
        </Title>
        {admin && (
          <Group gap="xs">
            <Button leftSection={<IconMailPlus size={18} />} onClick={inviteModal.open}>
              Invite
            </Button>
            <Button variant="default" leftSection={<IconUserPlus size={18} />} onClick={addModal.open}>
              Add person
            </Button>
            {/* How pages reach these people: the channels' setup, beside who cannot be reached. */}
            <Button variant="default" component={Link} to="/channels" leftSection={<IconBroadcast size={18} />}>
              Channels
            </Button>
          </Group>
        )}
      </Group>
      <TextInput
        aria-label="Search people"
        placeholder="Search by name or email"
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
      />
      <ErrorAlert error={people.error} title="Could not load people" />
      {people.isPending ? (
        <Center py="xl">
          <Loader />
        </Center>
      ) : items.length === 0 ? (
        <Text c="dimmed" ta="center" py="xl">
          {q ? 'Nobody by that name.' : 'Nobody yet.'}
        </Text>
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="People">
          {items.map((u) => (
            <li key={u.id}>
              <PersonRow person={u} me={me} now={now} invitation={invitations.data?.get(u.id)} readiness={readiness.data?.get(u.id)} />
            </li>
          ))}
        </Stack>
      )}
      {people.data?.next_cursor && (
        <Text c="dimmed" size="sm" ta="center">
          Showing the first {items.length}; search to find others.
        </Text>
      )}
      {admin && me && <InviteModal opened={inviting} onClose={inviteModal.close} actorRole={me.role} />}
      {admin && me && <NewPersonModal opened={adding} onClose={addModal.close} actorRole={me.role} />}
    </Stack>
  );
}
