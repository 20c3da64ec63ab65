import React from 'react';
import { PanelProps } from '@grafana/data';

export function DiagnosisPanel(_props: PanelProps) {
  return <div>Culprit diagnosis</div>;
}
