import { Anchor, Button, Center, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconBook, IconPencil } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ServiceEscalation } from '../escalation/ServiceEscalation';
import { IntegrationKeysPanel } from '../integrations/IntegrationKeysPanel';
import { ServiceMonitors } from '../monitors/ServiceMonitors';
import { ServiceChanges } from '../integrations/ServiceChanges';
import { ServicePagingSettings } from '../paging/ServicePagingSettings';
import { useMe } from '../session/api';
import { canManageCatalog, roleAtLeast } from '../session/permissions';
import { useTeams } from '../teams/api';
import { TeamLink } from '../teams/TeamLink';
import { useUserDirectory } from '../users/api';
import { useDeleteService, useService, useServices } from './api';
import { dependentsOf, whoToCall } from './catalog';
import { ServiceFormModal } from './ServiceFormModal';
import { ServiceIncidents } from './ServiceIncidents';
import { ServiceLinks } from './ServiceLinks';
import { WhoToCall } from './WhoToCall';

/** One service: who to call first, then the runbook, then what it touches. */
export function ServiceDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const service = useService(id);
  const services = useServices();
  const teams = useTeams();
  const users = useUserDirectory();
  const remove = useDeleteService();
  const navigate = useNavigate();
  const [editing, editModal] = useDisclosure(false);
  const s = service.data;
  useDocumentTitle(s ? `${s.name} · Services · Tocsin` : 'Service · Tocsin');
  if (service.isPending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  if (!s) return <ErrorAlert error={service.error} title="Service" />;
  const admin = !!me && canManageCatalog(me.role);
  const team = (teams.data ?? []).find((t) => t.id === s.owner_team_id) ?? null;
  const all = services.data ?? [];

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/services" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} /> All services
        </Group>
      </Anchor>
      <Stack gap={4}>
        <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }} data-testid="service-heading">
          {s.name}
        </Title>
        <Text c="dimmed" size="sm">
          {team ? (
            <>
              Owned by <TeamLink id={team.id} name={team.name} />
            </>
          ) : (
            'No owner team'
          )}
        </Text>
        {s.description && <Text style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{s.description}</Text>}
      </Stack>
      <Group gap="xs">
        {s.runbook_url ? (
          <Button component="a" href={s.runbook_url} target="_blank" rel="noreferrer" leftSection={<IconBook size={18} />} data-testid="runbook-link">
            Open runbook
          </Button>
        ) : (
          <Text size="sm" c="dimmed">
            No runbook linked.
          </Text>
        )}
        {admin && (
          <>
            <Button variant="default" leftSection={<IconPencil size={18} />} onClick={editModal.open}>
              Edit service
            </Button>
            <ConfirmButton
              label="Delete service"
              title={`Delete ${s.name}?`}
              message="It leaves the catalog. Services that incidents name cannot be deleted."
              action={() => remove.mutateAsync(s.id).then(() => navigate('/services', { replace: true }))}
            />
          </>
        )}
      </Group>
      <ServiceEscalation serviceId={s.id} admin={admin} />
      <ServicePagingSettings serviceId={s.id} admin={admin} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <WhoToCall contacts={whoToCall(s, teams.data ?? [], users.data ?? [])} teamName={team?.name ?? null} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <ServiceLinks dependencies={all.filter((x) => s.dependency_ids.includes(x.id))} dependents={dependentsOf(s.id, all)} />
        </Grid.Col>
      </Grid>
      <ServiceIncidents serviceId={s.id} />
      <ServiceMonitors serviceId={s.id} canAdd={!!me && roleAtLeast(me.role, 'responder')} />
      <ServiceChanges serviceId={s.id} serviceName={s.name} />
      <IntegrationKeysPanel serviceId={s.id} admin={admin} />
      {admin && <ServiceFormModal service={s} opened={editing} onClose={editModal.close} />}
    </Stack>
  );
}
