import {
  colorManipulator,
  DataFrame,
  Field,
  FieldColorModeId,
  FieldType,
  getFieldSeriesColor,
  GrafanaTheme2,
} from '@grafana/data';

import { Diagnosis } from '../api/types';

/** How each drawn series relates to the diagnosis on screen. */
export type SeriesRole = 'culprit' | 'dimmed' | 'plain';

export interface PreparedFrames {
  /** The frames to draw: the panel's own series, restyled when a diagnosis names a culprit. */
  frames: DataFrame[];
  /** Distinct services found on the series through the service label, sorted. */
  services: string[];
  /** Number series that carry the culprit's service. */
  culpritSeries: number;
  /** Number series in all frames. */
  totalSeries: number;
  /** The colour of the first culprit series, to tie the answer's text to the line. */
  culpritColor?: string;
  /** Set when the diagnosis cannot be shown on these series, with what to change. */
  warning?: string;
}

export interface PrepareOptions {
  serviceLabel: string;
  /** Opacity left to the series that are not the culprit, 0..1. */
  dimOpacity: number;
}

/** Default styling for series that come without the time-series field options (e.g. from a test host). */
const LINE_DEFAULTS = { drawStyle: 'line', lineWidth: 1, fillOpacity: 0, showPoints: 'never', spanNulls: true };

/**
 * The service a series belongs to, read from the label that the panel option names. Falls back to `undefined` when
 * the series has no such label (then it can never be the culprit, and is dimmed like any other).
 */
export function serviceOfField(field: Field, serviceLabel: string): string | undefined {
  const value = field.labels?.[serviceLabel];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * True when a label value names the service. Label values often decorate the name (`shop-orders-1`, `/orders`,
 * `orders:8080`), so a value matches when, split on separators, one of its parts is the service name.
 */
export function labelMatchesService(labelValue: string, service: string): boolean {
  const value = labelValue.toLowerCase();
  const name = service.toLowerCase();
  if (value === name) {
    return true;
  }
  return value.split(/[^a-z0-9]+/).includes(name);
}

/**
 * Restyles the panel's series for a diagnosis: the culprit service's series drawn thicker in their own colour, the
 * others faded to `dimOpacity`. Without a named culprit (no diagnosis, or status `unknown`), the series pass through
 * with line defaults only. Pure: the input frames are not changed, and value arrays are shared, not copied.
 */
export function prepareDiagnosisFrames(
  series: DataFrame[],
  diagnosis: Diagnosis | null,
  options: PrepareOptions,
  theme: GrafanaTheme2
): PreparedFrames {
  const culprit = diagnosis && diagnosis.status === 'ok' ? diagnosis.culprit : null;
  const services = new Set<string>();
  let culpritSeries = 0;
  let totalSeries = 0;
  let culpritColor: string | undefined;

  const frames = series.map((frame) => ({
    ...frame,
    fields: frame.fields.map((field) => {
      if (field.type !== FieldType.number) {
        return field;
      }
      totalSeries++;
      const service = serviceOfField(field, options.serviceLabel);
      if (service !== undefined) {
        services.add(service);
      }
      const custom = { ...LINE_DEFAULTS, ...field.config.custom };
      if (!culprit) {
        return { ...field, config: { ...field.config, custom } };
      }
      if (service !== undefined && labelMatchesService(service, culprit.service)) {
        culpritSeries++;
        culpritColor ??= getFieldSeriesColor(field, theme).color;
        return {
          ...field,
          config: { ...field.config, custom: { ...custom, lineWidth: Math.max(2, Number(custom.lineWidth) + 1.5) } },
        };
      }
      const color = getFieldSeriesColor(field, theme).color;
      return {
        ...field,
        config: {
          ...field.config,
          color: { mode: FieldColorModeId.Fixed, fixedColor: colorManipulator.alpha(color, options.dimOpacity) },
          custom: { ...custom, lineWidth: 1, fillOpacity: 0 },
        },
      };
    }),
  }));

  const sortedServices = [...services].sort();
  let warning: string | undefined;
  if (totalSeries > 0 && services.size === 0) {
    warning = `No series carries the label "${options.serviceLabel}", so the culprit cannot be highlighted. Set "Service label" in the panel options to the label that names the service (e.g. service, container, name, job).`;
  } else if (culprit && culpritSeries === 0) {
    warning = `The culprit "${culprit.service}" matches none of the series' "${options.serviceLabel}" values (${sortedServices
      .slice(0, 6)
      .join(', ')}${sortedServices.length > 6 ? ', …' : ''}). Add a query for its metrics to see it highlighted.`;
  }
  return { frames, services: sortedServices, culpritSeries, totalSeries, culpritColor, warning };
}

/** A score in 0..1 as the percentage SREs read at a glance. */
export function formatConfidence(score: number): string {
  if (!Number.isFinite(score)) {
    return '–';
  }
  return `${Math.round(Math.min(1, Math.max(0, score)) * 100)}%`;
}
