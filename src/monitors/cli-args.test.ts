import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../cli/api-client.js';
import { CliError } from '../cli/common.js';
import { asUsageError, durationMs, hostPort, wholeSeconds } from './cli-args.js';

describe('monitor command values', () => {
  it('reads durations as seconds or with a unit', () => {
    expect(durationMs('30')).toBe(30_000);
    expect(durationMs('30s')).toBe(30_000);
    expect(durationMs('1m')).toBe(60_000);
    expect(durationMs('2h')).toBe(7_200_000);
    expect(durationMs('1d')).toBe(86_400_000);
    expect(durationMs('500ms')).toBe(500);
    expect(durationMs('1.5s')).toBe(1500);
    expect(() => durationMs('soon')).toThrow(InvalidArgumentError);
    expect(() => durationMs('-5s')).toThrow(InvalidArgumentError);
    expect(wholeSeconds('1m')).toBe(60);
    expect(() => wholeSeconds('1500ms')).toThrow(/whole seconds/);
  });

  it('splits host:port, IPv6 in brackets included', () => {
    expect(hostPort('db.internal:5432')).toEqual({ host: 'db.internal', port: 5432 });
    expect(hostPort('example.com')).toEqual({ host: 'example.com' });
    expect(hostPort('[::1]:8443')).toEqual({ host: '::1', port: 8443 });
    expect(hostPort('::1')).toEqual({ host: '::1' });
  });

  it("names the flag that carried a value the API refused, exit 2; leaves other errors alone", () => {
    const interval = asUsageError(new ApiProblem('x (field: interval_s)', 400, 'interval_s', 'Checks run every 10 seconds at the most often'));
    expect(interval).toBeInstanceOf(CliError);
    expect((interval as CliError).message).toBe('--interval: Checks run every 10 seconds at the most often');
    expect((interval as CliError).exitCode).toBe(2);
    const loc = asUsageError(new ApiProblem('x', 400, 'locations', 'locations: there is no location mars (known: server)')) as CliError;
    expect(loc.message).toBe('--location: there is no location mars (known: server)');
    const assertion = asUsageError(new ApiProblem('x', 400, 'target.assertions[1]', 'Say which text the body must (or must not) contain')) as CliError;
    expect(assertion.message).toBe('--contains: Say which text the body must (or must not) contain');
    const forbidden = new ApiProblem('Managing monitors needs the responder role', 403, undefined, 'Managing monitors needs the responder role');
    expect(asUsageError(forbidden)).toBe(forbidden);
  });
});
