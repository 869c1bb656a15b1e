#!/usr/bin/env node
// Builds what is out of date: the server bundle (esbuild, ~0.2 s) and the web app (Vite).
// Runs on `npm install` (postinstall) and before `npm start`; `--force` rebuilds both.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');

function newest(paths) {
  let t = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else if (!/\.test\.tsx?$/.test(p)) t = Math.max(t, s.mtimeMs);
  };
  paths.forEach((p) => walk(join(root, p)));
  return t;
}

const mtime = (p) => (existsSync(join(root, p)) ? statSync(join(root, p)).mtimeMs : 0);

async function buildServer() {
  const out = 'dist/cli.js';
  if (!force && mtime(out) > newest(['src', 'package.json'])) return;
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(root, 'src/cli/main.ts')],
    outfile: join(root, out),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  console.log(`built ${out}`);
}

function buildWeb() {
  if (!existsSync(join(root, 'web/index.html'))) return;
  if (!force && mtime('web/dist/index.html') > newest(['web/src', 'web/index.html', 'web/vite.config.ts', 'web/public'])) return;
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: join(root, 'web'), stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log('built web/dist');
}

try {
  await buildServer();
  buildWeb();
} catch (err) {
  console.error(`build failed: ${err?.message ?? err}`);
  process.exit(1);
}
