import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { scrubInput, MAX_NESTING } from './hostile-input.js';

describe('hostile input', () => {
  it('names the first string or key holding a NUL character', () => {
    expect(scrubInput({ a: ['ok', { b: 'x\u0000y' }] }, 'body')).toBe('body.a[1].b');
    expect(scrubInput({ 'k\u0000': 1 }, 'body')).toBe('body.k\\0');
    expect(scrubInput({ a: 'fine', n: 3, z: null }, 'body')).toBeNull();
  });

  it('makes lone surrogates U+FFFD in place, in values and keys at any depth', () => {
    const body = { summary: 'disk \ud800 full', labels: { 'team\udfff': 'ops', list: ['a\ud83d', '😀 pair kept'] } };
    expect(scrubInput(body, 'body')).toBeNull();
    expect(body).toEqual({ summary: 'disk \ufffd full', labels: { 'team\ufffd': 'ops', list: ['a\ufffd', '😀 pair kept'] } });
    expect(JSON.stringify(body)).not.toMatch(/\\ud[89a-f]/);
  });

  it(`refuses a value nested more than ${MAX_NESTING} levels, naming its part`, () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5_000; i++) deep = [deep];
    expect(() => scrubInput({ a: deep }, 'body')).toThrow(ValidationError);
    expect(() => scrubInput({ a: deep }, 'body')).toThrow('body is nested more than 100 levels deep');
    let fine: unknown = 'x';
    for (let i = 0; i < MAX_NESTING - 1; i++) fine = [fine];
    expect(scrubInput(fine, 'body')).toBeNull();
  });
});
