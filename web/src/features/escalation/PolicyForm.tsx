import { ActionIcon, Button, Checkbox, Chip, Group, NumberInput, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { CatalogMultiPicker, CatalogPicker } from '../../ui/CatalogPicker';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldError, formError, nameTaken } from '../../ui/fieldErrors';
import type { Policy, PolicyInput } from './api';

// An escalation policy as a form: its name, owning team and repeat count, and its tiers in order,
// each with a delay, an optional severity condition and whom it reaches (people, whoever is on
// call in a schedule, a team's members, the incident commander). The API checks the rules (delays
// never go down, each tier reaches someone) and names the field; the error shows beside it.

const SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'] as const;
type Severity = (typeof SEVERITIES)[number];

interface TierDraft {
  /** Stable across edits, so React keeps each tier's pickers when one above is removed. */
  key: number;
  delay: number | string;
  severities: Severity[];
  users: string[];
  schedules: string[];
  teams: string[];
  commander: boolean;
  /** Targets deleted since the policy was saved (a schedule, a team ...): saving leaves them out. */
  gone: string[];
}

let nextKey = 1;
const emptyTier = (delay: number): TierDraft => ({ key: nextKey++, delay, severities: [], users: [], schedules: [], teams: [], commander: false, gone: [] });

function draftOf(p: Policy): TierDraft[] {
  return p.tiers.map((t) => {
    // A target deleted since (no name) is left out: saving drops it instead of being refused for it.
    const ids = (kind: string) => t.targets.filter((x) => x.kind === kind && x.id && x.name !== null).map((x) => x.id!);
    const gone = t.targets.filter((x) => x.kind !== 'incident_commander' && x.name === null).map((x) => `a ${x.kind === 'user' ? 'person' : x.kind}`);
    return { key: nextKey++, delay: t.delay_minutes, severities: (t.severities ?? []) as Severity[], users: ids('user'), schedules: ids('schedule'), teams: ids('team'), commander: t.targets.some((x) => x.kind === 'incident_commander'), gone };
  });
}

function toInput(f: { name: string; description: string; teamId: string | null; repeat: number | string }, tiers: TierDraft[]): PolicyInput {
  return {
    name: f.name.trim(),
    description: f.description.trim(),
    team_id: f.teamId,
    repeat_count: Number(f.repeat),
    tiers: tiers.map((t) => ({
      delay_minutes: Number(t.delay),
      severities: t.severities.length ? t.severities : null,
      targets: [
        ...t.users.map((id) => ({ kind: 'user' as const, id })),
        ...t.schedules.map((id) => ({ kind: 'schedule' as const, id })),
        ...t.teams.map((id) => ({ kind: 'team' as const, id })),
        ...(t.commander ? [{ kind: 'incident_commander' as const }] : []),
      ],
    })),
  };
}

const FIELDS = ['name', 'description', 'team_id', 'repeat_count', 'tiers'];

interface Props {
  /** The policy being changed; none: a new one. */
  policy?: Policy;
  saving: boolean;
  error: unknown;
  onSave: (input: PolicyInput) => void;
  onCancel: () => void;
  /** Clears the last refusal when the form changes. */
  onEdit: () => void;
}

