import { DataSourceInstanceSettings } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';

import { CulpritApi } from './culpritApi';

/** The plugin id of the Culprit data source, through which the panel reaches the backend. */
export const CULPRIT_DATASOURCE_ID = 'culprit-datasource';

export type DatasourceLookup =
  { ok: true; api: CulpritApi; settings: DataSourceInstanceSettings } | { ok: false; message: string };

/**
 * Finds the Culprit data source the panel should use: the one whose uid the panel option names, else the first
 * Culprit data source. The API client talks to it through Grafana's data-source proxy URL.
 */
export function findCulpritDatasource(uid: string): DatasourceLookup {
  const srv = getDataSourceSrv();
  const candidates = srv.getList({ pluginId: CULPRIT_DATASOURCE_ID });
  let settings: DataSourceInstanceSettings | undefined;
  if (uid) {
    settings = srv.getInstanceSettings(uid);
    if (!settings || settings.type !== CULPRIT_DATASOURCE_ID) {
      return {
        ok: false,
        message: `The Culprit data source "${uid}" chosen in the panel options does not exist (any more). Pick another under "Culprit data source".`,
      };
    }
  } else {
    settings = candidates[0];
  }
  if (!settings) {
    return {
      ok: false,
      message:
        'No Culprit data source is configured. Add one under Connections → Data sources → Culprit, with the backend URL and API token.',
    };
  }
  if (!settings.url) {
    return {
      ok: false,
      message: `The Culprit data source "${settings.name}" has no proxy URL: set its access mode to "Server" (the default).`,
    };
  }
  return { ok: true, api: new CulpritApi(settings.url), settings };
}
