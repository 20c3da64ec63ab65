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
        .join(', ')}; the campaign runner's check of the fault episodes: ${Object.entries(d.verification)
        .map(([verdict, n]) => `${verdict} ${n}`)
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
  const s = report.shiftSet;
  if (s !== null) {
    lines.push(
      `Onset shifts (the ±30 s / ±60 s columns above) on the shift set "${s.name}": ${s.faultCases} fault episodes and ` +
        `${s.normalCases} normal windows recorded apart from the library; a ${s.windowSeconds} s window from ` +
        `${s.leadSeconds} s before the onset after a ${s.baselineSeconds} s baseline, shifted by ` +
        `${s.shiftsSeconds.filter((x) => x !== 0).join(', ')} s; classifiers fitted on all ${d.cases} cases above, asked ` +
        `about the ${d.windowSeconds} s stretch of the window that moved most; N-Sigma on the whole window.`
    );
    lines.push('');
    lines.push(
      `| classifier | service AC@1 (unshifted) | (service, fault) acc. (unshifted) | ${s.shiftsSeconds.map((x) => `AC@1 ${x > 0 ? '+' : ''}${x} s`).join(' | ')} |`
    );
    lines.push(`|---|---:|---:|${s.shiftsSeconds.map(() => '---:').join('|')}|`);
    for (const row of [...s.classifiers, s.baseline]) {
      const name = row === s.baseline ? `${row.name} (no labels)` : row.name;
      lines.push(
        `| ${name} | ${share(row.service.ac1)} | ${row.serviceFault === null ? '–' : share(row.serviceFault.accuracy)} | ` +
          `${s.shiftsSeconds.map((x) => share(row.shifts.find((p) => p.shiftSeconds === x)?.serviceAc1 ?? null)).join(' | ')} |`
      );
    }
    lines.push('');
  }
  if (report.goals !== null) {
    lines.push(`Goals for the best classifier (${report.goals.classifier}):`);
    lines.push('');
    for (const g of report.goals.goals) {
      lines.push(
        `- ${g.met ? 'met' : 'NOT met'}: ${g.goal} ${g.comparison === '>' ? '>' : '≥'} ${g.target.toFixed(3)} (measured ${share(g.value)})`
      );
    }
    lines.push('');
    const best = report.classifiers.find((c) => c.name === report.goals?.classifier);
    if (best !== undefined && best.misses.length > 0) {
      lines.push(`The ${best.misses.length} fault cases whose culprit ${best.name} did not rank first:`);
      lines.push('');
      lines.push("| case | true class | answer | culprit's rank | runner's check |");
      lines.push('|---|---|---|---:|---|');
      for (const m of best.misses) {
        lines.push(`| ${m.case} | ${m.truth} | ${m.answer ?? '–'} | ${m.culpritRank} | ${m.verification} |`);
      }
      lines.push('');
    }
  }
  return lines.join('\n');
}

function share(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(3);
}

function ms(value: number | null): string {
  return value === null ? 'n/a' : value < 10 ? value.toFixed(2) : value.toFixed(0);
}
