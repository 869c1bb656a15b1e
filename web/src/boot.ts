// The first script to run, on its own and imported by nothing: on the signed-in home it asks the
// server for what the first screen shows (who is signed in, the open incidents) while the app's
// code is still downloading, so the answers arrive alongside it rather than after it has started.
// The app takes these answers (app/api.ts, `takeEarly`) instead of asking again. No imports, so it
// runs as soon as it arrives (`async` in index.html), not after the app's module graph.

/** The answers on their way, by API path (`/me`); the app takes each once. */
export type EarlyAnswers = Map<string, Promise<Response>>;

declare global {
  interface Window {
    tocsinEarly?: EarlyAnswers;
  }
}

/**
 * The plain incident list's first page: what `incidentListQuery` asks for with the default filters
 * (the open view, 200 a page). Kept equal to it by web/src/boot.test.ts.
 */
export const HOME_INCIDENTS = '/incidents?status=triggered%2Cacknowledged%2Cmitigated&limit=200';

/** The API paths the first screen at this address will ask for. */
export function earlyPaths(pathname: string, search: string): string[] {
  if (pathname !== '/' && pathname !== '/incidents') return [];
  return search === '' ? ['/me', HOME_INCIDENTS] : ['/me'];
}

// When the app is already running (this script came late), it has asked for itself.
if (typeof window !== 'undefined' && !window.tocsinEarly) {
  const answers: EarlyAnswers = new Map();
  for (const path of earlyPaths(window.location.pathname, window.location.search)) {
    const answer = fetch(`/api/v1${path}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    answer.catch(() => undefined); // the app asks again when it takes a failed one
    answers.set(path, answer);
  }
  window.tocsinEarly = answers;
}
