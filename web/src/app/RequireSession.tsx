import { Button, Center, Loader, Stack } from '@mantine/core';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../features/session/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { AppLayout } from './AppLayout';

/** Signed in: the app. Not signed in: the sign-in page, coming back here afterwards. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) {
    return (
      <Center mih="100dvh">
        <Loader />
      </Center>
    );
  }
  if (session.error) {
    return (
      <Center mih="100dvh" p="md">
        <Stack maw={420}>
          <ErrorAlert error={session.error} title="Tocsin is not answering" />
          <Button onClick={() => session.refetch()}>Try again</Button>
        </Stack>
      </Center>
    );
  }
  if (!session.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <AppLayout user={session.data.user} />;
}
