import { parseEpisodeFile, parseTime } from './parseEpisodes';

describe('parseTime', () => {
  it.each([
    [1795000000000, 1795000000000],
    [1795000000, 1795000000000],
    ['1795000000', 1795000000000],
    ['2026-11-18T11:06:40Z', 1795000000000],
    ['2026-11-18T12:06:40+01:00', 1795000000000],
  ])('reads %s as %s ms', (value, ms) => {
    expect(parseTime(value, 'x')).toBe(ms);
  });

  it('names the bad value and the accepted forms', () => {
    expect(() => parseTime('yesterday', 'line 3, start')).toThrow(
      'line 3, start: "yesterday" is not a time (use epoch seconds or milliseconds, or 2026-11-24T03:00:00Z)'
    );
  });
});

describe('parseEpisodeFile', () => {
  it('reads a CSV with a header, in any column order', () => {
    const csv =
      'fault,service,start,end,notes\ncpu,cart,1795000000,1795000300,stress-ng\ndelay,orders,2026-11-18T11:10:00Z,2026-11-18T11:15:00Z,\n';
    expect(parseEpisodeFile(csv, 'episodes.csv')).toEqual([
      { service: 'cart', fault: 'cpu', start: 1795000000000, end: 1795000300000, source: 'import', notes: 'stress-ng' },
      {
        service: 'orders',
        fault: 'delay',
        start: Date.UTC(2026, 10, 18, 11, 10),
        end: Date.UTC(2026, 10, 18, 11, 15),
        source: 'import',
      },
    ]);
  });

  it('reads the backend export shape { episodes: [...] }', () => {
    const json = JSON.stringify({
      episodes: [
        {
          id: 4,
          service: 'cart',
          fault: 'kill',
          start: 1795000000000,
          end: 1795000060000,
          params: { signal: 'SIGKILL' },
        },
      ],
    });
    expect(parseEpisodeFile(json, 'export.json')).toEqual([
      {
        service: 'cart',
        fault: 'kill',
        start: 1795000000000,
        end: 1795000060000,
        source: 'import',
        params: { signal: 'SIGKILL' },
      },
    ]);
  });

  it.each([
    ['service,fault,start\ncart,cpu,1', 'a.csv: the CSV header has no "end" column (need service,fault,start,end)'],
    ['service,fault,start,end\ncart,cpu,10,5', 'a.csv line 2: the start must be before the end'],
    ['service,fault,start,end\n,cpu,1,2', 'a.csv line 2: the service is missing'],
    ['', 'a.csv is empty'],
  ])('rejects %j with a message naming the line', (text, message) => {
    expect(() => parseEpisodeFile(text, 'a.csv')).toThrow(message);
  });

  it('rejects broken JSON with the parser message', () => {
    expect(() => parseEpisodeFile('[{"service": ', 'b.json')).toThrow(/^b.json is not valid JSON/);
  });
});
