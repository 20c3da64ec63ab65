import { createDataFrame, DataFrame, FieldType } from '@grafana/data';

import { Incident, Timeline } from '../api/types';

/** The backend's default bound on timeline points (`limits.maxTimelinePoints`, docs/api.md). */
export const MAX_TIMELINE_POINTS = 120;

/** The step a timeline query may assume when it names none: the shipped configs' window length. */
const ASSUMED_DEFAULT_STEP_SECONDS = 60;

/**
 * The step to ask the timeline for: the query's own step, widened when the dashboard range would need more points
 * than the backend serves (it answers 400 CULPRIT_WINDOW_TOO_LONG then), so that zooming out keeps working.
 * `undefined` leaves the choice to the backend.
 */
export function chooseTimelineStep(
  rangeMs: number,
  requestedSeconds?: number,
  maxPoints = MAX_TIMELINE_POINTS
): number | undefined {
  const rangeSeconds = Math.max(0, rangeMs / 1000);
  const needed = Math.ceil(rangeSeconds / maxPoints);
  const step = requestedSeconds ?? ASSUMED_DEFAULT_STEP_SECONDS;
  if (rangeSeconds / step <= maxPoints) {
    return requestedSeconds;
  }
  return needed;
}

/** The services a query keeps: its comma-separated list, or every service when the list is empty. */
export function parseServiceFilter(services: string | undefined): Set<string> | null {
  const names = (services ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return names.length ? new Set(names) : null;
}

/**
 * The timeline as one wide frame: a time field, then one number field per service holding its culprit score (0..1)
 * at each point, so any time-series panel can draw which service the model blames, and when.
 */
export function timelineToFrame(timeline: Timeline, refId: string, services?: string): DataFrame {
  const keep = parseServiceFilter(services);
  const series = timeline.series.filter((s) => !keep || keep.has(s.service));
  return createDataFrame({
    refId,
    name: 'Culprit score',
    meta: {
      notices: timeline.model
        ? [{ severity: 'info', text: `Model ${timeline.model.name} (${timeline.model.classifier ?? 'classifier'})` }]
        : [],
    },
    fields: [
      {
        name: 'Time',
        type: FieldType.time,
        values: timeline.times,
        config: { interval: timeline.window.stepSeconds * 1000 },
      },
      ...series.map((s) => ({
        name: s.service,
        type: FieldType.number,
        values: s.scores,
        labels: { service: s.service },
        config: { displayNameFromDS: s.service, unit: 'percentunit', min: 0, max: 1 },
      })),
    ],
  });
}

/** How an incident reads in an annotation's tooltip: `orders: cpu (0.92)`. */
export function incidentText(incident: Incident): string {
  return `${incident.service}: ${incident.fault} (${incident.confidence.toFixed(2)})`;
}

/**
 * Predicted incidents as a frame of regions in the shape Grafana's annotation support reads (`time`, `timeEnd`,
 * `text`, `tags`), tagged like the panel's saved annotations so one dashboard filter finds both.
 */
export function incidentsToFrame(
  incidents: Incident[],
  refId: string,
  services?: string,
  minConfidence = 0
): DataFrame {
  const keep = parseServiceFilter(services);
  const rows = incidents.filter((i) => (!keep || keep.has(i.service)) && i.confidence >= minConfidence);
  return createDataFrame({
    refId,
    name: 'Culprit incidents',
    fields: [
      { name: 'time', type: FieldType.time, values: rows.map((i) => i.from) },
      { name: 'timeEnd', type: FieldType.time, values: rows.map((i) => i.to) },
      { name: 'text', type: FieldType.string, values: rows.map(incidentText) },
      {
        name: 'tags',
        type: FieldType.other,
        values: rows.map((i) => ['culprit', `service:${i.service}`, `fault:${i.fault}`]),
      },
      { name: 'service', type: FieldType.string, values: rows.map((i) => i.service) },
      { name: 'fault', type: FieldType.string, values: rows.map((i) => i.fault) },
      { name: 'confidence', type: FieldType.number, values: rows.map((i) => i.confidence) },
    ],
  });
}
