import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { MonitorForm } from './MonitorForm';

/** Adding a monitor, on its own page so a link can lead straight to it. */
export function MonitorNewPage() {
  useDocumentTitle('Add a monitor · Tocsin');
  const navigate = useNavigate();
  return (
    <Stack gap="md" maw={760}>
      <Anchor component={Link} to="/monitors" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} /> All monitors
        </Group>
      </Anchor>
      <Stack gap={4}>
        <Title order={1} size="h2">
          Add a monitor
        </Title>
        <Text c="dimmed" size="sm">
          Paste the address to check and press Enter; it is checked every minute from every location.
        </Text>
      </Stack>
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }}>
        <MonitorForm onSaved={(m) => navigate(`/monitors/${m.id}`, { replace: true })} onCancel={() => navigate('/monitors')} />
      </Paper>
    </Stack>
  );
}
