import { describe, expect, it } from 'vitest';
import { problemsInShort } from './readiness';

describe('problemsInShort', () => {
  it('keeps what is wrong and drops how to fix it', () => {
    expect(problemsInShort([{ message: 'No verified contact method: add one and enter its code' }, { message: 'No notification rule for high urgency: add one' }])).toBe(
      'no verified contact method, no notification rule for high urgency',
    );
  });
  it('cuts at the first colon only, and keeps a message without one', () => {
    expect(problemsInShort([{ message: 'sms (work) is not verified: enter the code: 6 digits' }, { message: 'Disabled' }])).toBe('sms (work) is not verified, disabled');
  });
  it('is empty for no problems', () => {
    expect(problemsInShort([])).toBe('');
  });
});
