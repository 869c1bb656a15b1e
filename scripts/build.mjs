#!/usr/bin/env node
// Builds what is out of date: the server bundle (esbuild, ~0.2 s) and the web app (Vite).
// Runs on `npm install` (postinstall) and before `npm start`; `--force` rebuilds both, `--server`
// builds the server bundle only.
// The web app's text assets get brotli (.br) and gzip (.gz) copies beside them, which the server
// sends to browsers that accept them (src/http/web.ts); Vite also writes source maps (*.map),
// kept for debugging but not served unless TOCSIN_SERVE_SOURCE_MAPS=true.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');
// `--server`: only the server bundle (the integration tests run the `tocsin` command from it).
const serverOnly = process.argv.includes('--server');

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

/** The server's files the web app imports (`…/src/incidents/timeline-folds`): a change to one is a change to the app. */
function sharedWithWeb() {
  const found = new Set();
  const walk = (dir) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name)) for (const m of readFileSync(join(root, p), 'utf8').matchAll(/from '(?:\.\.\/)+src\/([^']+)'/g)) found.add(`src/${m[1]}.ts`);
    }
  };
  walk('web/src');
  return [...found];
}

// Bundled into dist, not loaded from node_modules: both ship as hundreds of small ES modules
// (typebox 374 files, kysely 265), each found, read, compiled and linked at every start of
// every `tocsin` process. Pure JavaScript, no files of their own to read at run time.
const BUNDLED = new Set(['typebox', 'kysely']);

async function buildServer() {
  const out = 'dist/cli.js';
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((d) => !BUNDLED.has(d));
  if (!force && mtime(out) > newest(['src', 'package.json'])) return;
  const { build } = await import('esbuild');
  // Split: the entry holds the commands and the API client; `serve` and the offline commands
  // import the rest as chunks when they run, so `tocsin incident ack` does not load the server.
  const result = await build({
    entryPoints: { cli: join(root, 'src/cli/main.ts') },
    outdir: join(root, 'dist'),
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    sourcemap: true,
    logLevel: 'warning',
    metafile: true,
    absWorkingDir: root, // the metafile's paths are relative to it
  });
  // Chunks of earlier builds go only now, never before: a `tocsin` starting meanwhile finds its own.
  const current = new Set(Object.keys(result.metafile.outputs).map((f) => join(root, f)));
  const chunks = join(root, 'dist/chunks');
  for (const f of existsSync(chunks) ? readdirSync(chunks) : []) if (!current.has(join(chunks, f))) rmSync(join(chunks, f));
  console.log(`built ${out}`);
}

function buildWeb() {
  if (!existsSync(join(root, 'web/index.html'))) return;
  if (!force && mtime('web/dist/index.html') > newest(['web/src', 'web/index.html', 'web/vite.config.ts', 'web/public', ...sharedWithWeb()])) return;
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  // Always the production build: run from a test (vitest sets NODE_ENV=test), vite would otherwise
  // bundle React's development build, 200 KB gzipped on the first screen instead of about 100.
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: join(root, 'web'), stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log('built web/dist');
}

/** Text assets worth compressing; smaller files gain nothing (the server sends them as they are). */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/;
const MIN_BYTES = 1024;

/** Writes `<file>.br` and `<file>.gz` beside each text asset in web/dist that lacks fresh ones. */
function precompressWeb() {
  const dist = join(root, 'web/dist');
  if (!existsSync(dist)) return;
  let n = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (COMPRESSIBLE.test(e.name) && statSync(p).size >= MIN_BYTES) {
        const fresh = (ext) => existsSync(p + ext) && statSync(p + ext).mtimeMs >= statSync(p).mtimeMs;
        if (fresh('.br') && fresh('.gz')) continue;
        const body = readFileSync(p);
        writeFileSync(`${p}.br`, brotliCompressSync(body, {
          params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT },
        }));
        writeFileSync(`${p}.gz`, gzipSync(body, { level: zlib.Z_BEST_COMPRESSION }));
        n++;
      }
    }
  };
  walk(dist);
  if (n) console.log(`compressed ${n} web asset${n === 1 ? '' : 's'} (.br, .gz)`);
}

try {
  await buildServer();
  if (!serverOnly) {
    buildWeb();
    precompressWeb();
  }
} catch (err) {
  console.error(`build failed: ${err?.message ?? err}`);
  process.exit(1);
}
