import { DataSourcePlugin } from '@grafana/data';
import { CulpritDataSource } from './datasource';

export const plugin = new DataSourcePlugin(CulpritDataSource);
