import { useDocumentTitle } from '@mantine/hooks';
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { AuthCard } from '../../ui/AuthCard';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useSetup } from './api';

/** First run: the link in the server log carries a one-time token; this makes the owner account. */
export function SetupPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const setup = useSetup();
  useDocumentTitle('Set up · Tocsin');
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const time_zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    setup.mutate(
      { token, name: name.trim(), email: email.trim(), password, time_zone },
      { onSuccess: () => navigate('/incidents', { replace: true }) },
    );
  };

  return (
    <AuthCard title="Set up Tocsin" subtitle="Create the owner account. You can invite your team afterwards.">
      {!token && (
        <Alert color="yellow" variant="light" title="Setup link needed">
          Open the setup link printed in the server log when Tocsin first started; it carries a one-time token.
        </Alert>
      )}
      <form onSubmit={submit} noValidate aria-label="Create the owner account">
        <Stack gap="sm">
          <TextInput label="Your name" autoComplete="name" required autoFocus value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <TextInput label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <PasswordInput
            label="Password"
            autoComplete="new-password"
            required
            description="At least 8 characters; a long passphrase is easiest to type at 3 AM."
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <ErrorAlert error={setup.error} />
          <Button type="submit" loading={setup.isPending} disabled={!token || !name || !email || !password} fullWidth mt="xs">
            Create owner account
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
