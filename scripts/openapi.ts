/**
 * Writes the committed, generated API artifacts (npm run openapi):
 * - docs/openapi.json, the API document, from the app's routes and schemas;
 * - src/http/api-types.ts, the API's JSON types for the web app and the CLI, from that document
 *   (see API_TYPES_FILE in test/support/openapi.ts for why it lives there).
 * The OpenAPI test fails when either differs from what the running app generates, so a route
 * change always comes with its documented contract and its client types in the same commit.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { API_TYPES_FILE, apiTypesSource, openApiDocument, OPENAPI_FILE } from '../test/support/openapi.js';

const json = JSON.stringify(await openApiDocument(), null, 2) + '\n';
writeFileSync(OPENAPI_FILE, json);
console.log(`wrote ${relative(process.cwd(), OPENAPI_FILE)}`);
// From the document as written (and as the app serves it), so the test regenerates the same text.
writeFileSync(API_TYPES_FILE, await apiTypesSource(JSON.parse(json) as Record<string, unknown>));
console.log(`wrote ${relative(process.cwd(), API_TYPES_FILE)}`);
process.exit(0);
