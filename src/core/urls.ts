/**
 * A URL's scheme and host only, for showing where something goes without what follows: a
 * gateway's or a heartbeat service's URL carries its credentials in the path or query.
 * Placeholders (`{{to}}`, `{status}`) are allowed anywhere.
 */
export function hostOf(url: string): string {
  try {
    const u = new URL(url.replace(/\{\{\s*\w+\s*\}\}|\{\w+\}/g, 'x'));
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'an unreadable URL';
  }
}
