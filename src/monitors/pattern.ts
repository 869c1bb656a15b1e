import { Script, createContext } from 'node:vm';

// A monitor's `matches` pattern is run with a time limit. JavaScript's regular expressions
// backtrack: ^(a+)+$ against thirty a's and a "!" runs for minutes, and a check runs in the server
// that pages people, whose event loop it would hold. V8 stops a script past its `timeout`, the
// regular expression included, so the pattern runs as a script in a context of its own.

/** How long one pattern may run on one value; a sane pattern on a 1 MB body takes a few ms. */
export const PATTERN_BUDGET_MS = 100;

// Made on first use: most checks have no pattern, and `tocsin` commands should not pay for it.
let runner: { scope: { pattern: string; text: string }; test: Script } | undefined;

/** Whether `pattern` (a valid one) matches `text`, or 'too_slow' when it ran past `budgetMs`. */
export function matchWithin(pattern: string, text: string, budgetMs = PATTERN_BUDGET_MS): boolean | 'too_slow' {
  runner ??= { scope: createContext({ pattern: '', text: '' }) as { pattern: string; text: string }, test: new Script('new RegExp(pattern).test(text)') };
  const { scope, test } = runner;
  scope.pattern = pattern;
  scope.text = text;
  try {
    return test.runInContext(scope, { timeout: budgetMs }) === true;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'too_slow';
    throw err;
  } finally {
    scope.text = ''; // a body is not kept alive between checks
  }
}
