import { useDocumentTitle } from '@mantine/hooks';
import { Alert, Anchor, Button, Checkbox, Group, Paper, Select, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core';
import '@mantine/dates/styles.layer.css';
import { DateTimePicker } from '@mantine/dates';
import { IconFlame } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ServicePicker } from '../services/ServicePicker';
import { useSession } from '../session/api';
import { canDeclare } from '../session/permissions';
import { useDeclare } from './api';
import { ImpactFields } from './ImpactFields';
import { SOURCE_LABEL } from './presentation';
import { SeverityPicker } from './SeverityPicker';
import { DETECTION_SOURCES, type DeclareInput, type DetectionSource, type Impact, type Severity } from './types';

function toInput(f: FormState, me: string | undefined): DeclareInput {
  const impact = Object.fromEntries(Object.entries(f.impact).filter(([, v]) => v !== null && v !== '' && v !== undefined));
  return {
    title: f.title.trim(),
    severity: f.severity,
    detection_source: f.source,
    ...(f.serviceIds.length ? { service_ids: f.serviceIds } : {}),
    ...(f.startedAt ? { started_at: dayjs(f.startedAt).toISOString() } : {}),
    ...(Object.keys(impact).length ? { impact } : {}),
    ...(f.hypothesis.trim() ? { hypothesis: f.hypothesis.trim() } : {}),
    drill: f.drill,
    ...(f.takeCommand && me ? { commander_id: me } : {}),
  };
}

interface FormState {
  title: string;
  severity: Severity;
  source: DetectionSource;
  serviceIds: string[];
  startedAt: string | null;
  impact: Impact;
  hypothesis: string;
  drill: boolean;
  takeCommand: boolean;
}

const EMPTY: FormState = {
  title: '',
  severity: 'SEV-3',
  source: 'internal',
  serviceIds: [],
  startedAt: null,
  impact: {},
  hypothesis: '',
  drill: false,
  takeCommand: true,
};

export function DeclareIncidentPage() {
  const [f, setF] = useState<FormState>(EMPTY);
  const set = (patch: Partial<FormState>) => setF((prev) => ({ ...prev, ...patch }));
  useDocumentTitle('Declare an incident · Tocsin');
  const session = useSession();
  const declare = useDeclare();
  const navigate = useNavigate();

  if (session.data && !canDeclare(session.data.user.role)) return <NotForViewers />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!f.title.trim()) return;
    declare.mutate(toInput(f, session.data?.user.id), { onSuccess: (i) => navigate(`/incidents/${i.number}`) });
  };

  return (
    <Stack gap="md" maw={760}>
      <Title order={1} size="h2">
        Declare an incident
      </Title>
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }}>
        <form onSubmit={submit} aria-label="Declare an incident">
          <Stack gap="md">
            <TextInput
              label="Title"
              description="What users experience, in a few words"
              placeholder="Checkout returns 502"
              required
              autoFocus
              value={f.title}
              onChange={(e) => set({ title: e.currentTarget.value })}
            />
            <SeverityPicker value={f.severity} onChange={(severity) => set({ severity })} />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Select
                label="Detected by"
                description="How the problem was found"
                allowDeselect={false}
                value={f.source}
                onChange={(v) => v && set({ source: v as DetectionSource })}
                data={DETECTION_SOURCES.map((s) => ({ value: s, label: SOURCE_LABEL[s] }))}
              />
              <DateTimePicker
                label="Impact started at"
                description="Leave empty for now"
                placeholder="Now"
                clearable
                maxDate={new Date()}
                value={f.startedAt}
                onChange={(v) => set({ startedAt: v })}
              />
            </SimpleGrid>
            <ServicePicker label="Affected services" placeholder="Pick services" value={f.serviceIds} onChange={(serviceIds) => set({ serviceIds })} />
            <ImpactFields value={f.impact} onChange={(impact) => set({ impact })} />
            <Textarea label="Hypothesis" placeholder="What might be causing it?" autosize minRows={2} value={f.hypothesis} onChange={(e) => set({ hypothesis: e.currentTarget.value })} />
            <Group gap="lg">
              <Checkbox label="I am the incident commander" checked={f.takeCommand} onChange={(e) => set({ takeCommand: e.currentTarget.checked })} />
              <Checkbox label="This is a drill" checked={f.drill} onChange={(e) => set({ drill: e.currentTarget.checked })} />
            </Group>
            <ErrorAlert error={declare.error} title="Could not declare the incident" />
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/incidents">
                Cancel
              </Button>
              <Button type="submit" color="red" loading={declare.isPending} disabled={!f.title.trim()} leftSection={<IconFlame size={18} />}>
                Declare incident
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

/** A viewer who opened the form's address: told why there is no form, not refused after typing. */
function NotForViewers() {
  return (
    <Stack gap="md" maw={760}>
      <Title order={1} size="h2">
        Declare an incident
      </Title>
      <Alert color="yellow" title="Viewers cannot declare incidents" data-testid="declare-not-allowed">
        Ask a responder to declare it, or an admin to make you a responder. <Anchor component={Link} to="/incidents" c="inherit" underline="always">Back to incidents</Anchor>
      </Alert>
    </Stack>
  );
}
