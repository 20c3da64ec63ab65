import { PanelPlugin } from '@grafana/data';
import { DiagnosisPanel } from './components/DiagnosisPanel';

export const plugin = new PanelPlugin(DiagnosisPanel);
