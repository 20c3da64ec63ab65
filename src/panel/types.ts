import { VizLegendOptions } from '@grafana/schema';

/** The version of the stored panel options that this build writes; `migrations.ts` upgrades older ones. */
export const PANEL_OPTIONS_VERSION = 2;

/** What a drag on the graph does: Grafana's usual zoom, or picking the window to diagnose. */
export type DragMode = 'zoom' | 'select';

/** Options of the Culprit diagnosis panel, as stored in the dashboard JSON. */
export interface PanelOptions {
  optionsVersion: number;
  /** uid of the Culprit data source that answers diagnoses; empty means the first Culprit data source. */
  datasourceUid: string;
  /** The series label that names the service, e.g. `service`, `container`, `name`, `job`. */
  serviceLabel: string;
  /** What a drag does when the panel loads. */
  dragMode: DragMode;
  /** Opacity (0..1) of the series that are not the culprit while a diagnosis is shown. */
  dimOpacity: number;
  /** Show the nearest past episodes and the top features under the ranking. */
  showEvidence: boolean;
  /** How many ranked answers to list. */
  rankingSize: number;
  legend: VizLegendOptions;
}

export const defaultPanelOptions: PanelOptions = {
  optionsVersion: PANEL_OPTIONS_VERSION,
  datasourceUid: '',
  serviceLabel: 'service',
  dragMode: 'select',
  dimOpacity: 0.25,
  showEvidence: true,
  rankingSize: 5,
  legend: { showLegend: true, displayMode: 'list' as VizLegendOptions['displayMode'], placement: 'bottom', calcs: [] },
};

/** A time window picked for diagnosis, epoch milliseconds. */
export interface TimeWindow {
  from: number;
  to: number;
}
