import { Alert, Anchor, List, Text } from '@mantine/core';
import { IconAlertOctagon } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { type ApiResponse, get } from '../../app/api';
import { roleAtLeast } from '../session/permissions';
import type { Role } from '../session/types';

type Health = ApiResponse<'/api/v1/watchdog/health', 'get'>;

/**
 * Shown on every screen while the server's last check found that pages may not reach people
 * (jobs overdue, pages waiting to leave, a whole channel failing, the database not answering):
 * the responder looking at an incident should know that "paged" may not mean reached.
 */
export function PagingHealthBanner({ role }: { role: Role }) {
  const health = useQuery({ queryKey: ['watchdog-health'], queryFn: () => get<Health>('/watchdog/health'), refetchInterval: 30_000 });
  const h = health.data;
  if (!h || h.healthy) return null;
  return (
    <Alert color="red" variant="filled" icon={<IconAlertOctagon size={20} />} title="Paging may not reach people" mb="md" role="alert">
      <List size="sm" c="white">
        {h.reasons.map((r) => (
          <List.Item key={r}>{r}</List.Item>
        ))}
      </List>
      <Text size="sm" mt={4} c="white">
        {roleAtLeast(role, 'admin') ? (
          <>
            See{' '}
            <Anchor component={Link} to="/channels#watchdog" c="white" underline="always">
              People → Channels
            </Anchor>{' '}
            to check again once it is fixed.
          </>
        ) : (
          'Tell an admin. Until it is fixed, phone anyone a page must reach.'
        )}
      </Text>
    </Alert>
  );
}
