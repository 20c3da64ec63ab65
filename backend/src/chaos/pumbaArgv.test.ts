import type { FaultRequest } from './faultDriver';
import { pumbaArgv } from './pumbaArgv';

// Expected argv written from Pumba's documented CLI (alexei-led/pumba docs/network-chaos.md, docs/stress-testing.md,
// docs/guide.md): global flags first, then the command, its flags, the sub-command and its flags, the container last.
describe('pumbaArgv', () => {
  const request = (spec: FaultRequest['spec'], durationSeconds = 30): FaultRequest => ({
    service: 'catalog',
    spec,
    durationSeconds,
  });

  it.each<[string, FaultRequest['spec'], string[]]>([
    [
      'netem delay with time and jitter in ms',
      { kind: 'delay', timeMs: 200, jitterMs: 20 },
      ['netem', '--duration', '30s', 'delay', '--time', '200', '--jitter', '20', 'shop-catalog'],
    ],
    [
      'netem loss with a percent',
      { kind: 'loss', percent: 25 },
      ['netem', '--duration', '30s', 'loss', '--percent', '25', 'shop-catalog'],
    ],
    [
      'stress with cpu workers, stressors joined by = and ended by stress-ng --timeout',
      { kind: 'cpu', workers: 2 },
      ['stress', '--duration', '30s', '--stressors=--cpu 2 --timeout 30s', 'shop-catalog'],
    ],
    [
      'stress with vm workers and bytes in mebibytes',
      { kind: 'memory', workers: 1, bytesPerWorker: 256 * 1024 * 1024 },
      ['stress', '--duration', '30s', '--stressors=--vm 1 --vm-bytes 256M --vm-keep --timeout 30s', 'shop-catalog'],
    ],
    ['pause with a duration', { kind: 'pause' }, ['pause', '--duration', '30s', 'shop-catalog']],
    ['kill with SIGKILL', { kind: 'kill' }, ['kill', '--signal', 'SIGKILL', 'shop-catalog']],
  ])('builds %s', (_name, spec, expected) => {
    expect(pumbaArgv(request(spec), 'shop-catalog')).toEqual(expected);
  });

  it('puts --log-level before the command and image flags on their commands', () => {
    expect(
      pumbaArgv(request({ kind: 'delay', timeMs: 100, jitterMs: 0 }), 'c', { logLevel: 'info', tcImage: 'img:1' })
    ).toEqual([
      '--log-level',
      'info',
      'netem',
      '--duration',
      '30s',
      '--tc-image',
      'img:1',
      'delay',
      '--time',
      '100',
      '--jitter',
      '0',
      'c',
    ]);
    expect(pumbaArgv(request({ kind: 'cpu', workers: 1 }), 'c', { stressImage: 'stress:2' })).toEqual([
      'stress',
      '--duration',
      '30s',
      '--stress-image',
      'stress:2',
      '--stressors=--cpu 1 --timeout 30s',
      'c',
    ]);
  });

  it('writes bytes that are not whole mebibytes as plain bytes', () => {
    const argv = pumbaArgv(request({ kind: 'memory', workers: 2, bytesPerWorker: 1_000_000 }), 'c');
    expect(argv).toContain('--stressors=--vm 2 --vm-bytes 1000000 --vm-keep --timeout 30s');
  });

  it('refuses a duration Pumba could not read as whole seconds', () => {
    expect(() => pumbaArgv(request({ kind: 'pause' }, 1.5), 'c')).toThrow(RangeError);
    expect(() => pumbaArgv(request({ kind: 'pause' }, 0), 'c')).toThrow(/positive whole number of seconds/);
  });
});
