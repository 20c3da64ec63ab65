import type { ServicesConfig } from '../config/config';
import type { PrometheusApi } from '../prometheus/prometheusClient';

/**
 * The system's services: the configured list, or the values of the discovery label that match its regex (asked of
 * Prometheus now), sorted so that feature order is stable.
 */
export async function resolveServices(services: ServicesConfig, api: PrometheusApi): Promise<string[]> {
  if (services.kind === 'list') {
    return [...services.names];
  }
  const pattern = new RegExp(`^(?:${services.regex})$`);
  const values = await api.labelValues(services.label, services.match);
  const found = values.filter((value) => pattern.test(value) && !/["\\]/.test(value)).sort();
  if (found.length === 0) {
    throw new Error(
      `service discovery found no value of label "${services.label}" matching /${services.regex}/ in series ${services.match}; check services.discover`
    );
  }
  return found;
}
