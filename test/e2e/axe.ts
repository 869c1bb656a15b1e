import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// axe-core in the page under test (its context needs bypassCSP: the server's CSP, script-src
// 'self', would refuse the injected script). Shared by the accessibility suite and the pages'
// own tests that check a state the suite does not reach.

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Every WCAG violation axe finds on the page as it is now. */
export async function axe(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Violation[] }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

/** The serious and critical ones: what fails a test. */
export const serious = (list: Violation[]): Violation[] => list.filter((v) => v.impact === 'serious' || v.impact === 'critical');

export const describeViolations = (where: string, list: Violation[]): string =>
  list.map((v) => `${where}: [${v.impact}] ${v.id} (${v.help})\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n')}`).join('\n');
