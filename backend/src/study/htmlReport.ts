import { markdownReport } from './markdownReport';
import type { StudyReport } from './studyReport';
import { escapeXml, groupedBarChartSvg, heatmapSvg, lineChartSvg } from './svgPlots';

/** The plots of a report as SVG strings, keyed by what they show (also what the app's Models page draws). */
export interface StudyPlots {
  readonly accuracy: string;
  readonly shift: string;
  /** One confusion heatmap per classifier, in report order. */
  readonly confusion: ReadonlyArray<{ classifier: string; svg: string }>;
}

/** Draws the three kinds of plot from a report. */
export function studyPlots(report: StudyReport): StudyPlots {
  const rows = [...report.classifiers, report.baseline];
  const accuracy = groupedBarChartSvg(
    'Accuracy per classifier (leave-one-episode-out)',
    rows.map((r) => r.name),
    [
      { name: 'service AC@1', values: rows.map((r) => r.service.ac1) },
      { name: 'service AC@3', values: rows.map((r) => r.service.ac3) },
      { name: '(service, fault) accuracy', values: rows.map((r) => r.serviceFault?.accuracy ?? null) },
      { name: 'service AC@1 at ±60 s', values: rows.map((r) => r.shift60.ac1) },
    ]
  );
  // With a shift set, the curve is the long-window protocol's (the one the ±30 s / ±60 s figures come from).
  const shiftSet = report.shiftSet;
  const shiftRows = shiftSet === null ? rows : [...shiftSet.classifiers, shiftSet.baseline];
  const shifts =
    shiftSet !== null
      ? shiftSet.shiftsSeconds
      : report.dataset.shiftsSeconds.includes(0)
        ? report.dataset.shiftsSeconds
        : [...report.dataset.shiftsSeconds, 0].sort((a, b) => a - b);
  const shift = lineChartSvg(
    shiftSet === null
      ? 'Service AC@1 against onset shift'
      : `Service AC@1 against onset shift (${shiftSet.windowSeconds} s windows, shift set)`,
    shiftSet === null ? 'window start − true onset (s)' : 'shift of the window (s)',
    shifts,
    shiftRows.map((r) => ({
      name: r.name,
      values: shifts.map((s) => r.shifts.find((p) => p.shiftSeconds === s)?.serviceAc1 ?? null),
    }))
  );
  const confusion = report.classifiers.map((c) => ({
    classifier: c.name,
    svg: heatmapSvg(`Confusion matrix: ${c.name}`, c.confusion.labels, c.confusion.matrix),
  }));
  return { accuracy, shift, confusion };
}

/** A self-contained HTML page (no script, no CDN): the table, the goals and the plots. */
export function htmlReport(report: StudyReport): string {
  const plots = studyPlots(report);
  const markdown = markdownReport(report);
  const table = markdownTableToHtml(markdown);
  const goals =
    report.goals === null
      ? ''
      : `<h2>Goals (best classifier: ${escapeXml(report.goals.classifier)})</h2><ul>${report.goals.goals
          .map(
            (g) =>
              `<li class="${g.met ? 'met' : 'missed'}">${g.met ? 'met' : 'NOT met'}: ${escapeXml(g.goal)}, target ${g.target.toFixed(3)}, measured ${
                g.value === null ? 'n/a' : g.value.toFixed(3)
              }</li>`
          )
          .join('')}</ul>`;
  const d = report.dataset;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Culprit study: ${escapeXml(d.name)}</title>
<style>
body { font-family: sans-serif; margin: 2em; max-width: 1200px; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 4px 8px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
li.met { color: #006d4f; } li.missed { color: #b23c00; }
figure { display: inline-block; margin: 1em; vertical-align: top; }
</style>
</head>
<body>
<h1>Culprit study: ${escapeXml(d.name)}</h1>
<p>${d.cases} cases (${d.faultCases} fault episodes, ${d.normalCases} normal windows), ${d.services.length} services, ${d.faults.length} fault kinds,
${d.features} features at ${d.stepSeconds} s steps; a ${d.windowSeconds} s window after a ${d.baselineSeconds} s baseline; leave-one-episode-out.</p>
${table}
${goals}
<h2>Plots</h2>
<figure>${plots.accuracy}</figure>
<figure>${plots.shift}</figure>
${plots.confusion.map((c) => `<figure>${c.svg}</figure>`).join('\n')}
</body>
</html>
`;
}

/** Turns the Markdown report's one table into an HTML table (the rest of the Markdown is shown elsewhere). */
function markdownTableToHtml(markdown: string): string {
  const rows = markdown.split('\n').filter((l) => l.startsWith('|') && !l.startsWith('|---'));
  if (rows.length === 0) {
    return '';
  }
  const cells = (row: string): string[] =>
    row
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim());
  const [head, ...body] = rows;
  return `<table><thead><tr>${cells(head)
    .map((c) => `<th>${escapeXml(c)}</th>`)
    .join('')}</tr></thead><tbody>${body
    .map(
      (row) =>
        `<tr>${cells(row)
          .map((c, i) => (i === 0 ? `<td>${escapeXml(c)}</td>` : `<td class="num">${escapeXml(c)}</td>`))
          .join('')}</tr>`
    )
    .join('')}</tbody></table>`;
}
