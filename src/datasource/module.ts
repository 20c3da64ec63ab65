import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { CulpritDataSource } from './datasource';
import { CulpritJsonData, CulpritQuery } from './types';

export const plugin = new DataSourcePlugin<CulpritDataSource, CulpritQuery, CulpritJsonData>(CulpritDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
