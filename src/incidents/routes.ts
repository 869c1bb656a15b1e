import type { App, AppDeps } from '../http/deps.js';

export function incidentRoutes(_app: App, _deps: AppDeps): void {
  // filled in by the incidents work
}
