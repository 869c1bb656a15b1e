/** The file of a `sqlite:` database URL (`sqlite:./data/tocsin.db`, `sqlite:///abs/path.db`, `sqlite::memory:`). Kept apart from ./index.ts so that reading the configuration does not load the database drivers. */
export function sqlitePath(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/, '');
}
