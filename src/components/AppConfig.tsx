import React, { useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { css } from '@emotion/css';
import { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { DataSourcePicker, getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, useStyles2 } from '@grafana/ui';

import { CULPRIT_DATASOURCE_ID } from '../api/findCulpritDatasource';
import { AppSettings } from '../types';

type Props = PluginConfigPageProps<AppPluginMeta<AppSettings>>;

/** The app's configuration page: which Culprit data source the Fault library, Campaigns and Models pages use. */
export function AppConfig({ plugin }: Props) {
  const styles = useStyles2(getStyles);
  const { enabled, pinned, jsonData } = plugin.meta;
  const [datasourceUid, setDatasourceUid] = useState(jsonData?.datasourceUid ?? '');
  const [error, setError] = useState<string | null>(null);

  const save = async (settings: { enabled: boolean; pinned: boolean }) => {
    try {
      await lastValueFrom(
        getBackendSrv().fetch({
          url: `/api/plugins/${plugin.meta.id}/settings`,
          method: 'POST',
          data: { ...settings, jsonData: { ...jsonData, datasourceUid } },
        })
      );
      // Grafana reads app settings at page load; reload so the app and its navigation pick them up.
      window.location.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : `Saving failed: ${JSON.stringify(e)}`);
    }
  };

  return (
    <div className={styles.page}>
      <FieldSet label="Culprit backend">
        <Field
          label="Culprit data source"
          description="The app's pages reach the backend through this data source (its proxy adds the API token). Empty: the first Culprit data source."
        >
          <DataSourcePicker
            pluginId={CULPRIT_DATASOURCE_ID}
            current={datasourceUid || null}
            noDefault
            width={40}
            onClear={() => setDatasourceUid('')}
            onChange={(settings) => setDatasourceUid(settings.uid)}
          />
        </Field>
      </FieldSet>
      {error ? (
        <Alert severity="error" title="Could not save the settings">
          {error}
        </Alert>
      ) : null}
      <div className={styles.buttons}>
        {enabled ? (
          <>
            <Button onClick={() => save({ enabled: true, pinned: Boolean(pinned) })}>Save</Button>
            <Button variant="destructive" onClick={() => save({ enabled: false, pinned: false })}>
              Disable
            </Button>
          </>
        ) : (
          <Button onClick={() => save({ enabled: true, pinned: true })}>Enable</Button>
        )}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ maxWidth: 720 }),
  buttons: css({ display: 'flex', gap: theme.spacing(1) }),
});
