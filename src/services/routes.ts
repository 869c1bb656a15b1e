import type { App, AppDeps } from '../http/deps.js';

export function serviceRoutes(_app: App, _deps: AppDeps): void {
  // filled in by the services work
}
