import { build } from 'esbuild';

/**
 * Bundles a TypeScript entry for node (ESM, packages left external), so a test or bench that
 * starts a process many times pays a plain node start (about 0.2 s) rather than tsx compiling
 * the sources each time (about 1 s).
 */
export async function bundleForNode(entry: string, outfile: string): Promise<void> {
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
}
