/**
 * Hand-written SVG plots for the study report: grouped bars, a heatmap and lines. Plain strings, no DOM and no
 * library, so the HTML report opens offline and the same code runs anywhere.
 */

/** A named row of values; null is a missing value (drawn as a gap, never as 0). */
export interface PlotSeries {
  readonly name: string;
  readonly values: ReadonlyArray<number | null>;
}

/** Colour-blind-safe palette (Okabe-Ito), repeated when there are more series. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

const FONT = 'font-family="sans-serif" font-size="12"';

export function seriesColour(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/** Escapes text for SVG/HTML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Grouped bar chart of shares in [0, 1]: one group per category, one bar per series, y axis 0…1 with grid lines.
 */
export function groupedBarChartSvg(
  title: string,
  categories: readonly string[],
  series: readonly PlotSeries[]
): string {
  assertLengths(categories.length, series);
  const left = 48;
  const top = 32;
  const plotHeight = 220;
  const groupWidth = Math.max(60, series.length * 18 + 20);
  const plotWidth = groupWidth * Math.max(categories.length, 1);
  const legendHeight = 20 * series.length;
  const width = left + plotWidth + 16;
  const height = top + plotHeight + 64 + legendHeight;
  const parts: string[] = [svgOpen(width, height, title), titleText(title, width)];
  parts.push(yAxis(left, top, plotWidth, plotHeight));
  const barWidth = (groupWidth - 20) / Math.max(series.length, 1);
  categories.forEach((category, c) => {
    const x0 = left + c * groupWidth + 10;
    series.forEach((s, i) => {
      const value = s.values[c];
      if (value === null || !Number.isFinite(value)) {
        return;
      }
      const h = clamp01(value) * plotHeight;
      const x = x0 + i * barWidth;
      parts.push(
        `<rect x="${fmt(x)}" y="${fmt(top + plotHeight - h)}" width="${fmt(barWidth - 2)}" height="${fmt(h)}" fill="${seriesColour(i)}">` +
          `<title>${escapeXml(`${category} · ${s.name}: ${value.toFixed(3)}`)}</title></rect>`
      );
    });
    parts.push(
      `<text x="${fmt(x0 + (groupWidth - 20) / 2)}" y="${top + plotHeight + 16}" text-anchor="middle" ${FONT}>${escapeXml(category)}</text>`
    );
  });
  parts.push(
    legend(
      series.map((s) => s.name),
      left,
      top + plotHeight + 36
    )
  );
  parts.push('</svg>');
  return parts.join('\n');
}

/**
 * Confusion-matrix heatmap: rows are true classes, columns predicted ones; each cell is shaded by its share of the
 * row (so rare classes are as visible as common ones) and labelled with its count.
 */
export function heatmapSvg(title: string, labels: readonly string[], matrix: ReadonlyArray<readonly number[]>): string {
  if (matrix.length !== labels.length || matrix.some((row) => row.length !== labels.length)) {
    throw new RangeError(`a heatmap needs a ${labels.length} × ${labels.length} matrix for ${labels.length} labels`);
  }
  const cell = labels.length > 30 ? 14 : 22;
  const labelSpace = 8 + 7 * Math.max(4, ...labels.map((l) => l.length));
  const left = labelSpace;
  const top = 32 + labelSpace;
  const size = cell * labels.length;
  const width = left + size + 16;
  const height = top + size + 40;
  const parts: string[] = [svgOpen(width, height, title), titleText(title, width)];
  const small = cell < 20 ? 'font-size="8"' : 'font-size="10"';
  labels.forEach((label, i) => {
    const total = matrix[i].reduce((s, v) => s + v, 0);
    parts.push(
      `<text x="${left - 4}" y="${fmt(top + i * cell + cell * 0.7)}" text-anchor="end" font-family="sans-serif" ${small}>${escapeXml(label)}</text>`
    );
    const cx = left + i * cell + cell * 0.7;
    parts.push(
      `<text x="${fmt(cx)}" y="${top - 4}" transform="rotate(-60 ${fmt(cx)} ${top - 4})" font-family="sans-serif" ${small}>${escapeXml(label)}</text>`
    );
    matrix[i].forEach((count, j) => {
      const share = total === 0 ? 0 : count / total;
      const fill = i === j ? blend('#ffffff', '#009E73', share) : blend('#ffffff', '#D55E00', share);
      parts.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${fill}" stroke="#dddddd">` +
          `<title>${escapeXml(`true ${label} → predicted ${labels[j]}: ${count}`)}</title></rect>`
      );
      if (count > 0) {
        parts.push(
          `<text x="${fmt(left + j * cell + cell / 2)}" y="${fmt(top + i * cell + cell * 0.7)}" text-anchor="middle" font-family="sans-serif" ${small} fill="${share > 0.6 ? '#ffffff' : '#000000'}">${count}</text>`
        );
      }
    });
  });
  parts.push(
    `<text x="${left + size / 2}" y="${top + size + 24}" text-anchor="middle" ${FONT}>predicted class (rows: true class)</text>`
  );
  parts.push('</svg>');
  return parts.join('\n');
}

