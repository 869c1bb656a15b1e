import { describe, expect, it } from 'vitest';
import { ApiError } from '../app/api';
import { fieldError, formError, nameTaken } from './fieldErrors';

const runbook = new ApiError('runbook_url must be an http(s) URL', 400, 'validation', 'runbook_url');
const conflict = new ApiError('A service named Checkout already exists', 409, 'conflict', null);

describe('form errors from the API', () => {
  it('puts a field error beside its field, in friendly words when the form has them', () => {
    expect(fieldError(runbook, 'runbook_url', { runbook_url: 'Enter a web address starting with https://' })).toBe('Enter a web address starting with https://');
    expect(fieldError(runbook, 'runbook_url')).toBe('runbook_url must be an http(s) URL');
    expect(fieldError(runbook, 'name')).toBeUndefined();
    const cycle = new ApiError('dependency_ids would make a cycle: a → b → a', 400, 'validation', 'dependency_ids');
    expect(fieldError(cycle, 'dependency_ids', { dependency_ids: (d) => d.replace(/^.*cycle: /, 'Loop: ') })).toBe('Loop: a → b → a');
    expect(fieldError(new ApiError('impact.users must be >= 0', 400, 'validation', 'impact.users'), 'impact')).toBe('impact.users must be >= 0');
  });
  it('keeps the general alert only for errors without a field the form shows', () => {
    expect(formError(runbook, ['name', 'runbook_url'])).toBeNull();
    expect(formError(runbook, ['name'])).toBe(runbook);
    expect(formError(conflict, ['name'])).toBe(conflict);
    expect(formError(null, ['name'])).toBeNull();
  });
  it('shows a name another record already has beside the name, not in the general alert', () => {
    expect(nameTaken(conflict, 'service')).toMatch(/^Another service already has this name/);
    expect(nameTaken(runbook, 'service')).toBeUndefined();
    expect(nameTaken(new ApiError('The incident is closed', 409, 'conflict', null), 'team')).toBeUndefined();
  });
});
