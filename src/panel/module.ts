import { FieldColorModeId, FieldConfigProperty, PanelPlugin } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { commonOptionsBuilder } from '@grafana/ui';

import { DatasourceOptionEditor } from './components/DatasourceOptionEditor';
import { DiagnosisPanel } from './components/DiagnosisPanel';
import { makeMigrationHandler } from './migrations';
import { defaultPanelOptions, PanelOptions } from './types';

export const plugin = new PanelPlugin<PanelOptions>(DiagnosisPanel)
  .setMigrationHandler(makeMigrationHandler((name) => getDataSourceSrv().getInstanceSettings(name)?.uid))
  .useFieldConfig({
    standardOptions: {
      [FieldConfigProperty.Color]: { defaultValue: { mode: FieldColorModeId.PaletteClassic } },
    },
    useCustomConfig: (builder) => {
      builder
        .addSliderInput({
          path: 'lineWidth',
          name: 'Line width',
          defaultValue: 1,
          settings: { min: 0, max: 10, step: 1 },
        })
        .addSliderInput({
          path: 'fillOpacity',
          name: 'Fill opacity',
          defaultValue: 0,
          settings: { min: 0, max: 100, step: 1 },
        });
    },
  })
  .setPanelOptions((builder) => {
    builder
      .addCustomEditor({
        id: 'datasourceUid',
        path: 'datasourceUid',
        name: 'Culprit data source',
        description: 'Answers the diagnoses. Empty: the first Culprit data source.',
        editor: DatasourceOptionEditor,
        defaultValue: defaultPanelOptions.datasourceUid,
        category: ['Culprit'],
      })
      .addTextInput({
        path: 'serviceLabel',
        name: 'Service label',
        description:
          'The series label that names the service (service, container, name, job…), to highlight the culprit.',
        defaultValue: defaultPanelOptions.serviceLabel,
        category: ['Culprit'],
      })
      .addRadio({
        path: 'dragMode',
        name: 'Drag on load',
        defaultValue: defaultPanelOptions.dragMode,
        settings: {
          options: [
            { value: 'select', label: 'Select for diagnosis' },
            { value: 'zoom', label: 'Zoom' },
          ],
        },
        category: ['Culprit'],
      })
      .addSliderInput({
        path: 'dimOpacity',
        name: 'Opacity of other series',
        defaultValue: defaultPanelOptions.dimOpacity,
        settings: { min: 0.05, max: 1, step: 0.05 },
        category: ['Culprit'],
      })
      .addNumberInput({
        path: 'rankingSize',
        name: 'Ranked answers',
        defaultValue: defaultPanelOptions.rankingSize,
        settings: { min: 1, max: 20, integer: true },
        category: ['Culprit'],
      })
      .addBooleanSwitch({
        path: 'showEvidence',
        name: 'Show evidence',
        description: 'Nearest past episodes and the features that weigh most.',
        defaultValue: defaultPanelOptions.showEvidence,
        category: ['Culprit'],
      })
      .addNumberInput({
        path: 'optionsVersion',
        name: 'Options version',
        defaultValue: defaultPanelOptions.optionsVersion,
        showIf: () => false,
      });
    commonOptionsBuilder.addLegendOptions(builder);
  });
