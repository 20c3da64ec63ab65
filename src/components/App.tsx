import React from 'react';
import { AppRootProps } from '@grafana/data';

/** Root page of the Culprit app; the pages arrive with the app-plugin issue. */
export function App(_props: AppRootProps) {
  return <div>Culprit</div>;
}
