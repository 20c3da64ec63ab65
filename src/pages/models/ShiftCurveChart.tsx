import React from 'react';
import { useTheme2 } from '@grafana/ui';

import { seriesColour, SHARE_TICKS, ShareGrid, zoomedShareTicks } from './chartParts';
import { ShiftCurves, ShiftMeasure } from './shiftCurves';

interface Props {
  data: ShiftCurves;
  measure?: ShiftMeasure;
  /** The y axis from a little below the lowest value instead of from 0: curves near 1 are then told apart. */
  zoom?: boolean;
  width?: number;
  height?: number;
}

/** What each measure is called on the y axis, in titles and in the accessible name. */
export const SHIFT_MEASURE_LABELS: Record<ShiftMeasure, string> = {
  serviceAc1: 'service AC@1',
  serviceFaultAccuracy: '(service, fault) accuracy',
};

const MARGIN = { top: 12, right: 16, bottom: 44, left: 64 };
const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'circle', 'square', 'triangle'] as const;

/**
 * Accuracy against onset shift: one line per classifier, with a marker per measured shift, and the unsupervised
 * baseline dashed in the text colour. Curves often coincide (the kNN variants answer alike), so earlier curves are
 * drawn wider and with larger hollow markers underneath later ones: every curve stays visible where they overlap.
 */
