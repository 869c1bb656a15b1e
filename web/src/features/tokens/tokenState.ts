import type { ApiToken } from './api';

export type TokenState = 'active' | 'expired' | 'revoked';

/** Revoked wins over expired: it says someone acted. */
export function tokenState(t: Pick<ApiToken, 'expires_at' | 'revoked_at'>, now: number): TokenState {
  if (t.revoked_at) return 'revoked';
  if (t.expires_at && Date.parse(t.expires_at) <= now) return 'expired';
  return 'active';
}

export const TOKEN_STATE_COLOR: Record<TokenState, string> = { active: 'green', expired: 'orange', revoked: 'gray' };

/** Expiry choices: a number of days from now, or never. */
export const EXPIRY_CHOICES = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
] as const;

export function expiryFrom(choice: string, now: number): string | undefined {
  const days = Number(choice);
  return Number.isFinite(days) && days > 0 ? new Date(now + days * 86_400_000).toISOString() : undefined;
}
