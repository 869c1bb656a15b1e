import { Paper, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { errorMessage } from '../../app/api';
import { CatalogMultiPicker, CatalogPicker } from '../../ui/CatalogPicker';
import { useAssignRole, useReleaseRole } from './api';
import { allows } from './lifecycle';
import type { Incident, IncidentRole } from './types';

/** Who is on it: one commander, any number of technical leads, one communications lead. */
export function RolesPanel({ incident }: { incident: Incident }) {
  const assign = useAssignRole(incident.id);
  const release = useReleaseRole(incident.id);
  const busy = assign.isPending || release.isPending;
  const readOnly = !allows(incident, 'assign_role');
  const onError = (err: unknown) => notifications.show({ color: 'red', title: 'Role not changed', message: errorMessage(err) });

  const setSingle = (role: IncidentRole, current: string | null, next: string | null) => {
    if (next === current) return;
    if (next) assign.mutate({ role, user_id: next }, { onError });
    else if (current) release.mutate({ role, user_id: current }, { onError });
  };
  const setLeads = (next: string[]) => {
    const current = incident.roles.technical_leads.map((p) => p.id);
    for (const id of next.filter((x) => !current.includes(x))) assign.mutate({ role: 'technical_lead', user_id: id }, { onError });
    for (const id of current.filter((x) => !next.includes(x))) release.mutate({ role: 'technical_lead', user_id: id }, { onError });
  };
  // People are searched on the server as you type; whoever holds a role shows by name.
  const held = [incident.roles.commander, incident.roles.communications_lead, ...incident.roles.technical_leads]
    .filter((p): p is NonNullable<typeof p> => !!p)
    .map((p) => ({ value: p.id, label: p.name }));
  // While a change is in flight, show the person just picked rather than the old holder.
  const shown = (role: IncidentRole, current: string | null) =>
    assign.isPending && assign.variables?.role === role ? assign.variables.user_id : release.isPending && release.variables?.role === role ? null : current;

  return (
    <Paper withBorder radius="md" p="md" data-testid="roles-panel">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Roles
        </Title>
        <CatalogPicker
          path="/users"
          label="Commander"
          description="Runs the response and makes the calls"
          placeholder={readOnly ? 'Nobody yet' : 'Nobody yet: take it'}
          clearable
          disabled={busy || readOnly}
          known={held}
          value={shown('commander', incident.roles.commander?.id ?? null)}
          onChange={(v) => setSingle('commander', incident.roles.commander?.id ?? null, v)}
        />
        <CatalogMultiPicker
          path="/users"
          label="Technical leads"
          placeholder={readOnly ? 'Nobody yet' : 'Who is fixing it'}
          disabled={busy || readOnly}
          known={held}
          value={incident.roles.technical_leads.map((p) => p.id)}
          onChange={setLeads}
        />
        <CatalogPicker
          path="/users"
          label="Communications lead"
          description="Keeps stakeholders and the status page current"
          placeholder="Nobody yet"
          clearable
          disabled={busy || readOnly}
          known={held}
          value={shown('communications_lead', incident.roles.communications_lead?.id ?? null)}
          onChange={(v) => setSingle('communications_lead', incident.roles.communications_lead?.id ?? null, v)}
        />
      </Stack>
    </Paper>
  );
}
