import type { App, AppDeps } from '../http/deps.js';

export function userRoutes(_app: App, _deps: AppDeps): void {
  // filled in by the users work
}
