import type { Mts } from '../types';
import { interpolateGaps, ParseError, parseNumberField } from './labelledDataset';

/** One case of an RCA benchmark folder: the metrics of every service over time. */
export interface CaseTable {
  /** Unix seconds of each row, increasing. */
  readonly times: Float64Array;
  /** The `<service>_<metric>` column names, in file order (the features of `series`). */
  readonly featureNames: string[];
  /** The service of each feature (the part of its name before the first `_`). */
  readonly featureServices: string[];
  readonly series: Mts;
}

/**
 * Parses one case CSV in the convention of public RCA benchmarks (see DESIGN.md): a header with a `time`
 * column (unix seconds) and one column per `<service>_<metric>`, then one row per time step. Empty cells and
 * `NaN` are gaps, filled by linear interpolation per column; a column with no value at all is an error, as are
 * non-numeric cells, ragged rows and times that do not increase.
 */
export function parseCaseCsv(text: string, source = ''): CaseTable {
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) {
    throw new ParseError(1, 'the file is empty; expected a header with a time column', source);
  }
  const header = splitCsvLine(lines[headerIndex]);
  const timeColumn = header.findIndex((h) => h === 'time' || h === 'timestamp');
  if (timeColumn < 0) {
    throw new ParseError(headerIndex + 1, `no "time" column in the header (${header.slice(0, 5).join(', ')}…)`, source);
  }
  const featureColumns: number[] = [];
  const featureNames: string[] = [];
  const featureServices: string[] = [];
  header.forEach((name, column) => {
    if (column === timeColumn || name === '') {
      return;
    }
    const underscore = name.indexOf('_');
    if (underscore <= 0 || underscore === name.length - 1) {
      throw new ParseError(headerIndex + 1, `column "${name}" is not named <service>_<metric>`, source);
    }
    featureColumns.push(column);
    featureNames.push(name);
    featureServices.push(name.slice(0, underscore));
  });
  if (featureColumns.length === 0) {
    throw new ParseError(headerIndex + 1, 'no metric columns beside the time column', source);
  }
  const times: number[] = [];
  const rows: number[][] = featureColumns.map(() => []);
  for (let i = headerIndex + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') {
      continue;
    }
    const cells = splitCsvLine(lines[i]);
    if (cells.length !== header.length) {
      throw new ParseError(i + 1, `${cells.length} cells but the header has ${header.length} columns`, source);
    }
    const time = parseNumberField(cells[timeColumn]);
    if (typeof time === 'string' || Number.isNaN(time)) {
      throw new ParseError(i + 1, `time: ${typeof time === 'string' ? time : 'NaN'}`, source);
    }
    if (times.length > 0 && time <= times[times.length - 1]) {
      throw new ParseError(i + 1, `time ${time} does not increase (previous row: ${times[times.length - 1]})`, source);
    }
    times.push(time);
    featureColumns.forEach((column, f) => {
      const cell = cells[column].trim();
      const parsed = cell === '' ? NaN : parseNumberField(cell);
      if (typeof parsed === 'string') {
        throw new ParseError(i + 1, `column "${featureNames[f]}": ${parsed}`, source);
      }
      rows[f].push(parsed);
    });
  }
  if (times.length === 0) {
    throw new ParseError(headerIndex + 1, 'a header but no data rows', source);
  }
  const nFeatures = featureColumns.length;
  const length = times.length;
  const values = new Float64Array(nFeatures * length);
  rows.forEach((row, f) => {
    const filled = Float64Array.from(row);
    if (!interpolateGaps(filled)) {
      throw new ParseError(1, `column "${featureNames[f]}" has no values at all`, source);
    }
    for (let t = 0; t < length; t++) {
      values[t * nFeatures + f] = filled[t];
    }
  });
  return { times: Float64Array.from(times), featureNames, featureServices, series: { nFeatures, length, values } };
}

/**
 * The class label of a case folder named `<service>-<fault>` (the fault is the part after the last `-`,
 * so services may contain dashes): `"front-end-cpu"` → `"front-end/cpu"`.
 */
export function labelFromCaseFolder(folderName: string): string {
  const dash = folderName.lastIndexOf('-');
  if (dash <= 0 || dash === folderName.length - 1) {
    throw new RangeError(`case folder "${folderName}" is not named <service>-<fault>`);
  }
  return `${folderName.slice(0, dash)}/${folderName.slice(dash + 1)}`;
}

/** Splits one CSV line, honouring double-quoted fields (with `""` escapes). */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        current += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      cells.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  cells.push(current.trim());
  return cells;
}
