import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * How tests start the `tocsin` command (CLI, `serve`, `probe`): `node bin/tocsin.js`, the built
 * bundle users run, which starts in a fraction of a second; compiling src with tsx at every start
 * took seconds per process. The integration setup rebuilds the bundle when src is newer.
 */
export const TOCSIN = ['bin/tocsin.js'];

/** Rebuilds dist/cli.js if any file under src changed since (esbuild, well under a second). */
export function ensureCliBundle(): void {
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--server'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('could not build the tocsin bundle (node scripts/build.mjs --server)');
}
