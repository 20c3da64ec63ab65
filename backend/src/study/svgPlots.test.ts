import { escapeXml, groupedBarChartSvg, heatmapSvg, lineChartSvg } from './svgPlots';

/** Attributes of every element named `tag`, parsed from the SVG text. */
function elements(svg: string, tag: string): Array<Record<string, string>> {
  return [...svg.matchAll(new RegExp(`<${tag} ([^>]*?)/?>`, 'g'))].map((m) =>
    Object.fromEntries([...m[1].matchAll(/([a-z-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]))
  );
}

describe('groupedBarChartSvg', () => {
  const svg = groupedBarChartSvg(
    'Accuracy',
    ['ed', 'dtw-d'],
    [
      { name: 'AC@1', values: [0.5, 1] },
      { name: 'accuracy', values: [null, 0.25] },
    ]
  );

  it('draws one bar per known value, as tall as its share of the 220 px axis, and none for a missing value', () => {
    const bars = elements(svg, 'rect').filter((r) => r.fill !== '#ffffff' && r.width !== '12');
    expect(bars.map((b) => Number(b.height))).toEqual([110, 220, 55]);
  });

  it('is a standalone SVG document with its title', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('>Accuracy</text>');
  });

  it('refuses a series whose length does not match the categories', () => {
    expect(() => groupedBarChartSvg('x', ['a'], [{ name: 's', values: [1, 2] }])).toThrow(
      /series "s" has 2 values for 1/
    );
  });
});

describe('heatmapSvg', () => {
  it('draws an n × n grid, labels counts, and shades the diagonal green and errors orange by row share', () => {
    const svg = heatmapSvg(
      'Confusion',
      ['a/cpu', 'b/cpu'],
      [
        [3, 1],
        [0, 4],
      ]
    );
    const cells = elements(svg, 'rect').filter((r) => r.stroke === '#dddddd');
    expect(cells).toHaveLength(4);
    // Row a: 3 of 4 on the diagonal (75 % of the way to #009E73), 1 of 4 off it (25 % to #D55E00); row b: all hits.
    expect(cells.map((c) => c.fill)).toEqual(['#40b696', '#f5d7bf', '#ffffff', '#009e73']);
    expect(svg).toContain('true a/cpu → predicted b/cpu: 1');
  });

  it('refuses a matrix that does not match its labels', () => {
    expect(() => heatmapSvg('x', ['a', 'b'], [[1, 2]])).toThrow(/2 × 2 matrix/);
  });
});

describe('lineChartSvg', () => {
  it('breaks the line at a missing value instead of drawing it at 0', () => {
    const svg = lineChartSvg('Shift', 'shift (s)', [-60, 0, 60, 120], [{ name: 'ed', values: [1, null, 0.5, 0] }]);
    expect(elements(svg, 'circle')).toHaveLength(3);
    const lines = elements(svg, 'polyline');
    expect(lines).toHaveLength(1);
    expect(lines[0].points.split(' ')).toHaveLength(2);
  });
});

describe('escapeXml', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
