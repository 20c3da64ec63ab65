import { DataQuery, DataQueryRequest, DataQueryResponse, DataSourceApi, DataSourceInstanceSettings } from '@grafana/data';

export class CulpritDataSource extends DataSourceApi<DataQuery> {
  constructor(settings: DataSourceInstanceSettings) {
    super(settings);
  }

  async query(_request: DataQueryRequest<DataQuery>): Promise<DataQueryResponse> {
    return { data: [] };
  }

  async testDatasource() {
    return { status: 'success', message: 'ok' };
  }
}
