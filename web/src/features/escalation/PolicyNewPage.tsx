import { Anchor, Group, Paper, Stack, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useCreatePolicy } from './api';
import { PolicyForm } from './PolicyForm';

/** A new escalation policy, tier by tier; services choose it on their page. */
export function PolicyNewPage() {
  useDocumentTitle('New escalation policy · Tocsin');
  const navigate = useNavigate();
  const create = useCreatePolicy();
  return (
    <Stack gap="md" maw={760}>
      <Anchor component={Link} to="/escalation-policies" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} /> All escalation policies
        </Group>
      </Anchor>
      <Title order={1} size="h2">
        New escalation policy
      </Title>
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }}>
        <PolicyForm
          saving={create.isPending}
          error={create.error}
          onEdit={() => create.reset()}
          onCancel={() => navigate('/escalation-policies')}
          onSave={(input) => create.mutate(input, { onSuccess: (p) => navigate(`/escalation-policies/${p.id}`, { replace: true }) })}
        />
      </Paper>
    </Stack>
  );
}
