import type { App, AppDeps } from '../http/deps.js';

export function teamRoutes(_app: App, _deps: AppDeps): void {
  // filled in by the teams work
}