/** Line chart of shares in [0, 1] against numeric x values (onset shift in seconds). */
export function lineChartSvg(
  title: string,
  xLabel: string,
  x: readonly number[],
  series: readonly PlotSeries[]
): string {
  assertLengths(x.length, series);
  if (x.length === 0) {
    throw new RangeError('a line chart needs at least one x value');
  }
  const left = 48;
  const top = 32;
  const plotWidth = 420;
  const plotHeight = 220;
  const width = left + plotWidth + 24;
  const height = top + plotHeight + 64 + 20 * series.length;
  const xMin = Math.min(...x);
  const xMax = Math.max(...x);
  const xOf = (v: number): number => left + (xMax === xMin ? plotWidth / 2 : ((v - xMin) / (xMax - xMin)) * plotWidth);
  const yOf = (v: number): number => top + plotHeight - clamp01(v) * plotHeight;
  const parts: string[] = [
    svgOpen(width, height, title),
    titleText(title, width),
    yAxis(left, top, plotWidth, plotHeight),
  ];
  for (const v of x) {
    parts.push(`<text x="${fmt(xOf(v))}" y="${top + plotHeight + 16}" text-anchor="middle" ${FONT}>${v}</text>`);
  }
  parts.push(
    `<text x="${left + plotWidth / 2}" y="${top + plotHeight + 32}" text-anchor="middle" ${FONT}>${escapeXml(xLabel)}</text>`
  );
  series.forEach((s, i) => {
    // A missing value breaks the line instead of dropping it to 0.
    const runs: string[][] = [[]];
    s.values.forEach((v, j) => {
      if (v === null || !Number.isFinite(v)) {
        runs.push([]);
        return;
      }
      runs[runs.length - 1].push(`${fmt(xOf(x[j]))},${fmt(yOf(v))}`);
      parts.push(
        `<circle cx="${fmt(xOf(x[j]))}" cy="${fmt(yOf(v))}" r="3" fill="${seriesColour(i)}"><title>${escapeXml(
          `${s.name} at ${x[j]}: ${v.toFixed(3)}`
        )}</title></circle>`
      );
    });
    for (const run of runs.filter((r) => r.length > 1)) {
      parts.push(`<polyline points="${run.join(' ')}" fill="none" stroke="${seriesColour(i)}" stroke-width="2"/>`);
    }
  });
  parts.push(
    legend(
      series.map((s) => s.name),
      left,
      top + plotHeight + 48
    )
  );
  parts.push('</svg>');
  return parts.join('\n');
}

function svgOpen(width: number, height: number, title: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(width)}" height="${fmt(height)}" viewBox="0 0 ${fmt(width)} ${fmt(height)}" role="img" aria-label="${escapeXml(title)}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>`
  );
}

function titleText(title: string, width: number): string {
  return `<text x="${fmt(width / 2)}" y="20" text-anchor="middle" font-family="sans-serif" font-size="14" font-weight="bold">${escapeXml(title)}</text>`;
}

function yAxis(left: number, top: number, plotWidth: number, plotHeight: number): string {
  const parts: string[] = [];
  for (let tick = 0; tick <= 4; tick++) {
    const value = tick / 4;
    const y = top + plotHeight - value * plotHeight;
    parts.push(`<line x1="${left}" y1="${fmt(y)}" x2="${left + plotWidth}" y2="${fmt(y)}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${left - 6}" y="${fmt(y + 4)}" text-anchor="end" ${FONT}>${value.toFixed(2)}</text>`);
  }
  parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotHeight}" stroke="#000000"/>`);
  return parts.join('\n');
}

function legend(names: readonly string[], left: number, top: number): string {
  return names
    .map(
      (name, i) =>
        `<rect x="${left}" y="${top + i * 20}" width="12" height="12" fill="${seriesColour(i)}"/>` +
        `<text x="${left + 18}" y="${top + i * 20 + 11}" ${FONT}>${escapeXml(name)}</text>`
    )
    .join('\n');
}

function assertLengths(expected: number, series: readonly PlotSeries[]): void {
  for (const s of series) {
    if (s.values.length !== expected) {
      throw new RangeError(`series "${s.name}" has ${s.values.length} values for ${expected} x positions`);
    }
  }
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

/** Linear blend of two `#rrggbb` colours, `t` in [0, 1]. */
function blend(from: string, to: string, t: number): string {
  const a = parseInt(from.slice(1), 16);
  const b = parseInt(to.slice(1), 16);
  const channel = (shift: number): number => {
    const ca = (a >> shift) & 0xff;
    const cb = (b >> shift) & 0xff;
    return Math.round(ca + (cb - ca) * clamp01(t));
  };
  return `#${[16, 8, 0].map((s) => channel(s).toString(16).padStart(2, '0')).join('')}`;
}
