import { seededRandom } from '../core/seededRandom';
import { makeStudyDataset, NORMAL_LABEL, type StudyCase, type StudyDataset } from './studyCase';

/** Settings of the synthetic generator. */
export interface SyntheticStudyOptions {
  readonly services: readonly string[];
  readonly faults: readonly string[];
  readonly repetitions: number;
  readonly normalCases: number;
  readonly seed: number;
  readonly stepSeconds?: number;
  /** Seconds recorded before the onset (and after the window's end). */
  readonly marginSeconds?: number;
  /** Seconds the fault lasts from the onset. */
  readonly faultSeconds?: number;
  /** Standard deviation of the background noise (the fault signatures are a few units tall). */
  readonly noise?: number;
}

/**
 * SYNTHETIC data for unit tests only, never presented as shop data: each service has a `cpu`, `mem` and `lat`
 * feature with Gaussian-ish noise around a level, and a fault adds a signature to its culprit's features from the
 * onset for `faultSeconds`: which feature moves and how (step, ramp, spike, oscillation) depends on the fault kind,
 * so the (service, fault) classes are separable and the N-Sigma baseline can find the service.
 */
export function syntheticStudyDataset(options: SyntheticStudyOptions): StudyDataset {
  const step = options.stepSeconds ?? 5;
  const margin = options.marginSeconds ?? 120;
  const faultSeconds = options.faultSeconds ?? 120;
  const noise = options.noise ?? 0.1;
  const random = seededRandom(options.seed);
  const gaussian = (): number => {
    // Irwin-Hall: the sum of 12 uniforms minus 6 is close enough to a standard normal for test data.
    let s = 0;
    for (let i = 0; i < 12; i++) {
      s += random();
    }
    return s - 6;
  };
  const metrics = ['cpu', 'mem', 'lat'];
  const featureNames = options.services.flatMap((s) => metrics.map((m) => `${s}_${m}`));
  const length = Math.round((2 * margin + faultSeconds) / step);
  const onsetStep = Math.round(margin / step);
  const faultSteps = Math.round(faultSeconds / step);
  const nFeatures = featureNames.length;
  const cases: StudyCase[] = [];
  let startSeconds = 1_700_000_000;

  const makeCase = (service: string | null, fault: string | null, id: string): void => {
    const values = new Float64Array(length * nFeatures);
    for (let t = 0; t < length; t++) {
      for (let f = 0; f < nFeatures; f++) {
        values[t * nFeatures + f] = 1 + (f % 3) + noise * gaussian();
      }
    }
    if (service !== null && fault !== null) {
      const s = options.services.indexOf(service);
      const k = options.faults.indexOf(fault);
      const feature = s * 3 + (k % 3);
      for (let u = 0; u < faultSteps; u++) {
        const t = onsetStep + u;
        values[t * nFeatures + feature] += signature(k, u, faultSteps);
      }
    }
    cases.push({
      id,
      group: id,
      label: service === null ? NORMAL_LABEL : `${service}/${fault}`,
      service,
      fault,
      onsetSeconds: startSeconds + margin,
      endSeconds: startSeconds + margin + faultSeconds,
      startSeconds,
      stepSeconds: step,
      featureNames,
      series: { nFeatures, length, values },
    });
    startSeconds += length * step;
  };

  for (let r = 0; r < options.repetitions; r++) {
    for (const service of options.services) {
      for (const fault of options.faults) {
        makeCase(service, fault, `${service}-${fault}/rep-${r}`);
      }
    }
  }
  for (let n = 0; n < options.normalCases; n++) {
    makeCase(null, null, `normal/${n}`);
  }
  return makeStudyDataset('synthetic', cases);
}

/** The shape a fault kind adds, `u` steps after the onset: kinds cycle through step, ramp, spike train, sine. */
function signature(kind: number, u: number, steps: number): number {
  switch (Math.floor(kind / 3) % 2 === 0 ? kind % 4 : (kind + 2) % 4) {
    case 0:
      return 3;
    case 1:
      return (4 * u) / steps;
    case 2:
      return u % 4 === 0 ? 4 : 0;
    default:
      return 2 * Math.sin(u / 2) + 2;
  }
}
