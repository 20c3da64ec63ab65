import React from 'react';
import { StandardEditorProps } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';

import { CULPRIT_DATASOURCE_ID } from '../../api/findCulpritDatasource';

/** Panel option editor: picks one Culprit data source; cleared means "the first one". */
export function DatasourceOptionEditor({ value, onChange }: StandardEditorProps<string>) {
  return (
    <DataSourcePicker
      pluginId={CULPRIT_DATASOURCE_ID}
      current={value || null}
      noDefault
      onClear={() => onChange('')}
      onChange={(settings) => onChange(settings.uid)}
    />
  );
}
