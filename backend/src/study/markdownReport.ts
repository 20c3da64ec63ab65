import type { StudyReport } from './studyReport';

/** The report as Markdown: the data set in one line, the comparison table, the goals. */
export function markdownReport(report: StudyReport): string {
  const d = report.dataset;
  const lines: string[] = [];
  lines.push(`# Culprit study: ${d.name}`);
  lines.push('');
  lines.push(
    `${d.cases} cases (${d.faultCases} fault episodes, ${d.normalCases} normal windows) in ${d.episodes} episodes; ` +
      `${d.services.length} services (${d.services.join(', ')}), ${d.faults.length} fault kinds (${d.faults.join(', ')}), ` +
      `${d.features} features at ${d.stepSeconds} s steps; ${d.windowSeconds} s window after a ${d.baselineSeconds} s baseline; ` +
      `leave-one-episode-out; load levels: ${Object.entries(d.loads)
        .map(([load, n]) => `${load} ${n}`)
        .join(', ')}.`
  );
  lines.push('');
  lines.push(
    '| classifier | service AC@1 | AC@3 | Avg@5 | (service, fault) acc. | AC@1 ±30 s | AC@1 ±60 s | unknown recall | false unknown | diagnose ms |'
  );
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of report.classifiers) {
    lines.push(
      `| ${c.name} | ${share(c.service.ac1)} | ${share(c.service.ac3)} | ${share(c.service.avg5)} | ${share(c.serviceFault.accuracy)} | ` +
        `${share(c.shift30.ac1)} | ${share(c.shift60.ac1)} | ${share(c.unknownRecall)} | ${share(c.unknownRate)} | ${ms(c.diagnoseMs)} |`
    );
  }
  const b = report.baseline;
  lines.push(
    `| ${b.name} (no labels) | ${share(b.service.ac1)} | ${share(b.service.ac3)} | ${share(b.service.avg5)} | – | ` +
      `${share(b.shift30.ac1)} | ${share(b.shift60.ac1)} | – | – | ${ms(b.diagnoseMs)} |`
  );
  lines.push('');
  if (report.goals !== null) {
    lines.push(`Goals for the best classifier (${report.goals.classifier}):`);
    lines.push('');
    for (const g of report.goals.goals) {
      lines.push(
        `- ${g.met ? 'met' : 'NOT met'}: ${g.goal} ${g.comparison === '>' ? '>' : '≥'} ${g.target.toFixed(3)} (measured ${share(g.value)})`
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

function share(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(3);
}

function ms(value: number | null): string {
  return value === null ? 'n/a' : value < 10 ? value.toFixed(2) : value.toFixed(0);
}
