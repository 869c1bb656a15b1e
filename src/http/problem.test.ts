import { describe, expect, it } from 'vitest';
import { toProblem } from './problem.js';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('toProblem', () => {
  it('answers 503 (try again), not 500, when PostgreSQL gave the request up for a deadlock or a serialization failure', () => {
    for (const code of ['40P01', '40001']) {
      expect(toProblem(pgError(code, 'deadlock detected'))).toMatchObject({ status: 503, code: 'unavailable' });
    }
  });

  it('keeps 500 for a database error that trying again will not fix', () => {
    expect(toProblem(pgError('42P01', 'relation "alerts" does not exist'))).toMatchObject({ status: 500, code: 'internal' });
  });
});
