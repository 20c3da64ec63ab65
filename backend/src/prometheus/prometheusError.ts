/**
 * Why a Prometheus call failed, in terms the user can act on:
 * - `unreachable`: network error, timeout or 5xx after the retries (check the URL, that Prometheus runs);
 * - `rejected`: a 4xx answer, i.e. the query itself is wrong (fix the PromQL in the catalogue);
 * - `bad-response`: the answer was not the Prometheus API's JSON (is the URL really a Prometheus API?).
 */
export type PrometheusFailure = 'unreachable' | 'rejected' | 'bad-response';

export class PrometheusError extends Error {
  override readonly name = 'PrometheusError';

  constructor(
    readonly failure: PrometheusFailure,
    message: string,
    /** The upstream's own message, when it sent one. */
    readonly upstreamMessage?: string,
    readonly query?: string
  ) {
    super(message);
  }
}
