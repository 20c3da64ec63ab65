import { createTheme, FieldColorModeId, FieldType, getFieldSeriesColor, toDataFrame } from '@grafana/data';

import { formatConfidence, labelMatchesService, prepareDiagnosisFrames } from './prepareDiagnosisFrames';
import { exampleDiagnosis } from './testDiagnosis';

const theme = createTheme();

function series(labels: Record<string, string>, seriesIndex: number) {
  const frame = toDataFrame({
    fields: [
      { name: 'Time', type: FieldType.time, values: [1, 2, 3] },
      {
        name: 'Value',
        type: FieldType.number,
        values: [1, 5, 2],
        labels,
        config: { color: { mode: FieldColorModeId.PaletteClassic } },
      },
    ],
  });
  frame.fields[1].state = { seriesIndex };
  return frame;
}

const frames = [
  series({ service: 'cart', __name__: 'cpu' }, 0),
  series({ service: 'orders', __name__: 'cpu' }, 1),
  series({ service: 'cart', __name__: 'latency' }, 2),
];
const options = { serviceLabel: 'service', dimOpacity: 0.25 };

describe('prepareDiagnosisFrames', () => {
  it('draws the series unchanged apart from line defaults when there is no diagnosis', () => {
    const prepared = prepareDiagnosisFrames(frames, null, options, theme);
    expect(prepared.services).toEqual(['cart', 'orders']);
    expect(prepared.totalSeries).toBe(3);
    expect(prepared.culpritSeries).toBe(0);
    expect(prepared.frames[1].fields[1].config.color).toEqual({ mode: FieldColorModeId.PaletteClassic });
    expect(prepared.frames[0].fields[1].config.custom).toMatchObject({ lineWidth: 1, drawStyle: 'line' });
    expect(prepared.warning).toBeUndefined();
  });

  it('thickens the culprit service series and fades the others to the dim opacity of their own colour', () => {
    const prepared = prepareDiagnosisFrames(frames, exampleDiagnosis(), options, theme);
    expect(prepared.culpritSeries).toBe(2);
    const [cartCpu, orders, cartLatency] = prepared.frames.map((f) => f.fields[1]);
    expect(cartCpu.config.custom.lineWidth).toBeGreaterThanOrEqual(2);
    expect(cartLatency.config.custom.lineWidth).toBeGreaterThanOrEqual(2);
    expect(orders.config.color?.mode).toBe(FieldColorModeId.Fixed);
    // Classic palette colour 1 is Grafana's "yellow", #F2CC0C in the dark theme; at 25 % opacity.
    const original = getFieldSeriesColor(frames[1].fields[1], theme).color;
    expect(original.toLowerCase()).toBe('#f2cc0c');
    expect(orders.config.color?.fixedColor).toBe('#F2CC0C40'); // alpha byte 0x40 = round(0.25 × 255);
    expect(prepared.culpritColor).toBe(getFieldSeriesColor(frames[0].fields[1], theme).color);
  });

  it('does not change the input frames and shares their value arrays', () => {
    const before = JSON.stringify(frames.map((f) => f.fields.map((x) => x.config)));
    const prepared = prepareDiagnosisFrames(frames, exampleDiagnosis(), options, theme);
    expect(JSON.stringify(frames.map((f) => f.fields.map((x) => x.config)))).toBe(before);
    expect(prepared.frames[0].fields[1].values).toBe(frames[0].fields[1].values);
  });

  it('highlights nothing when the backend says unknown', () => {
    const prepared = prepareDiagnosisFrames(
      frames,
      exampleDiagnosis({ status: 'unknown', culprit: null }),
      options,
      theme
    );
    expect(prepared.culpritSeries).toBe(0);
    expect(prepared.frames.every((f) => f.fields[1].config.color?.mode !== FieldColorModeId.Fixed)).toBe(true);
    expect(prepared.warning).toBeUndefined();
  });

  it('says which label to set when no series carries the service label', () => {
    const prepared = prepareDiagnosisFrames(
      frames,
      exampleDiagnosis(),
      { ...options, serviceLabel: 'container' },
      theme
    );
    expect(prepared.warning).toMatch(/No series carries the label "container"/);
  });

  it('says so when the culprit is none of the drawn services', () => {
    const diagnosis = exampleDiagnosis({ culprit: { service: 'payments', fault: 'kill', confidence: 0.7 } });
    expect(prepareDiagnosisFrames(frames, diagnosis, options, theme).warning).toMatch(
      /"payments" matches none .*cart, orders/
    );
  });
});

describe('labelMatchesService', () => {
  it.each([
    ['cart', 'cart', true],
    ['Cart', 'cart', true],
    ['shop-cart-1', 'cart', true],
    ['/shop_cart', 'cart', true],
    ['cart:8080', 'cart', true],
    ['cartography', 'cart', false],
    ['orders', 'cart', false],
  ])('label value %s names service %s: %s', (value, service, expected) => {
    expect(labelMatchesService(value, service)).toBe(expected);
  });
});

describe('formatConfidence', () => {
  it.each([
    [0.824, '82%'],
    [1, '100%'],
    [0, '0%'],
    [1.3, '100%'],
    [NaN, '–'],
  ])('%s reads %s', (score, text) => {
    expect(formatConfidence(score)).toBe(text);
  });
});
