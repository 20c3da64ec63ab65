import { mtsFromFeatureRows } from '../mts';
import { type LabelledDataset, ParseError, parseNumberField } from './labelledDataset';

/**
 * Parses a UCR archive `.tsv` file: one case per line, tab-separated (commas are accepted too, as in the
 * older `.csv`/`.txt` releases), the class label first, then the values. Trailing `NaN`s pad the shorter
 * cases of variable-length sets and are dropped; a `NaN` inside a case is an error. Blank lines are skipped.
 * `source` (a file name) prefixes error messages.
 */
export function parseUcrTsv(text: string, source = ''): LabelledDataset {
  const series = [];
  const labels: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const line = lines[lineIndex];
    if (line.trim() === '') {
      continue;
    }
    const lineNumber = lineIndex + 1;
    const fields = line.includes('\t') ? line.split('\t') : line.split(',');
    const label = fields[0].trim();
    if (label === '') {
      throw new ParseError(lineNumber, 'the class label (first field) is empty', source);
    }
    if (fields.length < 2) {
      throw new ParseError(
        lineNumber,
        `only a label ("${label}") and no values; expected label<TAB>value<TAB>value…`,
        source
      );
    }
    let end = fields.length;
    while (end > 1 && fields[end - 1].trim().toLowerCase() === 'nan') {
      end--;
    }
    if (end === 1) {
      throw new ParseError(lineNumber, 'every value is NaN', source);
    }
    const values = new Float64Array(end - 1);
    for (let i = 1; i < end; i++) {
      const parsed = parseNumberField(fields[i]);
      if (typeof parsed === 'string' || Number.isNaN(parsed)) {
        const reason = typeof parsed === 'string' ? parsed : 'NaN inside the series (only trailing padding may be NaN)';
        throw new ParseError(lineNumber, `value ${i} (field ${i + 1}): ${reason}`, source);
      }
      values[i - 1] = parsed;
    }
    series.push(mtsFromFeatureRows([values]));
    labels.push(label);
  }
  if (series.length === 0) {
    throw new ParseError(1, 'no cases: the file is empty', source);
  }
  return { series, labels };
}
