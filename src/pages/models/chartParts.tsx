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
}

/** Horizontal grid lines at 0, ¼, ½, ¾ and 1 of a share axis, labelled on the left: the y axis of every chart here. */
export function ShareGrid({ theme, left, right, y, format = percent }: ShareGridProps) {
  return (
    <>
      {[0, 0.25, 0.5, 0.75, 1].map((tick) => (
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
