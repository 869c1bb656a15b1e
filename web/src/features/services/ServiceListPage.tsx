import { Button, Center, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useMe } from '../session/api';
import { canManageCatalog } from '../session/permissions';
import { useTeams } from '../teams/api';
import { useServices } from './api';
import { ServiceFormModal } from './ServiceFormModal';
import { ServiceRow } from './ServiceRow';
import { usePolicies } from '../escalation/api';

/** The service catalog: what exists, who owns it, where its runbook is. */
export function ServiceListPage() {
  useDocumentTitle('Services · Tocsin');
  const me = useMe();
  const services = useServices();
  const teams = useTeams();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [creating, createModal] = useDisclosure(false);
  const admin = !!me && canManageCatalog(me.role);
  const teamName = new Map((teams.data ?? []).map((t) => [t.id, t.name]));
  const q = search.trim().toLowerCase();
  const items = (services.data ?? []).filter((s) => !q || s.name.toLowerCase().includes(q));
  const escalated = useEscalatedServices();

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="nowrap">
        <Title order={1} size="h2">
          Services
        </Title>
        {admin && (
          <Button leftSection={<IconPlus size={18} />} onClick={createModal.open}>
            New service
          </Button>
        )}
      </Group>
      <TextInput aria-label="Search services" placeholder="Search by name" leftSection={<IconSearch size={16} />} value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
      <ErrorAlert error={services.error} title="Could not load services" />
      {services.isPending ? (
        <Center py="xl">
          <Loader />
        </Center>
      ) : items.length ? (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Services">
          {items.map((s) => (
            <li key={s.id}>
              <ServiceRow service={s} teamName={s.owner_team_id ? (teamName.get(s.owner_team_id) ?? null) : null} escalated={escalated?.has(s.id)} />
            </li>
          ))}
        </Stack>
      ) : (
        <Text c="dimmed" ta="center" py="xl">
          {q ? 'No service by that name.' : 'The catalog is empty.'}
        </Text>
      )}
      {admin && <ServiceFormModal opened={creating} onClose={createModal.close} onSaved={(s) => navigate(`/services/${s.id}`)} />}
    </Stack>
  );
}

/**
 * The services some escalation policy pages for, or undefined until known for all of them (a
 * second page of policies would leave some out, and a service would be wrongly said to page nobody).
 */
function useEscalatedServices(): Set<string> | undefined {
  const policies = usePolicies();
  const page = policies.data;
  return useMemo(() => (page && !page.next_cursor ? new Set(page.items.flatMap((p) => p.services.map((s) => s.id))) : undefined), [page]);
}
