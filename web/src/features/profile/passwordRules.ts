export const MIN_PASSWORD_LENGTH = 8;

/** What is wrong with a new password and its repetition, or null when it may be sent. */
export function passwordProblem(next: string, again: string): string | null {
  if (next.length < MIN_PASSWORD_LENGTH) return `At least ${MIN_PASSWORD_LENGTH} characters`;
  if (next !== again) return 'The two passwords differ';
  return null;
}
