import { spawn, spawnSync } from 'node:child_process';
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

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tocsin args` as a child process with only `env`'s TOCSIN_* settings (no colour, UTC), as a person would. */
export function runTocsin(args: string[], env: Record<string, string>): Promise<CliRun> {
  const clean: NodeJS.ProcessEnv = { NO_COLOR: '1', TZ: 'UTC' };
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TOCSIN_')) clean[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TOCSIN, ...args], { cwd: ROOT, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
