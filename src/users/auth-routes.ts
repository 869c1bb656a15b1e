import type { App, AppDeps } from '../http/deps.js';

export function authRoutes(_app: App, _deps: AppDeps): void {
  // filled in by the users work: sign-in, sign-out, me, first-run setup, tokens
}
