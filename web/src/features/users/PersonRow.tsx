import { Badge, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link } from 'react-router';
import { notifications } from '@mantine/notifications';
import { errorMessage } from '../../app/api';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { PersonTime } from '../../ui/PersonTime';
import { assignableRoles, canDeactivate, canEditPerson, canReactivate, canSetPassword } from '../session/permissions';
import type { Role, User } from '../session/types';
import { useDeactivateUser, useReactivateUser, useUpdateUser } from './api';
import { EditPersonModal } from './EditPersonModal';
import type { PendingInvitation } from './invite-api';
import { RoleBadge } from './RoleBadge';
import type { Readiness } from '../profile/contactsApi';
import { problemsInShort } from '../profile/readiness';
import { SetPasswordModal } from './SetPasswordModal';

/** One person: who, how to reach them (and, said in red, when a page cannot), their local time; admins change the role, set a password, deactivate or reactivate. */
export function PersonRow({ person: p, me, now, invitation, readiness }: { person: User; me: User | null; now: number; invitation?: PendingInvitation; readiness?: Readiness }) {
  const update = useUpdateUser();
  const deactivate = useDeactivateUser();
  const reactivate = useReactivateUser();
  const roles = me && !p.deactivated_at && p.id !== me.id ? assignableRoles(me.role, p.role) : [];
  const changeRole = (role: Role) =>
    update.mutate(
      { id: p.id, patch: { role } },
      { onError: (err) => notifications.show({ color: 'red', title: 'Role not changed', message: errorMessage(err) }) },
    );
  const [settingPassword, passwordModal] = useDisclosure(false);
  const [editing, editModal] = useDisclosure(false);
  const mayEdit = !!me && canEditPerson(me, p);
  const mayDeactivate = !!me && canDeactivate(me, p);
  const maySetPassword = !!me && canSetPassword(me, p);
  const mayReactivate = !!me && canReactivate(me, p);
  const mine = me?.id === p.id;
  // Whom a high-urgency page would not reach (deactivated people are paged by nobody anyway).
  const unreachable = !p.deactivated_at && readiness && !readiness.high.reachable ? readiness : null;
  const shownRole = update.isPending && update.variables?.patch.role ? update.variables.patch.role : p.role;

  return (
    <Paper withBorder radius="md" p="sm" data-testid="person-row" opacity={p.deactivated_at ? 0.6 : 1}>
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 220px' }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
              {p.name}
            </Text>
            {roles.length === 0 && <RoleBadge role={p.role} />}
            {p.deactivated_at && (
              <Badge size="sm" color="gray" variant="outline">
                deactivated
              </Badge>
            )}
            {invitation && (
              <Badge size="sm" color={invitation.expired ? 'orange' : 'blue'} variant="light" title={invitation.expired ? 'The invitation link expired: invite again' : 'Has not set a password yet'}>
                {invitation.expired ? 'invitation expired' : 'invited'}
              </Badge>
            )}
            {unreachable && <CannotBePaged readiness={unreachable} mine={mine} />}
            {mine && (
              <Badge size="sm" variant="dot">
                you
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {p.email}
          </Text>
          <PersonTime zone={p.time_zone} now={now} />
          {unreachable && (
            // Said in words, not only in the badge's title: a phone has no hover.
            <Text size="xs" c="red" data-testid="person-unreachable-why">
              High-urgency pages would not reach {mine ? 'you' : 'them'}: {problemsInShort(unreachable.high.problems)}
            </Text>
          )}
        </Stack>
        {(roles.length > 0 || mayEdit || mayDeactivate || maySetPassword || mayReactivate) && (
          <Group gap="xs" wrap="wrap">
            {roles.length > 0 && (
              <Select
                aria-label={`Role of ${p.name}`}
                size="xs"
                w={120}
                allowDeselect={false}
                data={roles}
                value={shownRole}
                disabled={update.isPending}
                onChange={(v) => v && v !== p.role && changeRole(v as Role)}
              />
            )}
            {mayEdit && (
              <Button size="xs" variant="default" aria-label={`Edit ${p.name}`} onClick={editModal.open}>
                Edit
              </Button>
            )}
            {maySetPassword && (
              <Button size="xs" variant="default" aria-label={`Set password for ${p.name}`} onClick={passwordModal.open}>
                Set password
              </Button>
            )}
            {mayDeactivate && (
              <ConfirmButton
                size="xs"
                label="Deactivate"
                aria-label={`Deactivate ${p.name}`}
                title={`Deactivate ${p.name}?`}
                message={`${p.name} will be signed out everywhere and their API tokens revoked. Their name stays in incident history.`}
                action={() => deactivate.mutateAsync(p.id)}
              />
            )}
            {mayReactivate && (
              <Button
                size="xs"
                variant="light"
                aria-label={`Reactivate ${p.name}`}
                loading={reactivate.isPending}
                onClick={() =>
                  reactivate.mutate(p.id, {
                    onSuccess: () => notifications.show({ color: 'green', message: `${p.name} can sign in again` }),
                    onError: (err) => notifications.show({ color: 'red', title: 'Not reactivated', message: errorMessage(err) }),
                  })
                }
              >
                Reactivate
              </Button>
            )}
          </Group>
        )}
      </Group>
      {mayEdit && <EditPersonModal person={p} opened={editing} onClose={editModal.close} />}
      {maySetPassword && <SetPasswordModal person={p} opened={settingPassword} onClose={passwordModal.close} />}
    </Paper>
  );
}

/** Red where a high-urgency page would not reach the person (why is said beneath); your own leads to your profile, where it is fixed. */
function CannotBePaged({ readiness, mine }: { readiness: Readiness; mine: boolean }) {
  const look = { size: 'sm', color: 'red', variant: 'light', 'data-testid': 'person-unreachable', title: readiness.high.problems.map((x) => x.message).join('; ') } as const;
  return mine ? (
    <Badge {...look} component={Link} to="/profile" style={{ cursor: 'pointer' }}>
      cannot be paged
    </Badge>
  ) : (
    <Badge {...look}>cannot be paged</Badge>
  );
}
