import { type FaultRequest } from './faultDriver';
import { formatGoDuration, formatStressBytes } from './faultSpec';

/** Global flags put before the command, e.g. `--log-level info`. */
export interface PumbaOptions {
  readonly logLevel?: 'debug' | 'info' | 'warning' | 'error';
  /** Image with `tc` for netem (Pumba runs it in the target's network namespace). */
  readonly tcImage?: string;
  /** Image with stress-ng for `stress`. */
  readonly stressImage?: string;
}

/**
 * The argv (without the `pumba` binary) that injects a fault into one container, following Pumba's documented CLI
 * (docs/guide.md, docs/network-chaos.md, docs/stress-testing.md in alexei-led/pumba):
 * - `netem --duration D [--tc-image I] delay --time MS --jitter MS <container>`
 * - `netem --duration D [--tc-image I] loss --percent P <container>`
 * - `stress --duration D [--stress-image I] --stressors=<stress-ng flags> <container>` (the `=` is required)
 * - `pause --duration D <container>`
 * - `kill --signal SIGKILL <container>`
 * Every timed command carries `--duration`, so Pumba itself ends the fault even if the runner dies.
 */
export function pumbaArgv(request: FaultRequest, container: string, options: PumbaOptions = {}): string[] {
  const duration = formatGoDuration(request.durationSeconds);
  const global = options.logLevel ? ['--log-level', options.logLevel] : [];
  const tcImage = options.tcImage ? ['--tc-image', options.tcImage] : [];
  const { spec } = request;
  switch (spec.kind) {
    case 'delay':
      return [
        ...global,
        'netem',
        '--duration',
        duration,
        ...tcImage,
        'delay',
        '--time',
        String(spec.timeMs),
        '--jitter',
        String(spec.jitterMs),
        container,
      ];
    case 'loss':
      return [
        ...global,
        'netem',
        '--duration',
        duration,
        ...tcImage,
        'loss',
        '--percent',
        String(spec.percent),
        container,
      ];
    case 'cpu':
    case 'memory': {
      const stressors =
        spec.kind === 'cpu'
          ? `--cpu ${spec.workers}`
          : `--vm ${spec.workers} --vm-bytes ${formatStressBytes(spec.bytesPerWorker)} --vm-keep`;
      const stressImage = options.stressImage ? ['--stress-image', options.stressImage] : [];
      return [
        ...global,
        'stress',
        '--duration',
        duration,
        ...stressImage,
        // stress-ng's own timeout ends the workers even if Pumba is killed before it can stop the sidecar.
        `--stressors=${stressors} --timeout ${duration}`,
        container,
      ];
    }
    case 'pause':
      return [...global, 'pause', '--duration', duration, container];
    case 'kill':
      return [...global, 'kill', '--signal', 'SIGKILL', container];
  }
}
