import type { AppDeps } from '../http/deps.js';

/**
 * On first start with no users, makes a one-time setup token and returns the link that
 * creates the owner account; returns null once any user exists.
 */
export async function prepareFirstRunSetup(_deps: AppDeps): Promise<string | null> {
  return null; // filled in by the users work
}
