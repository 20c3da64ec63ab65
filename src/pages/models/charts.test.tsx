import React from 'react';
import { render, screen, within } from '@testing-library/react';

import { AccuracyBarChart } from './AccuracyBarChart';
import { ConfusionHeatmap } from './ConfusionHeatmap';
import { ShiftCurveChart } from './ShiftCurveChart';
import { ShiftCurves } from './shiftCurves';

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

describe('ShiftCurveChart', () => {
  const data: ShiftCurves = {
    source: 'shift set',
    windowSeconds: 160,
    shiftsSeconds: [-60, 0, 60],
    curves: [
      {
        name: 'ed',
        baseline: false,
        points: [
          { serviceAc1: 0.5, serviceFaultAccuracy: 0.25, queries: 4 },
          null,
          { serviceAc1: 1, serviceFaultAccuracy: 0.75, queries: 4 },
        ],
      },
      {
        name: 'n-sigma (no labels)',
        baseline: true,
        points: [
          { serviceAc1: 0.75, serviceFaultAccuracy: null, queries: 4 },
          { serviceAc1: 0, serviceFaultAccuracy: null, queries: 4 },
          { serviceAc1: 0.25, serviceFaultAccuracy: null, queries: 4 },
        ],
      },
    ],
  };

  it('draws a line and a titled marker per measured shift, with labelled axes and a legend', () => {
    render(<ShiftCurveChart data={data} width={400} height={300} />);
    expect(
      screen.getByRole('img', { name: 'service AC@1 against onset shift: ed, n-sigma (no labels)' })
    ).toBeVisible();
    expect(screen.getByText('onset shift (s)')).toBeInTheDocument();
    expect(screen.getAllByText('service AC@1')).toHaveLength(1);
    expect(['−60', '0', '+60'].map((t) => screen.getByText(t).tagName)).toEqual(['text', 'text', 'text']);
    expect(
      within(screen.getByRole('list', { name: 'Legend' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent)
    ).toEqual(['ed', 'n-sigma (no labels)']);

    // The missing point at 0 s breaks ed's line into two single points: no segment crosses the gap.
    const ed = screen.getByTestId('shift-curve-ed').querySelectorAll('polyline');
    expect([...ed].map((l) => l.getAttribute('points')!.split(' ').length)).toEqual([1, 1]);
    const edPoints = screen.getByTestId('shift-points-ed').children;
    expect([...edPoints].map((m) => m.textContent)).toEqual([
      'ed at −60 s: service AC@1 0.500 (2 of 4)',
      'ed at +60 s: service AC@1 1.000 (4 of 4)',
    ]);

    // Plot area: x from 64 to 384 with 4 % padding each side, y from 12 (share 1) to 256 (share 0).
    const [baseline] = screen.getByTestId('shift-curve-n-sigma (no labels)').querySelectorAll('polyline');
    const xy = baseline
      .getAttribute('points')!
      .split(' ')
      .map((p) => p.split(',').map(Number));
    expect(xy.map(([x]) => x)).toEqual([76.8, 224, 371.2]);
    expect(xy.map(([, y]) => y)).toEqual([73, 256, 195]);
    expect(baseline.getAttribute('stroke-dasharray')).toBe('6 4');
  });

  it('zooms the y axis to the data on request: the lowest value, 0 here, keeps the whole axis', () => {
    const high: ShiftCurves = {
      ...data,
      curves: [
        {
          name: 'ed',
          baseline: false,
          points: [0.9, 0.95, 1].map((v) => ({ serviceAc1: v, serviceFaultAccuracy: null, queries: null })),
        },
      ],
    };
    const { rerender } = render(<ShiftCurveChart data={high} width={400} height={300} zoom />);
    expect(['0.80', '0.85', '0.90', '0.95', '1.00'].map((t) => screen.getByText(t).tagName)).toEqual(
      Array(5).fill('text')
    );
    // y from 0.8 (256) to 1 (12): 0.9 is half way.
    const [line] = screen.getByTestId('shift-curve-ed').querySelectorAll('polyline');
    expect(
      line
        .getAttribute('points')!
        .split(' ')
        .map((p) => Number(p.split(',')[1]))
    ).toEqual([134, 73, 12]);
    rerender(<ShiftCurveChart data={data} width={400} height={300} zoom />);
    expect(screen.getByText('0.25')).toBeInTheDocument();
    expect(screen.queryByText('0.80')).toBeNull();
  });

  it('draws the (service, fault) accuracy and says which curves have none', () => {
    render(<ShiftCurveChart data={data} measure="serviceFaultAccuracy" />);
    expect(screen.getByRole('img', { name: '(service, fault) accuracy against onset shift: ed' })).toBeVisible();
    expect(screen.queryByTestId('shift-curve-n-sigma (no labels)')).toBeNull();
    expect(screen.getByText('No (service, fault) accuracy for n-sigma (no labels).')).toBeInTheDocument();
    expect(screen.getByTestId('shift-points-ed').children[1].textContent).toBe(
      'ed at +60 s: (service, fault) accuracy 0.750 (3 of 4)'
    );
  });
});
