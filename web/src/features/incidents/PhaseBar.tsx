import { Box, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useNow } from '../../ui/useNow';
import { formatDuration, incidentPhases, type PhaseKind } from './phases';
import type { Incident } from './types';

const PHASE_COLOR: Record<PhaseKind, string> = {
  undetected: 'grape',
  triggered: 'red',
  acknowledged: 'orange',
  mitigated: 'blue',
};

/**
 * How long each phase took, as a picture: one bar from impact to resolution, each segment as
 * long as the phase. An open incident's last segment is striped and grows every 30 s.
 */
export function PhaseBar({ incident }: { incident: Incident }) {
  const now = useNow(30_000);
  const t = incidentPhases(incident, now);
  if (!t.phases.length) return null;
  return (
    <Paper withBorder radius="md" p="md" data-testid="phase-bar">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" align="baseline">
          <Title order={2} size="h4">
            Phases
          </Title>
          <Text size="sm" c="dimmed" data-testid="phase-total">
            {t.running ? 'open for ' : 'took '}
            <Text span inherit fw={600} c="var(--mantine-color-text)">
              {formatDuration(t.totalMs)}
            </Text>
          </Text>
        </Group>
        <Box role="img" aria-label={t.summary} data-testid="phase-summary">
          <Progress.Root size={18} radius="sm" aria-hidden>
            {t.phases.map((p, k) =>
              p.width > 0 ? (
                <Progress.Section key={k} value={p.width} color={PHASE_COLOR[p.kind]} striped={p.running} animated={p.running} title={p.label} />
              ) : null,
            )}
          </Progress.Root>
        </Box>
        <Group component="ol" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-hidden>
          {t.phases.map((p, k) => (
            <Group component="li" key={k} gap={6} wrap="nowrap" data-testid="phase" data-phase={p.kind} data-running={p.running || undefined}>
              <Box w={10} h={10} style={{ borderRadius: 2, flex: 'none' }} bg={PHASE_COLOR[p.kind]} />
              <Text size="sm" fw={p.running ? 600 : undefined}>
                {p.label}
              </Text>
            </Group>
          ))}
        </Group>
      </Stack>
    </Paper>
  );
}
