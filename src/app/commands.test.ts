import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The packages the built `tocsin` entry loads before any command runs: its static imports, through the chunks it imports statically. */
async function loadedAtStart(): Promise<Set<string>> {
  const result = await build({
    entryPoints: { cli: join(ROOT, 'src/cli/main.ts') },
    outdir: join(ROOT, '.tmp/commands-test'),
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const outputs: Metafile['outputs'] = result.metafile.outputs;
  const entry = Object.keys(outputs).find((k) => k.endsWith('/cli.js'))!;
  const seen = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of outputs[file]!.imports) {
      if (imp.kind !== 'import-statement') continue; // dynamic imports load when their command runs
      if (imp.external) packages.add(imp.path);
      else walk(imp.path);
    }
  };
  walk(entry);
  return packages;
}

describe('the tocsin command', () => {
  it('loads commander and the API client at start, not the server, the database drivers or the providers', async () => {
    const packages = await loadedAtStart();
    expect(packages).toContain('commander');
    for (const heavy of ['fastify', 'pg', 'kysely', 'nodemailer', 'web-push', 'prom-client', '@node-rs/argon2', 'typebox']) expect(packages).not.toContain(heavy);
  });
});
