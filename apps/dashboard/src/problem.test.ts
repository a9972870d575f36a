import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { formErrors, isUnauthorized, problemOf } from './problem';

// What a failed call rejects with: tRPC's client error, carrying the server's formatted error data.
const trpcError = (problem: unknown, httpStatus = 422) =>
  new TRPCClientError('x', { result: { error: { code: -32600, message: 'x', data: { httpStatus, problem } } } });
const weightSum = {
  type: 'https://folio.dev/problems/422',
  title: 'Unprocessable Content',
  status: 422,
  detail: 'The explicit weights of portfolio 1 would sum to more than 1.',
  errors: [{ path: 'weight', message: 'Explicit weights of a portfolio must sum to at most 1' }],
};

describe('problems from tRPC errors', () => {
  it('places field messages on the fields the form has', () => {
    expect(formErrors(trpcError(weightSum), ['ticker', 'weight'])).toEqual({
      fields: { weight: 'Explicit weights of a portfolio must sum to at most 1' },
      form: null,
    });
  });

  it('one message per field: a second rule the same value breaks is not shown again as the form’s', () => {
    const twoAboutTicker = { ...weightSum, errors: [{ path: 'ticker', message: 'Ticker must not be empty' }, { path: 'ticker', message: 'Ticker may contain only A-Z' }] };
    expect(formErrors(trpcError(twoAboutTicker), ['ticker'])).toEqual({ fields: { ticker: 'Ticker must not be empty' }, form: null });
  });

  it('says the detail once when a message has no field on this form', () => {
    expect(formErrors(trpcError(weightSum), ['name'])).toEqual({ fields: {}, form: weightSum.detail });
    const notFound = { type: 'x', title: 'Not Found', status: 404, detail: 'Portfolio 9 does not exist.' };
    expect(formErrors(trpcError(notFound, 404), ['name']).form).toBe('Portfolio 9 does not exist.');
    expect(formErrors(null, ['name'])).toEqual({ fields: {}, form: null });
  });

  it('reads a failure without a problem as a sentence, and spots a 401', () => {
    expect(problemOf(new TypeError('Failed to fetch')).detail).toMatch(/could not be reached/);
    expect(problemOf(trpcError(undefined, 502)).detail).toBe('x');
    expect(isUnauthorized(trpcError({ ...weightSum, status: 401, errors: undefined }, 401))).toBe(true);
    expect(isUnauthorized(trpcError(weightSum))).toBe(false);
  });
});
