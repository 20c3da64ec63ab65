import {
  AnnotationQuery,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceInstanceSettings,
  TestDataSourceResponse,
} from '@grafana/data';

import { CulpritApi } from '../api/culpritApi';
import { Health } from '../api/types';
import { migrateQuery } from './migrations';
import { chooseTimelineStep, incidentsToFrame, timelineToFrame } from './timelineFrames';
import { CulpritJsonData, CulpritQuery, DEFAULT_QUERY } from './types';

/**
 * The Culprit data source: the diagnosis timeline and predicted incidents as data frames, and the health check.
 * Every call goes to `<proxy url>/api/...`, where Grafana's proxy adds the token from secureJsonData.
 */
export class CulpritDataSource extends DataSourceApi<CulpritQuery, CulpritJsonData> {
  readonly api: CulpritApi;

  constructor(instanceSettings: DataSourceInstanceSettings<CulpritJsonData>) {
    super(instanceSettings);
    this.api = new CulpritApi(instanceSettings.url ?? '');
    this.annotations = {
      // An annotation query on this data source asks for predicted incidents unless it says otherwise.
      prepareQuery: (annotation: AnnotationQuery<CulpritQuery>) => {
        const stored = { refId: 'Anno', ...(annotation.target ?? {}) } as CulpritQuery;
        return { ...DEFAULT_QUERY, ...migrateQuery(stored), queryType: 'incidents' } as CulpritQuery;
      },
    };
  }

  getDefaultQuery(): Partial<CulpritQuery> {
    return DEFAULT_QUERY;
  }

  filterQuery(query: CulpritQuery): boolean {
    return !query.hide;
  }

  async query(request: DataQueryRequest<CulpritQuery>): Promise<DataQueryResponse> {
    const from = request.range.from.valueOf();
    const to = request.range.to.valueOf();
    const targets = request.targets.filter((t) => !t.hide).map(migrateQuery);
    const data = [];
    const errors = [];
    for (const target of targets) {
      try {
        if (target.queryType === 'incidents') {
          const answer = await this.api.incidents(from, to);
          data.push(incidentsToFrame(answer.incidents, target.refId, target.services, target.minConfidence ?? 0));
        } else {
          const timeline = await this.api.timeline(from, to, chooseTimelineStep(to - from, target.stepSeconds));
          data.push(timelineToFrame(timeline, target.refId, target.services));
        }
      } catch (error) {
        errors.push({ refId: target.refId, message: error instanceof Error ? error.message : String(error) });
      }
    }
    return { data, errors: errors.length ? errors : undefined };
  }

  /** Reports backend health, the active model and its age; answers a status rather than throwing. */
  async testDatasource(): Promise<TestDataSourceResponse> {
    let health: Health;
    try {
      health = await this.api.health();
    } catch (error) {
      return { status: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    return healthToTestResult(health, Date.now());
  }
}

/** The health check's verdict: error when nothing can be diagnosed, warning when something needs attention. */
export function healthToTestResult(health: Health, now: number): TestDataSourceResponse {
  const parts = [`Culprit backend ${health.version} answered.`];
  let status: 'success' | 'warning' | 'error' = health.status === 'ok' ? 'success' : 'warning';
  if (health.model) {
    const classifier = health.model.classifier ? `, ${health.model.classifier}` : '';
    parts.push(
      `Active model "${health.model.name}" (#${health.model.id}${classifier}), trained ${formatAge(now - health.model.createdAt)} ago.`
    );
  } else {
    status = 'warning';
    parts.push('No model is active: train one on the Models page of the Culprit app.');
  }
  if (health.prometheus.reachable) {
    parts.push('Prometheus is reachable.');
  } else {
    status = 'error';
    parts.push(`The backend cannot reach Prometheus${health.prometheus.error ? `: ${health.prometheus.error}` : ''}.`);
  }
  return { status, message: parts.join(' ') };
}

/** A duration as people say it: `45 seconds`, `3 minutes`, `5 hours`, `2 days`. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const units: Array<[string, number]> = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [name, size] of units) {
    if (seconds >= size) {
      const count = Math.floor(seconds / size);
      return `${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}
