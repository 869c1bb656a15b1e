/**
 * Writes docs/openapi.json, the committed copy of the API document (npm run openapi).
 * The OpenAPI test fails when the running app's document differs from it, so a route change
 * always comes with its documented contract in the same commit.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument, OPENAPI_FILE } from '../test/support/openapi.js';

const doc = await openApiDocument();
writeFileSync(join(OPENAPI_FILE), JSON.stringify(doc, null, 2) + '\n');
console.log(`wrote ${OPENAPI_FILE}`);
process.exit(0);
