import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { htmlReport, studyPlots } from './htmlReport';
import { markdownReport } from './markdownReport';
import type { StudyReport } from './studyReport';

/**
 * Writes a report folder: `report.json` (the machine-readable report, see docs/study.md), `report.md`,
 * `index.html` (table and plots, self-contained) and each plot as its own `.svg`. Returns the files written.
 */
export function writeStudyReport(directory: string, report: StudyReport): string[] {
  mkdirSync(directory, { recursive: true });
  const plots = studyPlots(report);
  const files: Array<[string, string]> = [
    ['report.json', `${JSON.stringify(report, null, 2)}\n`],
    ['report.md', markdownReport(report)],
    ['index.html', htmlReport(report)],
    ['accuracy.svg', plots.accuracy],
    ['shift.svg', plots.shift],
    ...plots.confusion.map((c): [string, string] => [`confusion-${safeFileName(c.classifier)}.svg`, c.svg]),
  ];
  return files.map(([name, content]) => {
    const file = path.join(directory, name);
    writeFileSync(file, content);
    return file;
  });
}

function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}
