import React from 'react';
import { render, screen } from '@testing-library/react';

import { AccuracyBarChart } from './AccuracyBarChart';
import { ConfusionHeatmap } from './ConfusionHeatmap';

describe('AccuracyBarChart', () => {
  it('draws bars whose heights are proportional to the accuracy, and skips unmeasured ones', () => {
    render(
      <AccuracyBarChart
        width={400}
        height={260}
        data={{
          metrics: ['a', 'b'],
          groups: [
            { classifier: 'dtw-d', runs: 1, values: [0.5, null] },
            { classifier: 'ed', runs: 2, values: [1, 0.25] },
          ],
        }}
      />
    );
    const dtw = screen.getByTestId('accuracy-group-dtw-d').querySelectorAll('rect');
    const ed = screen.getByTestId('accuracy-group-ed').querySelectorAll('rect');
    expect(dtw).toHaveLength(1);
    // Plot height is 260 − 12 (top) − 56 (bottom) = 192 px.
    expect(Number(dtw[0].getAttribute('height'))).toBeCloseTo(96, 6);
    expect(Number(ed[0].getAttribute('height'))).toBeCloseTo(192, 6);
    expect(Number(ed[1].getAttribute('height'))).toBeCloseTo(48, 6);
    expect(screen.getByText('mean of 2')).toBeInTheDocument();
    expect(dtw[0].textContent).toBe('dtw-d: a 50.0%');
  });
});

describe('ConfusionHeatmap', () => {
  it('shades each cell by its share of the row (true class) and prints the counts', () => {
    render(
      <ConfusionHeatmap
        labels={['cart/cpu', 'orders/delay', 'normal']}
        matrix={[
          [3, 1, 0],
          [0, 4, 0],
          [1, 0, 1],
        ]}
      />
    );
    expect(screen.getByTestId('cell-0-0').getAttribute('data-share')).toBe('0.750');
    expect(screen.getByTestId('cell-0-1').getAttribute('data-share')).toBe('0.250');
    expect(screen.getByTestId('cell-1-1').getAttribute('data-share')).toBe('1.000');
    expect(screen.getByTestId('cell-2-0').getAttribute('data-share')).toBe('0.500');
    expect(screen.getByTestId('cell-0-2').getAttribute('data-share')).toBe('0.000');
    expect(screen.getByTestId('cell-0-1').textContent).toBe(
      'true cart/cpu, predicted orders/delay: 1 (25% of the row)'
    );
  });
});
