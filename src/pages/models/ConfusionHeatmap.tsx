import React from 'react';
import { colorManipulator } from '@grafana/data';
import { useTheme2 } from '@grafana/ui';

interface Props {
  labels: string[];
  /** `matrix[i][j]`: instances of `labels[i]` predicted as `labels[j]`. */
  matrix: number[][];
  cellSize?: number;
}

/**
 * The confusion matrix as a heatmap: rows are the true class, columns the prediction, each cell shaded by its share
 * of the row, so a class with few instances reads as clearly as a large one. The diagonal is the right answers.
 */
export function ConfusionHeatmap({ labels, matrix, cellSize = 28 }: Props) {
  const theme = useTheme2();
  const labelWidth = Math.min(180, 8 + 7 * Math.max(4, ...labels.map((l) => l.length)));
  const size = labels.length * cellSize;
  // Column labels are rotated up and to the right, so they need room past the last column.
  const width = labelWidth + size + Math.ceil(labelWidth / 2);
  const height = labelWidth + size + 8;
  const hot = theme.colors.primary.main;
  const wrong = theme.colors.error.main;

  return (
    <svg width={width} height={height} role="img" aria-label="Confusion matrix">
      {labels.map((label, i) => (
        <g key={label}>
          <text
            x={labelWidth - 6}
            y={labelWidth + i * cellSize + cellSize / 2 + 4}
            textAnchor="end"
            fontSize={11}
            fill={theme.colors.text.primary}
          >
            {label}
          </text>
          <text
            transform={`translate(${labelWidth + i * cellSize + cellSize / 2 + 4}, ${labelWidth - 6}) rotate(-60)`}
            fontSize={11}
            fill={theme.colors.text.primary}
          >
            {label}
          </text>
        </g>
      ))}
      {matrix.map((row, i) => {
        const total = row.reduce((a, b) => a + b, 0);
        return row.map((count, j) => {
          const share = total > 0 ? count / total : 0;
          const base = i === j ? hot : wrong;
          return (
            <g key={`${i}-${j}`}>
              <rect
                data-testid={`cell-${i}-${j}`}
                data-share={share.toFixed(3)}
                x={labelWidth + j * cellSize}
                y={labelWidth + i * cellSize}
                width={cellSize - 1}
                height={cellSize - 1}
                fill={
                  count === 0 ? theme.colors.background.secondary : colorManipulator.alpha(base, 0.15 + 0.85 * share)
                }
              >
                <title>{`true ${labels[i]}, predicted ${labels[j]}: ${count} (${Math.round(share * 100)}% of the row)`}</title>
              </rect>
              {count > 0 ? (
                <text
                  x={labelWidth + j * cellSize + cellSize / 2}
                  y={labelWidth + i * cellSize + cellSize / 2 + 4}
                  textAnchor="middle"
                  fontSize={10}
                  fill={share > 0.5 ? theme.colors.getContrastText(base) : theme.colors.text.primary}
                >
                  {count}
                </text>
              ) : null}
            </g>
          );
        });
      })}
    </svg>
  );
}
