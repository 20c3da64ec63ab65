import { FieldType } from '@grafana/data';

import { Timeline } from '../api/types';
import {
  chooseTimelineStep,
  incidentsToFrame,
  incidentText,
  parseServiceFilter,
  timelineToFrame,
} from './timelineFrames';

/** docs/api.md's example timeline answer. */
const timeline: Timeline = {
  window: { from: 1795000000000, to: 1795003600000, stepSeconds: 300 },
  model: { id: 3, name: 'dtw-shop', classifier: 'dtw-d', createdAt: 1795000000000 },
  times: [1795000300000, 1795000600000],
  series: [
    { service: 'cart', scores: [0.05, 0.82] },
    { service: 'orders', scores: [0.0, null] },
  ],
  culprits: [
    { time: 1795000300000, service: null, fault: null, confidence: 0.9, status: 'ok' },
    { time: 1795000600000, service: 'cart', fault: 'cpu', confidence: 0.82, status: 'ok' },
  ],
};

describe('timelineToFrame', () => {
  it('makes one wide frame: time, then one score field per service', () => {
    const frame = timelineToFrame(timeline, 'A');
    expect(frame.refId).toBe('A');
    expect(frame.length).toBe(2);
    expect(frame.fields.map((f) => [f.name, f.type])).toEqual([
      ['Time', FieldType.time],
      ['cart', FieldType.number],
      ['orders', FieldType.number],
    ]);
    expect(frame.fields[0].values).toEqual([1795000300000, 1795000600000]);
    expect(frame.fields[2].values).toEqual([0, null]);
    expect(frame.fields[1].labels).toEqual({ service: 'cart' });
    expect(frame.fields[1].config).toMatchObject({ unit: 'percentunit', min: 0, max: 1 });
  });

  it('keeps only the services the query names', () => {
    expect(timelineToFrame(timeline, 'A', ' orders ').fields.map((f) => f.name)).toEqual(['Time', 'orders']);
  });
});

describe('incidentsToFrame', () => {
  const incidents = [
    { from: 1795000300000, to: 1795000600000, service: 'orders', fault: 'cpu', confidence: 0.92 },
    { from: 1795001000000, to: 1795001300000, service: 'cart', fault: 'delay', confidence: 0.41 },
  ];

  it('makes regions with the fields Grafana reads as annotations', () => {
    const frame = incidentsToFrame(incidents, 'Anno');
    const field = (name: string) => frame.fields.find((f) => f.name === name)!.values;
    expect(field('time')).toEqual([1795000300000, 1795001000000]);
    expect(field('timeEnd')).toEqual([1795000600000, 1795001300000]);
    expect(field('text')).toEqual(['orders: cpu (0.92)', 'cart: delay (0.41)']);
    expect(field('tags')[0]).toEqual(['culprit', 'service:orders', 'fault:cpu']);
  });

  it('filters by service and by minimum confidence', () => {
    expect(incidentsToFrame(incidents, 'A', 'cart').length).toBe(1);
    expect(incidentsToFrame(incidents, 'A', '', 0.5).fields.find((f) => f.name === 'service')!.values).toEqual([
      'orders',
    ]);
  });
});

describe('helpers', () => {
  it('reads incidents as "service: fault (confidence)"', () => {
    expect(incidentText({ from: 0, to: 1, service: 'orders', fault: 'cpu', confidence: 0.916 })).toBe(
      'orders: cpu (0.92)'
    );
  });

  it('treats an empty service list as every service', () => {
    expect(parseServiceFilter(' , ')).toBeNull();
    expect([...parseServiceFilter('a, b')!]).toEqual(['a', 'b']);
  });
});

describe('chooseTimelineStep', () => {
  it.each([
    ['1 h, no step: the backend chooses', 3600e3, undefined, undefined],
    ['1 h, 30 s step: 120 points fit', 3600e3, 30, 30],
    ['1 h, 10 s step: 360 points, widened to 30 s', 3600e3, 10, 30],
    ['24 h, no step: widened to 720 s (120 points)', 86400e3, undefined, 720],
    ['7 d, 300 s step: widened to 5040 s', 7 * 86400e3, 300, 5040],
  ])('%s', (_name, rangeMs, requested, expected) => {
    expect(chooseTimelineStep(rangeMs, requested)).toBe(expected);
  });
});
