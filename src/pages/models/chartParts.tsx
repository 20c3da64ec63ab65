import React from 'react';
import { GrafanaTheme2 } from '@grafana/data';

/** The colour of the `index`-th series in Grafana's visualization palette, so the charts match the dashboards. */
export function seriesColour(theme: GrafanaTheme2, index: number): string {
  const palette = theme.visualization.palette;
  return theme.visualization.getColorByName(palette[index % palette.length]);
}

/** A share as the page's charts print it: `0.5` → `50%`. */
export const percent = (share: number) => `${Math.round(share * 100)}%`;

interface ShareGridProps {
  theme: GrafanaTheme2;
  /** Left and right ends of the grid lines (the plotting area). */
  left: number;
  right: number;
  /** Page y of a share. */
  y: (share: number) => number;
  format?: (share: number) => string;
  ticks?: number[];
}

/** The ticks of a whole share axis: 0, ¼, ½, ¾ and 1. */
export const SHARE_TICKS = [0, 0.25, 0.5, 0.75, 1];

/**
 * A share axis zoomed to values from `lowest` to 1: five ticks a round step apart (a multiple of 0.05), ending at 1,
 * the first at or below `lowest`. The whole axis when the values reach down that far anyway.
 */
export function zoomedShareTicks(lowest: number): number[] {
  const step = Math.max(1, Math.ceil(((1 - lowest) / 4) * 20 - 1e-9)) / 20;
  if (4 * step >= 1) {
    return SHARE_TICKS;
  }
  // Rounded so the labels print 0.85, not 0.8500000000000001.
  return [4, 3, 2, 1, 0].map((i) => Math.round((1 - i * step) * 100) / 100);
}

/** Horizontal grid lines at the ticks of a share axis, labelled on the left: the y axis of every chart here. */
export function ShareGrid({ theme, left, right, y, format = percent, ticks = SHARE_TICKS }: ShareGridProps) {
  return (
    <>
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={left} x2={right} y1={y(tick)} y2={y(tick)} stroke={theme.colors.border.weak} />
          <text x={left - 6} y={y(tick) + 4} textAnchor="end" fontSize={11} fill={theme.colors.text.secondary}>
            {format(tick)}
          </text>
        </g>
      ))}
    </>
  );
}
