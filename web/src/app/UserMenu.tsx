import { ActionIcon, Badge, Group, Stack, Text } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useSignOut } from '../features/session/api';
import type { User } from '../features/session/types';
import { Hint } from '../ui/Hint';

/** The signed-in person, their role, and the way out. */
export function UserMenu({ user }: { user: User }) {
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <Group gap="xs" wrap="nowrap" data-testid="current-user">
      <Stack gap={0} align="flex-end" visibleFrom="xs">
        <Hint label="My profile and API tokens" align="end">
          <Text component={Link} to="/profile" size="sm" fw={600} lh={1.2} truncate="end" maw={160} c="inherit">
            {user.name}
          </Text>
        </Hint>
        <Badge size="xs" variant="light" color="gray" data-testid="current-user-role">
          {user.role}
        </Badge>
      </Stack>
      <Hint label={`Sign out ${user.name}`} align="end">
        <ActionIcon
          variant="default"
          size="lg"
          aria-label="Sign out"
          loading={signOut.isPending}
          onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/sign-in', { replace: true }) })}
        >
          <IconLogout size={18} />
        </ActionIcon>
      </Hint>
    </Group>
  );
}
