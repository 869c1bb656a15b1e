import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The README is the first thing a tester reads: its links stay inside the repository and the
// first-run lines it shows are the ones `tocsin serve` prints (src/cli/serve.ts, src/app/server.ts).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('links only to files inside the repository that exist', () => {
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^(https?:|mailto:|#)/.test(l));
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) {
      const target = resolve(ROOT, link.split('#')[0]!);
      expect(relative(ROOT, target).startsWith('..'), `${link} leaves the repository`).toBe(false);
      expect(existsSync(target), `${link} does not exist`).toBe(true);
    }
  });

  it('shows the first-run lines as serve prints them, on a terminal and in a log', () => {
    const serve = readFileSync(join(ROOT, 'src/cli/serve.ts'), 'utf8');
    const server = readFileSync(join(ROOT, 'src/app/server.ts'), 'utf8');
    expect(serve).toContain('  Tocsin is serving on ${server.url} (${server.kernel.db.dialect})');
    expect(serve).toContain('  Create the owner account: ${server.setupLink}');
    expect(readme).toMatch(/^ {2}Tocsin is serving on http:\/\/localhost:8080 \(sqlite\)\n {2}Create the owner account: http:\/\/localhost:8080\/setup\?token=\S+$/m);
    expect(server).toContain('`No users yet. Create the owner account at ${setupLink}`');
    const logLine = /^\{"level":40,.*"setup":"http:\/\/localhost:8080\/setup\?token=[^"]+","msg":"No users yet\. Create the owner account at http:\/\/localhost:8080\/setup\?token=[^"]+"\}$/m;
    expect(readme).toMatch(logLine);
    expect(() => JSON.parse(logLine.exec(readme)![0])).not.toThrow();
  });
});
