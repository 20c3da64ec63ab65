import { parseCaseCsv, labelFromCaseFolder } from './parseCaseCsv';
import { parseSktimeTs } from './parseSktimeTs';
import { parseUcrTsv } from './parseUcrTsv';

describe('parseUcrTsv', () => {
  it('reads labels and values, dropping trailing NaN padding', () => {
    const { series, labels } = parseUcrTsv('1\t0.5\t1.5\t2\n-1\t3\t4\tNaN\n');
    expect(labels).toEqual(['1', '-1']);
    expect(Array.from(series[0].values)).toEqual([0.5, 1.5, 2]);
    expect(series[1].length).toBe(2);
  });

  it.each([
    ['1\t0.5\tabc\n', 'data.tsv: line 1: value 2 (field 3): "abc" is not a number'],
    ['1\t0.5\n\n2\t1\t\t3\n', 'data.tsv: line 3: value 2 (field 3): an empty value'],
    [
      '1\t0.5\tNaN\t3\n',
      'data.tsv: line 1: value 2 (field 3): NaN inside the series (only trailing padding may be NaN)',
    ],
    ['\t1\t2\n', 'data.tsv: line 1: the class label (first field) is empty'],
    ['7\n', 'data.tsv: line 1: only a label ("7") and no values'],
    ['', 'data.tsv: line 1: no cases: the file is empty'],
  ])('explains a malformed file %p', (text, message) => {
    expect(() => parseUcrTsv(text, 'data.tsv')).toThrow(message);
  });
});

describe('parseSktimeTs', () => {
  const header =
    '# a comment\n@problemName Demo\n@univariate false\n@dimensions 2\n@equalLength true\n@seriesLength 3\n@classLabel true up down\n@data\n';

  it('reads multivariate cases time-major and fills missing values by interpolation', () => {
    const { series, labels, header: parsed } = parseSktimeTs(`${header}1,2,3:4,?,6:up\n0,0,1:1,1,?:down\n`);
    expect(parsed.problemName).toBe('Demo');
    expect(labels).toEqual(['up', 'down']);
    expect(Array.from(series[0].values)).toEqual([1, 4, 2, 5, 3, 6]);
    expect(Array.from(series[1].values)).toEqual([0, 1, 0, 1, 1, 1]);
  });

  it.each([
    ['1,2,3:4,5,6:sideways\n', 'line 9: class label "sideways" is not among @classLabel up down'],
    ['1,2,3:up\n', 'line 9: 1 dimensions but the header says 2'],
    ['1,2,3:4,5:up\n', 'line 9: dimension 2 has 2 values but dimension 1 has 3'],
    ['1,x,3:4,5,6:up\n', 'line 9: dimension 1, value 2: "x" is not a number'],
    ['?,?,?:4,5,6:up\n', 'line 9: dimension 1 has no values (all missing)'],
    ['1,2,3,4:4,5,6,7:up\n', 'line 9: 4 values per dimension but @seriesLength is 3'],
  ])('explains a malformed case %p', (data, message) => {
    expect(() => parseSktimeTs(header + data, 'x.ts')).toThrow(`x.ts: ${message}`);
  });

  it('explains a file without @data and a bad header value', () => {
    expect(() => parseSktimeTs('@problemName x\n')).toThrow('no @data line');
    expect(() => parseSktimeTs('@dimensions two\n@data\n')).toThrow(
      'line 1: @dimensions must be a positive integer, got "two"'
    );
    expect(() => parseSktimeTs('1,2,3:a\n')).toThrow('line 1: expected an @-header or @data before the cases');
  });
});

describe('parseCaseCsv', () => {
  it('reads a case folder CSV into a series with named features and their services', () => {
    const table = parseCaseCsv('time,api_cpu,db_latency-p99\n100,0.5,0.01\n115,,0.02\n130,0.7,0.03\n');
    expect(table.featureNames).toEqual(['api_cpu', 'db_latency-p99']);
    expect(table.featureServices).toEqual(['api', 'db']);
    expect(Array.from(table.times)).toEqual([100, 115, 130]);
    expect(table.series.values[2]).toBeCloseTo(0.6, 12);
  });

  it.each([
    ['api_cpu\n1\n', 'line 1: no "time" column'],
    ['time,cpu\n1,2\n', 'line 1: column "cpu" is not named <service>_<metric>'],
    ['time,api_cpu\n1,2\n1,3\n', 'line 3: time 1 does not increase (previous row: 1)'],
    ['time,api_cpu\n1,2,3\n', 'line 2: 3 cells but the header has 2 columns'],
    ['time,api_cpu\n1,high\n', 'line 2: column "api_cpu": "high" is not a number'],
  ])('explains a malformed case file %p', (text, message) => {
    expect(() => parseCaseCsv(text, 'case.csv')).toThrow(`case.csv: ${message}`);
  });

  it('takes the label from a <service>-<fault> folder name', () => {
    expect(labelFromCaseFolder('front-end-cpu')).toBe('front-end/cpu');
    expect(() => labelFromCaseFolder('cpu')).toThrow(/not named <service>-<fault>/);
  });
});
