import { join } from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, it } from 'vitest';
import { tocsin } from './boundaries.js';

// RuleTester runs its cases as vitest tests.
RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const rule = tocsin.rules.boundaries;
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } });
// Fake files under the project root (the rule places files relative to ESLint's cwd).
const at = (path: string) => join(process.cwd(), path);
const bad = (filename: string, code: string, messageId: string) => ({ filename: at(filename), code, errors: [{ messageId }] });
const good = (filename: string, code: string) => ({ filename: at(filename), code });

tester.run('boundaries: 1. a model is pure', rule, {
  valid: [
    good('src/teams/model.ts', "import { ValidationError } from '../core/errors.js'; import { MAX_NAME_LENGTH } from '../users/model.js';"),
    good('src/teams/model.test.ts', "import { store } from './store.js';"),
  ],
  invalid: [
    bad('src/teams/model.ts', "import * as store from './store.js';", 'modelPurity'),
    bad('src/teams/model.ts', "import { listUsers } from '../users/service.js';", 'modelPurity'),
    bad('src/incidents/model.rules.ts', "import type { Q } from '../core/db/index.js';", 'modelPurity'),
    bad('src/incidents/model.ts', "import type { App } from '../http/deps.js';", 'modelPurity'),
    bad('src/incidents/model.ts', "import { sql } from 'kysely';", 'modelPackage'),
    bad('src/core/engine/model.ts', "import pg from 'pg';", 'modelPackage'),
  ],
});

tester.run("boundaries: 2. a domain calls another domain's service, never its store", rule, {
  valid: [
    good('src/teams/service.ts', "import * as store from './store.js'; import { getUser } from '../users/service.js';"),
    good('src/incidents/read.ts', "import { findIncident } from './store/incidents.js';"),
  ],
  invalid: [
    bad('src/teams/service.ts', "import { findUsersByIds } from '../users/store.js';", 'foreignStore'),
    bad('src/services/service.ts', "export { findTeam } from '../teams/store/teams.js';", 'foreignStore'),
    bad('src/cli/tokens.ts', "const { findUserByEmail } = await import('../users/store.js');", 'foreignStore'),
  ],
});

tester.run('boundaries: 3. core imports no domain, http, cli or app', rule, {
  valid: [good('src/core/engine/index.ts', "import { openDatabase } from '../db/index.js'; import { newId } from '../ids.js';")],
  invalid: [
    bad('src/core/engine/jobs.ts', "import { openIncidentCounts } from '../../incidents/read.js';", 'coreIndependent'),
    bad('src/core/events.ts', "import type { App } from '../http/deps.js';", 'coreIndependent'),
    bad('src/core/config.ts', "import { run } from '../cli/run.js';", 'coreIndependent'),
  ],
});

tester.run('boundaries: 4. http imports only core', rule, {
  valid: [good('src/http/auth.ts', "import { ForbiddenError } from '../core/errors.js'; import type { App } from './deps.js';")],
  invalid: [
    bad('src/http/auth.ts', "import * as users from '../users/store.js';", 'httpNoDomain'),
    bad('src/http/app.ts', "import { incidentRoutes } from '../incidents/routes.js';", 'httpNoDomain'),
  ],
});

tester.run('boundaries: 5. only entry points import the composition root', rule, {
  valid: [
    good('src/cli/main.ts', "import { modules } from '../app/modules.js';"),
    good('src/app/server.ts', "import { modules } from './modules.js';"),
  ],
  invalid: [
    bad('src/http/app.ts', "import { modules } from '../app/modules.js';", 'compositionRoot'),
    bad('src/cli/serve.ts', "import { startServer } from '../app/server.js';", 'compositionRoot'),
    bad('src/incidents/service.ts', "import { modules } from '../app/modules.js';", 'compositionRoot'),
  ],
});

tester.run('boundaries: options', rule, {
  valid: [
    // A known violation being fixed is let through by name, and only that one.
    { ...good('src/teams/service.ts', "import { findUsersByIds } from '../users/store.js';"), options: [{ allow: ['src/teams/service.ts -> src/users/store.ts'] }] },
    { ...good('src/cli/serve.ts', "import { startServer } from '../app/server.js';"), options: [{ entryPoints: ['src/cli/'] }] },
    // Outside src/ (tests, scripts, the web app) nothing is checked.
    good('test/support/harness.ts', "import * as store from '../../src/users/store.js';"),
    good('web/src/features/users/model.ts', "import { x } from './store.js';"),
  ],
  invalid: [
    {
      ...bad('src/services/service.ts', "import { findUsersByIds } from '../users/store.js';", 'foreignStore'),
      options: [{ allow: ['src/teams/service.ts -> src/users/store.ts'] }],
    },
  ],
});
