import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { API_TYPES_FILE, apiTypesSource, OPENAPI_FILE } from '../support/openapi.js';

// Every machine-facing route must be documented; the docs UI, the document itself, operations
// endpoints and the web app's static files are not part of the API.
const MUST_DOCUMENT = /^\/(api|v2|integrations|ping)\//;
const UNDOCUMENTED = /^\/api\/v1\/docs|^\/api\/v1\/openapi\.json$/;

describeEachDatabase('OpenAPI document', (h) => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = (await h.call('GET', '/api/v1/openapi.json')).json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('describes every registered route', async () => {
    const doc = (await h.call('GET', '/api/v1/openapi.json')).json();
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, object>)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    const missing = h.app.routeTable
      .filter((r) => MUST_DOCUMENT.test(r.url) && !UNDOCUMENTED.test(r.url))
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`)
      .filter((key) => !documented.has(key));
    expect(missing).toEqual([]);
    expect(documented.size).toBeGreaterThan(0);
  });

  it('matches the committed docs/openapi.json (run `npm run openapi` after changing a route)', async () => {
    const doc = (await h.call('GET', '/api/v1/openapi.json')).json();
    const committed = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
    expect(doc).toEqual(committed);
  });

  it('generates the committed src/http/api-types.ts, the web app and CLI types (run `npm run openapi`)', async () => {
    const doc = (await h.call('GET', '/api/v1/openapi.json')).json();
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    expect(committed, 'src/http/api-types.ts is stale: run npm run openapi').toBe(await apiTypesSource(doc));
  });
});
