import type { CaseTable } from '../core/readers/parseCaseCsv';
import { normalise } from '../core/transforms/normalise';
import type { Mts } from '../core/types';
import type { LoadedCase } from './loadCaseFolders';

/**
 * How `evaluate-cases` scales each case before the classifier sees it:
 * - `auto`: relative to the case's `normal.csv` baseline when it has one (core `baseline` normalisation: mean and
 *   floored deviation of the baseline), else per-series z-norm;
 * - `baseline`: the `normal.csv` baseline, else the case's own first quarter;
 * - `znorm`: every case by its own mean and deviation; `none`: raw values.
 */
export type CaseScaling = 'auto' | 'baseline' | 'znorm' | 'none';
export const CASE_SCALINGS: readonly CaseScaling[] = ['auto', 'baseline', 'znorm', 'none'];

/** The cases as classifier input: one Mts per case over the features every case has. */
export interface CaseSeries {
  readonly featureNames: string[];
  /** Columns some cases have and others do not (left out, so all series share one feature layout). */
  readonly droppedFeatures: string[];
  readonly series: Mts[];
  /** How each case was scaled (`baseline` when its normal.csv was used). */
  readonly scaledBy: Array<'baseline' | 'first quarter' | 'znorm' | 'none'>;
}

/**
 * Aligns every case (and baseline) to the columns all cases share, in the first case's order, then scales each.
 * Throws when the cases share no column or a baseline lacks one of the shared columns.
 */
export function caseSeries(cases: readonly LoadedCase[], scaling: CaseScaling): CaseSeries {
  const counts = new Map<string, number>();
  for (const c of cases) {
    for (const name of c.table.featureNames) {
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  const featureNames = cases[0].table.featureNames.filter((name) => counts.get(name) === cases.length);
  if (featureNames.length === 0) {
    throw new RangeError('the cases share no <service>_<metric> column; export them with one catalogue');
  }
  const droppedFeatures = [...counts.keys()].filter((name) => counts.get(name) !== cases.length).sort();
  const series: Mts[] = [];
  const scaledBy: CaseSeries['scaledBy'] = [];
  for (const c of cases) {
    const data = selectColumns(c.table, featureNames, c.dataFile);
    const baseline = c.baseline && c.baselineFile ? selectColumns(c.baseline, featureNames, c.baselineFile) : null;
    if (scaling === 'none') {
      series.push(data);
      scaledBy.push('none');
    } else if (baseline && (scaling === 'auto' || scaling === 'baseline')) {
      series.push(normalise(data, { kind: 'baseline' }, baseline));
      scaledBy.push('baseline');
    } else if (scaling === 'baseline') {
      series.push(normalise(data, { kind: 'baseline' }));
      scaledBy.push('first quarter');
    } else {
      series.push(normalise(data, { kind: 'znorm' }));
      scaledBy.push('znorm');
    }
  }
  return { featureNames, droppedFeatures, series, scaledBy };
}

function selectColumns(table: CaseTable, names: readonly string[], file: string): Mts {
  const { nFeatures: F, length: T, values } = table.series;
  const columns = names.map((name) => {
    const column = table.featureNames.indexOf(name);
    if (column < 0) {
      throw new RangeError(`${file} has no column "${name}", which the other cases have`);
    }
    return column;
  });
  const out = new Float64Array(names.length * T);
  for (let t = 0; t < T; t++) {
    columns.forEach((column, f) => {
      out[t * names.length + f] = values[t * F + column];
    });
  }
  return { nFeatures: names.length, length: T, values: out };
}
