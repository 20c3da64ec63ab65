import React from 'react';
import { DataFrame, TimeRange } from '@grafana/data';
import { TimeZone, VizLegendOptions } from '@grafana/schema';
import { TimeSeries } from '@grafana/ui';

import { DragMode, TimeWindow } from '../types';
import { SelectionPlugin } from './SelectionPlugin';

interface Props {
  frames: DataFrame[];
  width: number;
  height: number;
  timeRange: TimeRange;
  timeZone: TimeZone;
  legend: VizLegendOptions;
  mode: DragMode;
  window: TimeWindow | null;
  shadeColor: string;
  edgeColor: string;
  onSelect: (window: TimeWindow) => void;
  onZoom: (window: TimeWindow) => void;
}

/** The panel's series on Grafana's uPlot time-series graph, with the selection and window shading added. */
export function DiagnosisChart(props: Props) {
  return (
    <TimeSeries
      frames={props.frames}
      width={props.width}
      height={props.height}
      timeRange={props.timeRange}
      timeZone={props.timeZone}
      legend={props.legend}
    >
      {(config) => (
        <SelectionPlugin
          config={config}
          mode={props.mode}
          window={props.window}
          shadeColor={props.shadeColor}
          edgeColor={props.edgeColor}
          onSelect={props.onSelect}
          onZoom={props.onZoom}
        />
      )}
    </TimeSeries>
  );
}
