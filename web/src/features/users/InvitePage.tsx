import { Alert, Button, Center, Loader, PasswordInput, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../app/api';
import { AuthCard } from '../../ui/AuthCard';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldError, formError } from '../../ui/fieldErrors';
import { useAcceptInvitation, useInvitation } from './invite-api';

const MIN = 8;

/** The one-time invitation link: the invited person sets their password and is signed in. */
export function InvitePage() {
  useDocumentTitle('Join Tocsin · Tocsin');
  const { token = '' } = useParams();
  const invitation = useInvitation(token);
  const accept = useAcceptInvitation(token);
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [shortTried, setShortTried] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password.length < MIN) return setShortTried(true);
    accept.mutate(password, { onSuccess: () => navigate('/incidents', { replace: true }) });
  };

  if (invitation.isPending) {
    return (
      <AuthCard title="Join Tocsin">
        <Center py="md">
          <Loader aria-label="Loading the invitation" />
        </Center>
      </AuthCard>
    );
  }
  const data = invitation.data;
  if (!data?.valid) {
    const gone = invitation.error instanceof ApiError && invitation.error.status === 404;
    return (
      <AuthCard title="Join Tocsin">
        {invitation.error && !gone ? (
          <ErrorAlert error={invitation.error} title="Could not open the invitation" />
        ) : (
          <Alert color="yellow" variant="light" title={gone ? 'This link no longer works' : 'This invitation has expired'}>
            {gone ? 'It was used already or replaced by a newer invitation.' : 'Invitations work for 7 days.'} Ask an admin to invite you again.
          </Alert>
        )}
        <Text size="sm">
          Already have a password? <Link to="/sign-in">Sign in</Link>
        </Text>
      </AuthCard>
    );
  }

  const tooShort = shortTried && password.length < MIN ? `Use at least ${MIN} characters.` : undefined;
  return (
    <AuthCard title={`Welcome, ${data.name}`} subtitle={`Choose a password for ${data.email}. This link works once.`}>
      <form onSubmit={submit} noValidate aria-label="Choose your password">
        <Stack gap="sm">
          <PasswordInput
            label="Password"
            autoComplete="new-password"
            required
            autoFocus
            description="At least 8 characters; a long passphrase is easiest to type at 3 AM."
            error={tooShort ?? fieldError(accept.error, 'password', { password: `Use at least ${MIN} characters.` })}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <ErrorAlert error={formError(accept.error, ['password'])} title="Could not set your password" />
          <Button type="submit" loading={accept.isPending} fullWidth mt="xs">
            Set password and sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
