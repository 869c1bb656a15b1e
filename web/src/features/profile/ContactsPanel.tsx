import { Button, Center, Collapse, Divider, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { AddContactMethodForm } from './AddContactMethodForm';
import { ContactMethodRow } from './ContactMethodRow';
import { useContactMethods } from './contactsApi';
import { NotificationRulesEditor } from './NotificationRulesEditor';
import { ReadinessSummary } from './ReadinessSummary';

/** "How you are reached": contact methods (each verified by a code), rules, readiness and a test page. */
export function ContactsPanel() {
  const methods = useContactMethods();
  const [adding, add] = useDisclosure(false);
  const list = methods.data ?? [];
  const verified = list.filter((m) => m.verified && !m.disabled_at).length;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="reached-title">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id="reached-title">
            How you are reached
          </Title>
          <Button size="compact-md" leftSection={<IconPlus size={16} />} onClick={add.toggle} aria-expanded={adding} aria-controls="add-contact-method">
            Add method
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          Pages go only to verified methods, in the order your rules say.
        </Text>
        <Collapse expanded={adding} id="add-contact-method">
          <Paper withBorder radius="sm" p="sm" mb="xs">
            <AddContactMethodForm onAdded={add.close} />
          </Paper>
        </Collapse>
        <ErrorAlert error={methods.error} title="Could not load your contact methods" />
        {methods.isPending ? (
          <Center py="md">
            <Loader size="sm" aria-label="Loading your contact methods" />
          </Center>
        ) : list.length ? (
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Contact methods">
            {list.map((m) => (
              <li key={m.id}>
                <ContactMethodRow method={m} />
              </li>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            No contact methods yet: nobody can page you.
          </Text>
        )}
        <Divider />
        <NotificationRulesEditor methods={list} />
        <Divider />
        <ReadinessSummary verifiedCount={verified} />
      </Stack>
    </Paper>
  );
}
