import { PasswordInput } from '@mantine/core';
import { MIN_PASSWORD_LENGTH } from './passwordRules';

export interface NewPassword {
  next: string;
  again: string;
}

/** A new password typed twice; `problem` (from passwordProblem) shows once the second is typed. */
export function NewPasswordFields({ value, problem, onChange, autoFocus = false }: { value: NewPassword; problem: string | null; onChange: (v: NewPassword) => void; autoFocus?: boolean }) {
  return (
    <>
      <PasswordInput
        label="New password"
        description={`At least ${MIN_PASSWORD_LENGTH} characters`}
        autoComplete="new-password"
        data-autofocus={autoFocus || undefined}
        value={value.next}
        onChange={(e) => onChange({ ...value, next: e.currentTarget.value })}
      />
      <PasswordInput
        label="New password again"
        autoComplete="new-password"
        value={value.again}
        error={value.again && problem ? problem : undefined}
        onChange={(e) => onChange({ ...value, again: e.currentTarget.value })}
      />
    </>
  );
}
