import React, { useCallback, useMemo, useRef, useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { css } from '@emotion/css';
import { colorManipulator, FieldType, GrafanaTheme2, PanelProps } from '@grafana/data';
import { getBackendSrv, PanelDataErrorView } from '@grafana/runtime';
import { Button, RadioButtonGroup, useStyles2, useTheme2 } from '@grafana/ui';

import { toApiError } from '../../api/culpritApi';
import { annotationForDiagnosis } from '../annotation';
import { findCulpritDatasource } from '../../api/findCulpritDatasource';
import { prepareDiagnosisFrames } from '../prepareDiagnosisFrames';
import { DragMode, PanelOptions, TimeWindow } from '../types';
import { DiagnosisChart } from './DiagnosisChart';
import { ActionStatus, DiagnosisState, DiagnosisSummary } from './DiagnosisSummary';

const TOOLBAR_HEIGHT = 32;
const GAP = 8;
/** Below this width the answer goes under the graph instead of beside it. */
const SIDE_BY_SIDE_MIN_WIDTH = 640;

const MODE_OPTIONS: Array<{ label: string; value: DragMode; icon: 'search-plus' | 'arrows-h'; description: string }> = [
  { label: 'Zoom', value: 'zoom', icon: 'search-plus', description: 'Drag to zoom the dashboard time range' },
  { label: 'Select', value: 'select', icon: 'arrows-h', description: 'Drag to pick a window and diagnose it' },
];

/**
 * The Culprit diagnosis panel: draws the panel's own series, lets the SRE pick a window (drag in Select mode, or the
 * dashboard range), asks the backend which service and fault it is, and shows the answer on the graph and beside it.
 */
export function DiagnosisPanel(props: PanelProps<PanelOptions>) {
  const { data, width, height, options, timeRange, timeZone, onChangeTimeRange, id, fieldConfig } = props;
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const [mode, setMode] = useState<DragMode>(options.dragMode);
  const [state, setState] = useState<DiagnosisState>({ kind: 'idle' });
  const [annotationStatus, setAnnotationStatus] = useState<ActionStatus>({ kind: 'idle' });
  const requestSeq = useRef(0);

  // A change of the option (in the panel editor) resets the toolbar's mode; React's derived-state pattern.
  const [optionMode, setOptionMode] = useState<DragMode>(options.dragMode);
  if (optionMode !== options.dragMode) {
    setOptionMode(options.dragMode);
    setMode(options.dragMode);
  }

  const datasource = useMemo(() => findCulpritDatasource(options.datasourceUid), [options.datasourceUid]);
  const diagnosis = state.kind === 'done' ? state.diagnosis : null;
  const prepared = useMemo(
    () =>
      prepareDiagnosisFrames(
        data.series,
        diagnosis,
        { serviceLabel: options.serviceLabel, dimOpacity: options.dimOpacity },
        theme
      ),
    [data.series, diagnosis, options.serviceLabel, options.dimOpacity, theme]
  );

  const diagnose = useCallback(
    async (window: TimeWindow) => {
      const seq = ++requestSeq.current;
      setAnnotationStatus({ kind: 'idle' });
      if (!datasource.ok) {
        setState({ kind: 'error', window, message: datasource.message });
        return;
      }
      setState({ kind: 'loading', window });
      try {
        const answer = await datasource.api.diagnose({ from: Math.round(window.from), to: Math.round(window.to) });
        // A newer selection may have been made while this one was on its way; only the newest may win.
        if (seq === requestSeq.current) {
          setState({ kind: 'done', window: { from: answer.window.from, to: answer.window.to }, diagnosis: answer });
        }
      } catch (error) {
        if (seq === requestSeq.current) {
          setState({ kind: 'error', window, message: error instanceof Error ? error.message : String(error) });
        }
      }
    },
    [datasource]
  );

  const onZoom = useCallback((window: TimeWindow) => onChangeTimeRange(window), [onChangeTimeRange]);
  const diagnoseDashboardRange = () => diagnose({ from: timeRange.from.valueOf(), to: timeRange.to.valueOf() });

  const saveAnnotation = async () => {
    if (!diagnosis) {
      return;
    }
    setAnnotationStatus({ kind: 'busy' });
    const body = annotationForDiagnosis(diagnosis, data.request?.dashboardUID, id);
    try {
      const response = await lastValueFrom(
        getBackendSrv().fetch<{ id?: number }>({
          url: '/api/annotations',
          method: 'POST',
          data: body,
          showErrorAlert: false,
        })
      );
      setAnnotationStatus({
        kind: 'done',
        message: `Saved as annotation${response.data?.id ? ` #${response.data.id}` : ''}`,
      });
    } catch (error) {
      setAnnotationStatus({ kind: 'error', message: toApiError(error, 'POST', '/api/annotations').message });
    }
  };

  const sendFeedback = async (verdict: 'confirm' | 'correct', actual: { service: string; fault: string }) => {
    if (!diagnosis || !datasource.ok) {
      throw new Error('There is no diagnosis to give feedback on.');
    }
    // A confirmed episode spans what was classified: the located stretch of a long selection, else the selection.
    const episode = diagnosis.located ?? diagnosis.window;
    await datasource.api.feedback({
      from: episode.from,
      to: episode.to,
      modelId: diagnosis.model.id,
      verdict,
      service: actual.service,
      fault: actual.fault,
    });
    return verdict === 'confirm'
      ? 'Confirmed: thanks, it joins the fault library.'
      : `Corrected to ${actual.service}: ${actual.fault}.`;
  };

  const hasNumbers = data.series.some((frame) => frame.fields.some((field) => field.type === FieldType.number));
  const hasTime = data.series.some((frame) => frame.fields.some((field) => field.type === FieldType.time));
  if (!hasNumbers || !hasTime) {
    return <PanelDataErrorView panelId={id} fieldConfig={fieldConfig} data={data} needsTimeField needsNumberField />;
  }

  const sideBySide = width >= SIDE_BY_SIDE_MIN_WIDTH;
  const sidebarWidth = sideBySide ? Math.round(Math.min(380, Math.max(260, width * 0.32))) : width;
  const bodyHeight = Math.max(0, height - TOOLBAR_HEIGHT - GAP);
  const sidebarHeight = sideBySide ? bodyHeight : Math.min(260, Math.round(bodyHeight * 0.5));
  const chartWidth = sideBySide ? width - sidebarWidth - GAP : width;
  const chartHeight = sideBySide ? bodyHeight : bodyHeight - sidebarHeight - GAP;
  const shownWindow = state.kind === 'idle' ? null : state.window;
  // The window takes the answer's colour: red for a named culprit, green for normal, amber for unknown.
  const shadeBase = !diagnosis
    ? theme.colors.primary.main
    : diagnosis.status === 'unknown'
      ? theme.colors.warning.main
      : diagnosis.culprit
        ? theme.colors.error.main
        : theme.colors.success.main;

  return (
    <div className={styles.root} data-testid="culprit-panel" data-state={state.kind}>
      <div className={styles.toolbar} style={{ height: TOOLBAR_HEIGHT }}>
        <RadioButtonGroup size="sm" options={MODE_OPTIONS} value={mode} onChange={setMode} aria-label="Drag mode" />
        <Button
          size="sm"
          variant="secondary"
          icon="bug"
          onClick={diagnoseDashboardRange}
          disabled={state.kind === 'loading'}
        >
          Diagnose dashboard range
        </Button>
        <span className={styles.source} title="Culprit data source">
          {datasource.ok ? datasource.settings.name : 'no Culprit data source'}
        </span>
      </div>
      <div className={styles.body} style={{ flexDirection: sideBySide ? 'row' : 'column' }}>
        <div data-testid="culprit-chart" style={{ width: chartWidth, height: chartHeight }}>
          <DiagnosisChart
            frames={prepared.frames}
            width={chartWidth}
            height={chartHeight}
            timeRange={timeRange}
            timeZone={timeZone}
            legend={options.legend}
            mode={mode}
            window={shownWindow}
            shadeColor={colorManipulator.alpha(shadeBase, 0.12)}
            edgeColor={colorManipulator.alpha(shadeBase, 0.8)}
            onSelect={diagnose}
            onZoom={onZoom}
          />
        </div>
        <div className={styles.sidebar} style={{ width: sidebarWidth, height: sidebarHeight }}>
          <DiagnosisSummary
            state={state}
            timeZone={timeZone}
            rankingSize={options.rankingSize}
            showEvidence={options.showEvidence}
            knownServices={prepared.services}
            matchWarning={prepared.warning}
            setupProblem={datasource.ok ? undefined : datasource.message}
            culpritColor={prepared.culpritColor}
            onRetry={() => shownWindow && diagnose(shownWindow)}
            onSaveAnnotation={saveAnnotation}
            annotationStatus={annotationStatus}
            onFeedback={sendFeedback}
          />
        </div>
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ display: 'flex', flexDirection: 'column', gap: GAP, width: '100%', height: '100%' }),
  toolbar: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1) }),
  source: css({
    marginLeft: 'auto',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  body: css({ display: 'flex', gap: GAP }),
  sidebar: css({ overflowY: 'auto', overflowX: 'hidden', paddingRight: theme.spacing(0.5) }),
});
