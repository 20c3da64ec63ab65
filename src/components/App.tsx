import React, { useMemo } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';

import { findCulpritDatasource } from '../api/findCulpritDatasource';
import { CampaignsPage } from '../pages/campaigns/CampaignsPage';
import { CulpritApiContext } from '../pages/common/useCulpritApi';
import { LibraryPage } from '../pages/library/LibraryPage';
import { ModelsPage } from '../pages/models/ModelsPage';
import { AppSettings } from '../types';

/** The app's root: one route per page of plugin.json's `includes`, all talking to the configured data source. */
export function App({ meta }: AppRootProps<AppSettings>) {
  const datasourceUid = meta.jsonData?.datasourceUid ?? '';
  const lookup = useMemo(() => findCulpritDatasource(datasourceUid), [datasourceUid]);
  return (
    <CulpritApiContext.Provider value={lookup}>
      <Routes>
        <Route
          path="library"
          element={
            <Page>
              <LibraryPage />
            </Page>
          }
        />
        <Route
          path="campaigns"
          element={
            <Page>
              <CampaignsPage />
            </Page>
          }
        />
        <Route
          path="models"
          element={
            <Page>
              <ModelsPage />
            </Page>
          }
        />
        <Route path="*" element={<Navigate to="library" replace />} />
      </Routes>
    </CulpritApiContext.Provider>
  );
}

function Page({ children }: { children: React.ReactNode }) {
  return <PluginPage>{children}</PluginPage>;
}
