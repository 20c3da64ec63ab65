import { PanelModel } from '@grafana/data';

import { defaultPanelOptions, PANEL_OPTIONS_VERSION, PanelOptions } from './types';

/**
 * Options as version 1 of the panel stored them: the data source by *name* (names change when someone renames the
 * data source; uids do not), the service label as `labelName`, and a boolean instead of the drag mode.
 */
export interface PanelOptionsV1 {
  datasource?: string;
  labelName?: string;
  selectOnDrag?: boolean;
  dim?: number;
  showEvidence?: boolean;
}

/** Resolves a data source name to its uid; Grafana's `getDataSourceSrv().getInstanceSettings(name)?.uid`. */
export type DatasourceUidResolver = (name: string) => string | undefined;

/**
 * Upgrades stored options of any earlier version to the current one. Unknown keys are kept, missing ones take the
 * defaults; options already at the current version pass through unchanged.
 */
export function migrateOptions(
  stored: Record<string, unknown> | undefined,
  resolveUid: DatasourceUidResolver
): PanelOptions {
  const options = { ...(stored ?? {}) } as Record<string, unknown>;
  const version = typeof options.optionsVersion === 'number' ? options.optionsVersion : 1;
  if (version > PANEL_OPTIONS_VERSION) {
    // Written by a newer plugin: keep it as it is rather than losing what we do not understand.
    return { ...defaultPanelOptions, ...options } as PanelOptions;
  }
  if (version < 2) {
    const v1 = options as PanelOptionsV1;
    if (typeof v1.datasource === 'string' && v1.datasource !== '') {
      // A name that no longer resolves becomes "the first Culprit data source" rather than a broken reference.
      options.datasourceUid = resolveUid(v1.datasource) ?? '';
    }
    if (typeof v1.labelName === 'string' && v1.labelName !== '') {
      options.serviceLabel = v1.labelName;
    }
    if (typeof v1.selectOnDrag === 'boolean') {
      options.dragMode = v1.selectOnDrag ? 'select' : 'zoom';
    }
    if (typeof v1.dim === 'number') {
      // v1 stored how much to dim (0 = not at all); v2 stores the opacity that remains.
      options.dimOpacity = clamp01(1 - v1.dim);
    }
    delete options.datasource;
    delete options.labelName;
    delete options.selectOnDrag;
    delete options.dim;
  }
  return { ...defaultPanelOptions, ...options, optionsVersion: PANEL_OPTIONS_VERSION } as PanelOptions;
}

/** Grafana's migration handler for this panel: runs on load when the stored plugin version differs. */
export function makeMigrationHandler(resolveUid: DatasourceUidResolver) {
  return (panel: PanelModel<Partial<PanelOptions>>): PanelOptions =>
    migrateOptions(panel.options as Record<string, unknown> | undefined, resolveUid);
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