export function PolicyForm({ policy, saving, error, onSave, onCancel, onEdit }: Props) {
  const [f, setF] = useState({ name: policy?.name ?? '', description: policy?.description ?? '', teamId: policy?.team_id ?? null, repeat: (policy?.repeat_count ?? 0) as number | string });
  const [tiers, setTiers] = useState<TierDraft[]>(() => (policy ? draftOf(policy) : [emptyTier(0)]));
  const set = (p: Partial<typeof f>) => (setF((prev) => ({ ...prev, ...p })), onEdit());
  const setTier = (key: number, p: Partial<TierDraft>) => (setTiers((prev) => prev.map((t) => (t.key === key ? { ...t, ...p } : t))), onEdit());
  // The API's words name the field for programs ("tiers.1.delay_minutes: 0 is before ..."); beside the field, the rest says it.
  const err = (field: string) => fieldError(error, field)?.replace(/^tiers\.\d+(\.[a-z_]+(\.\d+)?)?:?\s*/, '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!saving) onSave(toInput(f, tiers));
  };
  const last = tiers.at(-1);
  return (
    <form onSubmit={submit} aria-label={policy ? `Edit ${policy.name}` : 'New escalation policy'} noValidate>
      <Stack gap="md">
        <TextInput label="Name" required value={f.name} error={err('name') ?? nameTaken(error, 'escalation policy')} onChange={(e) => set({ name: e.currentTarget.value })} />
        <Group grow wrap="wrap" align="flex-start">
          <CatalogPicker path="/teams" label="Owning team" description="Told when a tier reaches nobody or a page fails" placeholder="No team" clearable value={f.teamId} error={err('team_id')} onChange={(teamId) => set({ teamId })} />
          <NumberInput label="Repeat" description="Times the whole policy runs again after its last tier" min={0} max={10} allowDecimal={false} value={f.repeat} error={err('repeat_count')} onChange={(repeat) => set({ repeat })} />
        </Group>
        <Textarea label="Description" autosize minRows={1} maxLength={5000} value={f.description} error={err('description')} onChange={(e) => set({ description: e.currentTarget.value })} />
        <Title order={2} size="h4">
          Tiers
        </Title>
        {fieldError(error, 'tiers') && !tiers.some((_, i) => fieldError(error, `tiers.${i}`)) && (
          <Text c="red" size="sm">
            {fieldError(error, 'tiers')}
          </Text>
        )}
        {tiers.map((t, i) => (
          <Paper key={t.key} withBorder radius="md" p="sm" component="fieldset" aria-label={`Tier ${i + 1}`} style={{ margin: 0 }}>
            <Stack gap="sm">
              <Group justify="space-between" wrap="nowrap" align="flex-end">
                <NumberInput
                  label={`Tier ${i + 1}: minutes after the incident opens`}
                  min={0}
                  max={10080}
                  allowDecimal={false}
                  value={t.delay}
                  error={err(`tiers.${i}.delay_minutes`)}
                  onChange={(delay) => setTier(t.key, { delay })}
                  style={{ flex: 1 }}
                />
                <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Remove tier ${i + 1}`} disabled={tiers.length === 1} onClick={() => (setTiers((prev) => prev.filter((x) => x.key !== t.key)), onEdit())}>
                  <IconTrash size={18} />
                </ActionIcon>
              </Group>
              <Stack gap={4}>
                <Text size="sm" fw={500} id={`sev-${t.key}`}>
                  Only for
                </Text>
                <Chip.Group multiple value={t.severities} onChange={(v) => setTier(t.key, { severities: v as Severity[] })}>
                  <Group gap="xs" role="group" aria-labelledby={`sev-${t.key}`}>
                    {SEVERITIES.map((s) => (
                      <Chip key={s} value={s} size="sm">
                        {s}
                      </Chip>
                    ))}
                  </Group>
                </Chip.Group>
                <Text size="xs" c="dimmed">
                  {t.severities.length ? `Fires only for ${t.severities.join(', ')}` : 'None chosen: fires for every severity'}
                </Text>
              </Stack>
              <CatalogMultiPicker path="/users" label="People" placeholder={t.users.length ? undefined : 'Type to search'} value={t.users} onChange={(users) => setTier(t.key, { users })} />
              <CatalogMultiPicker path="/schedules" label="Schedules" description="Whoever is on call in them at that moment" placeholder={t.schedules.length ? undefined : 'Type to search'} value={t.schedules} onChange={(schedules) => setTier(t.key, { schedules })} />
              <CatalogMultiPicker path="/teams" label="Teams" description="Every member" placeholder={t.teams.length ? undefined : 'Type to search'} value={t.teams} onChange={(teams) => setTier(t.key, { teams })} />
              <Checkbox label="The incident commander" checked={t.commander} onChange={(e) => setTier(t.key, { commander: e.currentTarget.checked })} />
              {t.gone.length > 0 && (
                <Text size="sm" c="orange">
                  Deleted since: {t.gone.join(', ')}. Saving leaves {t.gone.length === 1 ? 'it' : 'them'} out of this tier.
                </Text>
              )}
              {(err(`tiers.${i}.targets`) ?? err(`tiers.${i}.severities`)) && (
                <Text c="red" size="sm" role="alert">
                  {err(`tiers.${i}.targets`) ?? err(`tiers.${i}.severities`)}
                </Text>
              )}
            </Stack>
          </Paper>
        ))}
        <Group>
          <Button variant="light" leftSection={<IconPlus size={16} />} disabled={tiers.length >= 20} onClick={() => (setTiers((prev) => [...prev, emptyTier(Number(last?.delay ?? 0) + 5)]), onEdit())}>
            Add a tier
          </Button>
        </Group>
        <ErrorAlert error={formError(error, FIELDS)} title="Escalation policy not saved" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            {policy ? 'Save policy' : 'Create policy'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
