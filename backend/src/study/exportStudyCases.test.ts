import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FeatureGrid } from '../instances/featureGrid';
import type { Episode } from '../store/episodeStore';
import { gridToCaseCsv, normalWindowOnsets } from './exportStudyCases';
import { loadStudyCases } from './loadStudyCases';

function episode(id: number, startSeconds: number, endSeconds: number): Episode {
  return {
    id,
    service: 'cart',
    fault: 'cpu',
    params: {},
    start: startSeconds * 1000,
    end: endSeconds * 1000,
    source: 'campaign',
    notes: '',
    createdAt: 0,
  };
}

describe('normalWindowOnsets', () => {
  const settings = { beforeSeconds: 100, afterSeconds: 100, normalWindows: 3, recoverySeconds: 50, idPrefix: '' };

  it('only picks spans that overlap no fault and no recovery time after one', () => {
    const episodes = [episode(1, 1000, 1100), episode(2, 2000, 2100)];
    const onsets = normalWindowOnsets(episodes, { ...settings, normalWindows: 100 });
    expect(onsets.length).toBeGreaterThan(0);
    for (const onset of onsets) {
      for (const [s, e] of [
        [1000, 1150],
        [2000, 2150],
      ]) {
        expect(onset + 100 <= s || onset - 100 >= e).toBe(true);
      }
    }
    // The gap 1150..2000 holds 4 spans of 200 s laid end to end; before the first episode and after the last, the
    // default range (the episodes' own time) leaves no room.
    expect(onsets).toEqual([1250, 1450, 1650, 1850]);
  });

  it('spreads the requested number evenly over the quiet spans, and returns none without episodes', () => {
    const episodes = [episode(1, 1000, 1100), episode(2, 5000, 5100)];
    // Quiet spans start at 1250, 1450, ... up to 4850 - 100 = 4750: 18 of them; three spread evenly.
    expect(normalWindowOnsets(episodes, settings)).toEqual([1250 + 3 * 200, 1250 + 9 * 200, 1250 + 15 * 200]);
    expect(normalWindowOnsets([], settings)).toEqual([]);
  });

  it('uses the shorter span of normal windows and stays inside the given time range', () => {
    const episodes = [episode(1, 1000, 1040)];
    const onsets = normalWindowOnsets(episodes, {
      ...settings,
      normalWindows: 10,
      normalBeforeSeconds: 30,
      normalAfterSeconds: 40,
      earliestSeconds: 900,
      latestSeconds: 1300,
    });
    // Before the fault: [900, 1000) holds one 70 s span (930 - 30 .. 930 + 40). After it (recovery to 1090): 1120, 1190
    // and 1260, whose span ends exactly at 1300.
    expect(onsets).toEqual([930, 1120, 1190, 1260]);
  });
});

describe('gridToCaseCsv and loadStudyCases', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'culprit-study-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const grid: FeatureGrid = {
    startMs: 1_000_000,
    stepSeconds: 5,
    length: 4,
    features: [
      { service: 'cart', metric: 'cpu', name: 'cart:cpu' },
      { service: 'web', metric: 'latencyP99', name: 'web:latencyP99' },
    ],
    values: Float64Array.from([0.5, 0.01, NaN, 0.02, 0.7, NaN, 0.123456789, 0.04]),
    servicesWithoutData: [],
    queryMs: 0,
  };

  it('writes time and <service>_<metric> columns with empty cells for gaps, rounded to 6 digits', () => {
    expect(gridToCaseCsv(grid)).toBe(
      'time,cart_cpu,web_latencyP99\n1000,0.5,0.01\n1005,,0.02\n1010,0.7,\n1015,0.123457,0.04\n'
    );
  });

  it('reads back an exported case folder with its label, filling gaps by interpolation', () => {
    const folder = path.join(root, 'cart-cpu', 'base-7');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'data.csv.gz'), gzipSync(gridToCaseCsv(grid)));
    writeFileSync(
      path.join(folder, 'label.json'),
      JSON.stringify({ service: 'cart', fault: 'cpu', episodeId: 'base-7', onset: 1005, load: 'base' })
    );
    const dataset = loadStudyCases(root);
    expect(dataset.services).toEqual(['cart', 'web']);
    expect(dataset.faults).toEqual(['cpu']);
    const [c] = dataset.cases;
    expect(c).toEqual(
      expect.objectContaining({
        id: 'cart-cpu/base-7',
        group: 'base-7',
        label: 'cart/cpu',
        onsetSeconds: 1005,
        startSeconds: 1000,
        stepSeconds: 5,
        load: 'base',
      })
    );
    expect(Array.from(c.series.values)).toEqual(
      [0.5, 0.01, 0.6, 0.02, 0.7, 0.03, 0.123457, 0.04].map((v, i) => (i === 2 ? expect.closeTo(0.6, 12) : v))
    );
  });

  it('takes the class from the folder name and the normal folder when label.json only gives the onset', () => {
    for (const [folder, onset] of [
      [path.join(root, 'web-delay', 'a'), 1005],
      [path.join(root, 'normal', 'b'), 1010],
    ] as const) {
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, 'data.csv'), gridToCaseCsv(grid));
      writeFileSync(path.join(folder, 'label.json'), JSON.stringify({ onset }));
    }
    const dataset = loadStudyCases(root);
    expect(dataset.cases.map((c) => c.label)).toEqual(['normal', 'web/delay']);
  });

  it('says what to add when label.json has no onset', () => {
    const folder = path.join(root, 'cart-cpu', '1');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'data.csv'), gridToCaseCsv(grid));
    writeFileSync(path.join(folder, 'label.json'), JSON.stringify({ service: 'cart', fault: 'cpu' }));
    expect(() => loadStudyCases(root)).toThrow(/no numeric "onset".*add it/);
  });

  it('refuses rows that are not on a fixed grid', () => {
    const folder = path.join(root, 'cart-cpu', '1');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'data.csv'), 'time,cart_cpu\n0,1\n5,1\n15,1\n');
    writeFileSync(path.join(folder, 'label.json'), JSON.stringify({ onset: 5 }));
    expect(() => loadStudyCases(root)).toThrow(/rows 2 and 3 are 10 s apart but the first two are 5 s apart/);
  });

  it('names the folder when there are no cases at all', () => {
    expect(() => loadStudyCases(root)).toThrow(/no case folder under/);
    expect(() => loadStudyCases(path.join(root, 'missing'))).toThrow(/is not a folder/);
  });
});
