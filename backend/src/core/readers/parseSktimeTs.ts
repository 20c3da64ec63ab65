import { mtsFromFeatureRows } from '../mts';
import { interpolateGaps, type LabelledDataset, ParseError, parseNumberField } from './labelledDataset';

/** What the `@` headers of a `.ts` file declared. */
export interface SktimeHeader {
  problemName?: string;
  univariate?: boolean;
  dimensions?: number;
  equalLength?: boolean;
  seriesLength?: number;
  classLabels?: string[];
  timeStamps?: boolean;
  missing?: boolean;
}

/**
 * Parses an sktime/UEA `.ts` file: `#` comment lines, `@` headers, `@data`, then one case per line with the
 * dimensions separated by `:`, values by `,` and the class label last (when `@classLabel true`).
 * Missing values (`?`) are filled by linear interpolation within their dimension; a dimension that is
 * entirely missing is an error. Checks each case against the headers (dimension count, length, label list).
 * Timestamped values (`(t,v)` pairs) are not supported.
 */
export function parseSktimeTs(text: string, source = ''): LabelledDataset & { header: SktimeHeader } {
  const header: SktimeHeader = {};
  let hasLabels = false;
  let inData = false;
  const series = [];
  const labels: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const lineNumber = lineIndex + 1;
    const line = lines[lineIndex].trim();
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    if (!inData) {
      if (!line.startsWith('@')) {
        throw new ParseError(
          lineNumber,
          `expected an @-header or @data before the cases, got "${line.slice(0, 30)}"`,
          source
        );
      }
      const [keyword, ...rest] = line.split(/\s+/);
      const key = keyword.toLowerCase();
      const value = rest.join(' ');
      const bool = () => {
        if (rest[0] !== 'true' && rest[0] !== 'false') {
          throw new ParseError(lineNumber, `${keyword} must be true or false, got "${value}"`, source);
        }
        return rest[0] === 'true';
      };
      const int = () => {
        const n = Number(rest[0]);
        if (!Number.isInteger(n) || n < 1) {
          throw new ParseError(lineNumber, `${keyword} must be a positive integer, got "${value}"`, source);
        }
        return n;
      };
      switch (key) {
        case '@problemname':
          header.problemName = value;
          break;
        case '@timestamps':
          header.timeStamps = bool();
          if (header.timeStamps) {
            throw new ParseError(
              lineNumber,
              'timestamped .ts files are not supported; export the values without timestamps',
              source
            );
          }
          break;
        case '@missing':
          header.missing = bool();
          break;
        case '@univariate':
          header.univariate = bool();
          break;
        case '@dimensions':
          header.dimensions = int();
          break;
        case '@equallength':
          header.equalLength = bool();
          break;
        case '@serieslength':
          header.seriesLength = int();
          break;
        case '@classlabel':
          hasLabels = bool();
          header.classLabels = hasLabels ? rest.slice(1) : [];
          if (hasLabels && header.classLabels.length === 0) {
            throw new ParseError(lineNumber, '@classLabel true must list the class labels', source);
          }
          break;
        case '@data':
          inData = true;
          break;
        default:
          // Other headers (@targetLabel, @dataDescription…) do not change how cases are read.
          break;
      }
      continue;
    }
    if (line.includes('(')) {
      throw new ParseError(lineNumber, 'timestamped values "(t,v)" are not supported', source);
    }
    const parts = line.split(':');
    let label: string | undefined;
    if (hasLabels) {
      label = parts.pop()!.trim();
      if (header.classLabels && !header.classLabels.includes(label)) {
        throw new ParseError(
          lineNumber,
          `class label "${label}" is not among @classLabel ${header.classLabels.join(' ')}`,
          source
        );
      }
    }
    const expectedDims = header.dimensions ?? (header.univariate ? 1 : undefined);
    if (expectedDims !== undefined && parts.length !== expectedDims) {
      throw new ParseError(lineNumber, `${parts.length} dimensions but the header says ${expectedDims}`, source);
    }
    if (series.length > 0 && parts.length !== series[0].nFeatures) {
      throw new ParseError(
        lineNumber,
        `${parts.length} dimensions but earlier cases have ${series[0].nFeatures}`,
        source
      );
    }
    const rows = parts.map((part, dim) => {
      const fields = part.split(',');
      const row = new Float64Array(fields.length);
      fields.forEach((field, i) => {
        if (field.trim() === '?') {
          row[i] = NaN;
          return;
        }
        const parsed = parseNumberField(field);
        if (typeof parsed === 'string') {
          throw new ParseError(lineNumber, `dimension ${dim + 1}, value ${i + 1}: ${parsed}`, source);
        }
        row[i] = parsed;
      });
      if (!interpolateGaps(row)) {
        throw new ParseError(lineNumber, `dimension ${dim + 1} has no values (all missing)`, source);
      }
      return row;
    });
    const length = rows[0].length;
    rows.forEach((row, dim) => {
      if (row.length !== length) {
        throw new ParseError(
          lineNumber,
          `dimension ${dim + 1} has ${row.length} values but dimension 1 has ${length}`,
          source
        );
      }
    });
    if (header.equalLength && header.seriesLength !== undefined && length !== header.seriesLength) {
      throw new ParseError(
        lineNumber,
        `${length} values per dimension but @seriesLength is ${header.seriesLength}`,
        source
      );
    }
    series.push(mtsFromFeatureRows(rows));
    labels.push(label ?? '');
  }
  if (!inData) {
    throw new ParseError(lines.length, 'no @data line: is this an sktime .ts file?', source);
  }
  if (series.length === 0) {
    throw new ParseError(lines.length, 'no cases after @data', source);
  }
  return { series, labels, header };
}
