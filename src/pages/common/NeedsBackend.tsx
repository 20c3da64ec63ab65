import React from 'react';
import { Alert } from '@grafana/ui';

import { CulpritApi } from '../../api/culpritApi';
import { useCulpritApi } from './useCulpritApi';

/** Renders `children` with the API client, or says how to connect the app to a backend. */
export function NeedsBackend({ children }: { children: (api: CulpritApi) => React.ReactNode }) {
  const lookup = useCulpritApi();
  if (!lookup.ok) {
    return (
      <Alert severity="warning" title="No Culprit backend">
        {lookup.message}
      </Alert>
    );
  }
  return <>{children(lookup.api)}</>;
}