export function ShiftCurveChart({ data, measure = 'serviceAc1', zoom = false, width = 640, height = 300 }: Props) {
  const theme = useTheme2();
  const label = SHIFT_MEASURE_LABELS[measure];
  const drawn = data.curves
    .map((curve, index) => ({ curve, index }))
    .filter(({ curve }) => curve.points.some((p) => p !== null && p[measure] !== null));
  const plotWidth = Math.max(10, width - MARGIN.left - MARGIN.right);
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const xMin = Math.min(...data.shiftsSeconds);
  const xMax = Math.max(...data.shiftsSeconds);
  // A little room at both ends so the end markers are not cut by the plotting area.
  const pad = 0.04 * plotWidth;
  // Coordinates to a hundredth of a pixel: shorter markup, and no 73.00000000000007.
  const x = (shift: number) =>
    hundredths(
      MARGIN.left + (xMax === xMin ? plotWidth / 2 : pad + ((shift - xMin) / (xMax - xMin)) * (plotWidth - 2 * pad))
    );
  const values = drawn.flatMap(({ curve }) => curve.points.map((p) => p?.[measure] ?? 1));
  const ticks = zoom ? zoomedShareTicks(Math.min(...values)) : SHARE_TICKS;
  const y = (share: number) => hundredths(MARGIN.top + plotHeight * ((1 - share) / (1 - ticks[0])));
  const styleOf = (index: number, baseline: boolean) => ({
    colour: baseline ? theme.colors.text.secondary : seriesColour(theme, index),
    dash: baseline ? '6 4' : undefined,
    lineWidth: Math.max(1.5, 6 - 0.9 * index),
    markerSize: Math.max(3, 7 - 0.6 * index),
    marker: MARKERS[index % MARKERS.length],
  });
  const left = data.curves.filter((c) => !drawn.some((d) => d.curve === c));

  return (
    <figure style={{ margin: 0, display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', gap: theme.spacing(2) }}>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`${label} against onset shift: ${drawn.map(({ curve }) => curve.name).join(', ')}`}
      >
        <ShareGrid
          theme={theme}
          left={MARGIN.left}
          right={width - MARGIN.right}
          y={y}
          format={(v) => v.toFixed(2)}
          ticks={ticks}
        />
        {data.shiftsSeconds.map((shift) => (
          <g key={shift}>
            {shift === 0 ? (
              <line
                x1={x(0)}
                x2={x(0)}
                y1={MARGIN.top}
                y2={MARGIN.top + plotHeight}
                stroke={theme.colors.border.medium}
                strokeDasharray="2 3"
              />
            ) : null}
            <text
              x={x(shift)}
              y={MARGIN.top + plotHeight + 16}
              textAnchor="middle"
              fontSize={11}
              fill={theme.colors.text.secondary}
            >
              {signed(shift)}
            </text>
          </g>
        ))}
        <text
          x={MARGIN.left + plotWidth / 2}
          y={height - 6}
          textAnchor="middle"
          fontSize={12}
          fill={theme.colors.text.primary}
        >
          onset shift (s)
        </text>
        <text
          transform={`translate(14, ${MARGIN.top + plotHeight / 2}) rotate(-90)`}
          textAnchor="middle"
          fontSize={12}
          fill={theme.colors.text.primary}
        >
          {label}
        </text>
        {drawn.map(({ curve, index }) => {
          const style = styleOf(index, curve.baseline);
          return (
            <g key={curve.name} data-testid={`shift-curve-${curve.name}`}>
              {runs(curve.points.map((p) => p?.[measure] ?? null)).map((run) => (
                <polyline
                  key={run[0]}
                  points={run.map((i) => `${x(data.shiftsSeconds[i])},${y(curve.points[i]![measure]!)}`).join(' ')}
                  fill="none"
                  stroke={style.colour}
                  strokeWidth={style.lineWidth}
                  strokeDasharray={style.dash}
                  strokeLinejoin="round"
                />
              ))}
            </g>
          );
        })}
        {drawn.map(({ curve, index }) => {
          const style = styleOf(index, curve.baseline);
          return (
            <g key={curve.name} data-testid={`shift-points-${curve.name}`}>
              {curve.points.map((point, i) => {
                const value = point?.[measure] ?? null;
                if (point === null || value === null) {
                  return null;
                }
                const hits =
                  point.queries !== null ? ` (${Math.round(value * point.queries)} of ${point.queries})` : '';
                return (
                  <Marker
                    key={i}
                    shape={style.marker}
                    x={x(data.shiftsSeconds[i])}
                    y={y(value)}
                    size={style.markerSize}
                    stroke={style.colour}
                    fill={theme.colors.background.primary}
                    title={`${curve.name} at ${signed(data.shiftsSeconds[i])} s: ${label} ${value.toFixed(3)}${hits}`}
                  />
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption style={{ fontSize: theme.typography.bodySmall.fontSize }}>
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Legend">
          {drawn.map(({ curve, index }) => {
            const style = styleOf(index, curve.baseline);
            return (
              <li key={curve.name} style={{ display: 'flex', alignItems: 'center', gap: theme.spacing(1) }}>
                <svg width={36} height={18} aria-hidden="true">
                  <line
                    x1={2}
                    x2={34}
                    y1={9}
                    y2={9}
                    stroke={style.colour}
                    strokeWidth={2}
                    strokeDasharray={style.dash}
                  />
                  <Marker
                    shape={style.marker}
                    x={18}
                    y={9}
                    size={5}
                    stroke={style.colour}
                    fill={theme.colors.background.primary}
                  />
                </svg>
                {curve.name}
              </li>
            );
          })}
        </ul>
        {left.length ? (
          <p style={{ color: theme.colors.text.secondary, margin: theme.spacing(1, 0, 0) }}>
            No {label} for {left.map((c) => c.name).join(', ')}.
          </p>
        ) : null}
      </figcaption>
    </figure>
  );
}

interface MarkerProps {
  shape: (typeof MARKERS)[number];
  x: number;
  y: number;
  /** Half the marker's width. */
  size: number;
  stroke: string;
  fill: string;
  title?: string;
}

/** A hollow marker: its shape tells curves of the same colour (palette wrap-around) and coincident points apart. */
function Marker({ shape, x, y, size, stroke, fill, title }: MarkerProps) {
  const common = { stroke, fill, strokeWidth: 1.5 };
  const tooltip = title ? <title>{title}</title> : null;
  if (shape === 'circle') {
    return (
      <circle cx={x} cy={y} r={size} {...common}>
        {tooltip}
      </circle>
    );
  }
  if (shape === 'square') {
    return (
      <rect x={x - size} y={y - size} width={2 * size} height={2 * size} {...common}>
        {tooltip}
      </rect>
    );
  }
  const s = size * 1.2;
  const corners =
    shape === 'triangle'
      ? [
          [x, y - s],
          [x + s, y + s * 0.8],
          [x - s, y + s * 0.8],
        ]
      : shape === 'triangle-down'
        ? [
            [x, y + s],
            [x + s, y - s * 0.8],
            [x - s, y - s * 0.8],
          ]
        : [
            [x, y - s],
            [x + s, y],
            [x, y + s],
            [x - s, y],
          ];
  return (
    <polygon points={corners.map((c) => c.join(',')).join(' ')} {...common}>
      {tooltip}
    </polygon>
  );
}

/** Index runs of consecutive measured values: a missing value breaks the line rather than dropping it to 0. */
function runs(values: Array<number | null>): number[][] {
  const found: number[][] = [];
  let current: number[] = [];
  values.forEach((value, i) => {
    if (value === null) {
      current = [];
      return;
    }
    if (current.length === 0) {
      found.push(current);
    }
    current.push(i);
  });
  return found;
}

/** A shift as the axis prints it: −60, 0, +30 (a real minus sign). */
function signed(seconds: number): string {
  return seconds > 0 ? `+${seconds}` : seconds < 0 ? `−${-seconds}` : '0';
}

function hundredths(value: number): number {
  return Math.round(value * 100) / 100;
}
