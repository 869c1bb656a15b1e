import { Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { TokensPanel } from '../tokens/TokensPanel';
import { useMe } from '../session/api';
import { RoleBadge } from '../users/RoleBadge';
import { ContactsPanel } from './ContactsPanel';
import { PasswordForm } from './PasswordForm';
import { ProfileForm } from './ProfileForm';
import { PushDevice } from './PushDevice';

/** My profile: name, time zone, password, how I am reached, and my API tokens. */
export function ProfilePage() {
  useDocumentTitle('My profile · Tocsin');
  const me = useMe();
  if (!me) return null;
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          My profile
        </Title>
        <Group gap="xs" mt={4}>
          <Text c="dimmed" size="sm" style={{ overflowWrap: 'anywhere' }}>
            {me.email}
          </Text>
          <RoleBadge role={me.role} />
        </Group>
      </div>
      {/* How you are reached comes first (on a phone, at the top): it is what someone sent here
          by a "cannot be paged" badge comes to fix, and what matters the night a page is due. */}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <ContactsPanel />
            <PushDevice />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <ProfileForm key={me.updated_at} me={me} />
            <PasswordForm me={me} />
            <TokensPanel />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
