import React from 'react';
import { useTheme2 } from '@grafana/ui';

import { AccuracyChartData } from './accuracyBars';
import { seriesColour, ShareGrid } from './chartParts';

interface Props {
  data: AccuracyChartData;
  width: number;
  height?: number;
}

const MARGIN = { top: 12, right: 12, bottom: 56, left: 40 };

/** Grouped bars, one group per classifier, one bar per accuracy measure; hand-drawn SVG in Grafana's palette. */
export function AccuracyBarChart({ data, width, height = 260 }: Props) {
  const theme = useTheme2();
  const colours = data.metrics.map((_, i) => seriesColour(theme, i));
  const plotWidth = Math.max(10, width - MARGIN.left - MARGIN.right);
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const groupWidth = plotWidth / Math.max(1, data.groups.length);
  const barWidth = Math.max(2, (groupWidth * 0.8) / data.metrics.length);
  const y = (value: number) => MARGIN.top + plotHeight * (1 - value);
  const text = theme.colors.text.secondary;

  return (
    <figure style={{ margin: 0 }}>
      <svg width={width} height={height} role="img" aria-label="Accuracy per classifier">
        <ShareGrid theme={theme} left={MARGIN.left} right={width - MARGIN.right} y={y} />
        {data.groups.map((group, g) => {
          const x0 = MARGIN.left + g * groupWidth + groupWidth * 0.1;
          return (
            <g key={group.classifier} data-testid={`accuracy-group-${group.classifier}`}>
              {group.values.map((value, m) =>
                value === null ? null : (
                  <rect
                    key={m}
                    x={x0 + m * barWidth}
                    y={y(value)}
                    width={barWidth - 1}
                    height={plotHeight * value}
                    fill={colours[m]}
                  >
                    <title>{`${group.classifier}: ${data.metrics[m]} ${(value * 100).toFixed(1)}%`}</title>
                  </rect>
                )
              )}
              <text
                x={x0 + (barWidth * data.metrics.length) / 2}
                y={height - MARGIN.bottom + 16}
                textAnchor="middle"
                fontSize={12}
                fill={theme.colors.text.primary}
              >
                {group.classifier}
              </text>
              {group.runs > 1 ? (
                <text
                  x={x0 + (barWidth * data.metrics.length) / 2}
                  y={height - MARGIN.bottom + 30}
                  textAnchor="middle"
                  fontSize={10}
                  fill={text}
                >
                  mean of {group.runs}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption style={{ display: 'flex', gap: theme.spacing(2), fontSize: theme.typography.bodySmall.fontSize }}>
        {data.metrics.map((metric, m) => (
          <span key={metric}>
            <span style={{ display: 'inline-block', width: 10, height: 10, background: colours[m], marginRight: 4 }} />
            {metric}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
