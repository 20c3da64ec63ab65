import { CulpritApiError, toApiError } from './culpritApi';

describe('toApiError', () => {
  it('keeps the backend message of an error from docs/api.md, with its code', () => {
    const error = toApiError(
      {
        status: 422,
        data: {
          statusCode: 422,
          code: 'CULPRIT_INSUFFICIENT_DATA',
          error: 'Unprocessable Entity',
          message: 'no data for cart',
        },
      },
      'POST',
      '/diagnose'
    );
    expect(error).toBeInstanceOf(CulpritApiError);
    expect(error).toMatchObject({ status: 422, code: 'CULPRIT_INSUFFICIENT_DATA', message: 'no data for cart' });
  });

  it('points at the token on 401', () => {
    expect(toApiError({ status: 401, data: {} }, 'GET', '/models').message).toMatch(/check the API token/);
  });

  it("keeps the backend's own 502 (Prometheus unavailable) apart from Grafana's proxy 502", () => {
    const backend = toApiError(
      {
        status: 502,
        data: { code: 'CULPRIT_PROMETHEUS_UNAVAILABLE', message: 'Prometheus at http://p:9090 did not answer' },
      },
      'POST',
      '/diagnose'
    );
    expect(backend.message).toBe('Prometheus at http://p:9090 did not answer');
    expect(toApiError({ status: 502, data: 'Bad Gateway' }, 'POST', '/diagnose').message).toMatch(
      /check the backend URL/
    );
  });

  it('names the request when the error has no body', () => {
    expect(
      toApiError({ status: 500, statusText: 'Internal Server Error', data: undefined }, 'GET', '/models').message
    ).toBe('GET /models failed with HTTP 500 Internal Server Error.');
  });

  it('recognises a missing route (an older backend)', () => {
    expect(
      toApiError(
        { status: 404, data: { code: 'CULPRIT_NOT_FOUND', message: 'Route GET:/api/campaigns not found' } },
        'GET',
        '/campaigns'
      ).isMissingRoute
    ).toBe(true);
    expect(toApiError({ status: 409, data: {} }, 'GET', '/campaigns').isMissingRoute).toBe(false);
  });

  it('wraps anything else with the request it came from', () => {
    expect(toApiError(new TypeError('boom'), 'GET', '/health').message).toBe('GET /health failed: boom');
  });
});
