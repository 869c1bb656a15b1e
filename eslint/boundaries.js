// @ts-check
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The import boundaries of DESIGN.md's layout, enforced by `npm run lint` (rule
 * `tocsin/boundaries`). Each relative import is resolved against the importing file, and
 * both ends are placed in the layout:
 *
 *   1. model-purity      any model.ts (and model.*.ts) under src/ imports no store, service or routes file,
 *                        nothing in src/http/ or src/core/db/, and no database package;
 *   2. foreign-store     a domain never imports another domain's store; it calls that domain's service
 *                        (nor do src/http, src/cli or src/app: a store is its own domain's business);
 *   3. core-independent  src/core/** imports no domain and nothing from src/http/, src/cli/ or src/app/;
 *   4. http-no-domain    src/http/** imports no domain (only core);
 *   5. composition-root  only entry points import src/app/** (src/cli/main.ts, src/app/ itself,
 *                        test/, bench/, scripts/).
 *
 * Domains are the folders directly under src/ other than the layers below.
 */

/** Folders under src/ that are not domains. */
const LAYERS = new Set(['core', 'http', 'cli', 'app']);
/** Packages that only stores and core's db may use. */
const DATABASE_PACKAGES = ['kysely', 'pg', 'better-sqlite3', 'node:sqlite'];
/** Who may import the composition root (paths from the project root; a trailing / is a folder). */
const DEFAULT_ENTRY_POINTS = ['src/cli/main.ts', 'src/app/', 'test/', 'bench/', 'scripts/'];

const TS_EXTENSION = /\.(?:[cm]?[jt]sx?)$/;

/**
 * Where a file sits in the layout: its path from the project root (posix), its top folder under
 * src/ (null outside src/), and whether that folder is a domain.
 * @param {string} root
 * @param {string} file absolute
 */
export function place(root, file) {
  const path = relative(root, file).split(sep).join('/');
  const parts = path.split('/');
  const top = parts[0] === 'src' && parts.length > 2 ? parts[1] ?? null : null;
  const base = (parts[parts.length - 1] ?? '').replace(TS_EXTENSION, '');
  const inDomain = top !== null && !LAYERS.has(top);
  return {
    path,
    top,
    inDomain,
    base,
    /** A store: store.ts, store.*.ts, or anything in a store/ folder of the domain. */
    isStore: inDomain && (/^store(\.|$)/.test(base) || parts.slice(2, -1).includes('store')),
    isModel: /^model(\.|$)/.test(base) && !/\.test$/.test(base),
  };
}

/** @param {string} spec */
const packageOf = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0] ?? spec);

const TAKE_DATA = 'Take the data as an argument and let the service do the I/O.';
const OWN_SHAPES = 'Declare the shapes the rules need in the model, and let the store map its rows to them.';

/**
 * What a model must not import, and the fix, or null.
 * @param {ReturnType<typeof place>} from @param {ReturnType<typeof place>} to
 */
function modelProblem(from, to) {
  if (!from.isModel) return null;
  if (/^store(\.|$)/.test(to.base) || to.isStore) return { what: 'a store', fix: OWN_SHAPES };
  if (to.path.startsWith('src/core/db/')) return { what: 'the database layer', fix: OWN_SHAPES };
  if (/^service(\.|$)/.test(to.base)) return { what: 'a service', fix: TAKE_DATA };
  if (/^routes(\.|$)/.test(to.base)) return { what: 'a routes file', fix: TAKE_DATA };
  if (to.path.startsWith('src/http/')) return { what: 'HTTP plumbing', fix: TAKE_DATA };
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: "Enforce DESIGN.md's import boundaries between domains, core, http and the composition root" },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          entryPoints: { type: 'array', items: { type: 'string' } },
          /** Known violations being fixed, as 'importer -> target' paths from the root; each is skipped. */
          allow: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      modelPurity:
        '[boundaries/model-purity] {{file}} is a model (pure types and rules, no I/O) and must not import {{what}} ({{target}}). {{fix}}',
      modelPackage:
        '[boundaries/model-purity] {{file}} is a model (pure types and rules, no I/O) and must not import the database package {{target}}. Take the data as an argument and let the store query it.',
      foreignStore:
        "[boundaries/foreign-store] {{who}} must not import the {{other}} store ({{target}}); a store is its own domain's business: call the {{other}} service instead of {{other}}/store.",
      coreIndependent:
        '[boundaries/core-independent] src/core is the shared kernel and must not import {{what}} ({{target}}). Keep the code in core free of it, or let the other side register with core (a module, a hook, a parameter).',
      httpNoDomain:
        "[boundaries/http-no-domain] src/http is plumbing that domains use and must not import a domain ({{target}}). Let the domain plug in through its module and the composition root (src/app), or move what is shared to core.",
      compositionRoot:
        '[boundaries/composition-root] Only entry points ({{entries}}) import the composition root src/app; {{file}} imports {{target}}. Take what you need as a parameter, or import the domain module itself.',
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const root = options.root ? resolve(context.cwd, options.root) : context.cwd;
    /** @type {string[]} */
    const entries = options.entryPoints ?? DEFAULT_ENTRY_POINTS;
    const filename = context.filename;
    if (!isAbsolute(filename)) return {};
    const from = place(root, filename);
    if (!from.path.startsWith('src/')) return {};
    const allowed = new Set((options.allow ?? []).map((/** @type {string} */ a) => a.replace(/\s+/g, ' ').trim()));
    const isEntry = entries.some((e) => (e.endsWith('/') ? from.path.startsWith(e) : from.path === e));

    /** @param {import('estree').Node & { value?: unknown }} source */
    function check(source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('.')) {
        if (from.isModel && DATABASE_PACKAGES.includes(packageOf(spec))) {
          context.report({ node: source, messageId: 'modelPackage', data: { file: from.path, target: spec } });
        }
        return;
      }
      const to = place(root, resolve(dirname(filename), spec));
      // Imports name the emitted .js; the file is the .ts beside it.
      const target = to.path.replace(/\.js$/, '.ts');
      if (allowed.has(`${from.path} -> ${target}`)) return;
      const data = { file: from.path, target };
      const model = modelProblem(from, to);
      if (model) context.report({ node: source, messageId: 'modelPurity', data: { ...data, ...model } });
      // A store is its domain's own: other domains, cli and app call the service (http and core
      // may not import a domain at all, reported below).
      if (to.isStore && to.top !== from.top && from.top !== 'http' && from.top !== 'core') {
        const who = from.inDomain ? `The ${from.top} domain` : `src/${from.top}`;
        context.report({ node: source, messageId: 'foreignStore', data: { ...data, who, other: String(to.top) } });
      }
      if (from.top === 'core' && to.top !== null && to.top !== 'core') {
        const what = to.inDomain ? `a domain (${to.top})` : `src/${to.top}`;
        context.report({ node: source, messageId: 'coreIndependent', data: { ...data, what } });
      }
      if (from.top === 'http' && to.inDomain) context.report({ node: source, messageId: 'httpNoDomain', data });
      if (to.top === 'app' && !isEntry) {
        context.report({ node: source, messageId: 'compositionRoot', data: { ...data, entries: entries.join(', ') } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => node.source && check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(/** @type {any} */ (node.source)),
    };
  },
};

/** The local plugin: `plugins: { tocsin }`, rule `tocsin/boundaries`. */
export const tocsin = { meta: { name: 'tocsin' }, rules: { boundaries } };
export default tocsin;
