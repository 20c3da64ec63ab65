import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SYMPTOM_NOT_SEEN } from '../campaign/symptomVerifier';
import { labelFromCaseFolder, parseCaseCsv } from '../core/readers/parseCaseCsv';
import { makeStudyDataset, NORMAL_LABEL, type StudyCase, type StudyDataset, type Verification } from './studyCase';

/** The file names a case folder may hold its data in, first match wins. */
const DATA_FILES = ['data.csv', 'data.csv.gz'];

/**
 * What `label.json` in a study case folder says. Only `onset` is required: the study cuts windows relative to the true
 * onset, which a folder name cannot carry. `service`/`fault` default to the nearest ancestor folder named
 * `<service>-<fault>` (or `normal`), `episodeId` to the folder's path.
 */
export interface StudyCaseLabel {
  readonly service?: string;
  readonly fault?: string;
  /** `"normal"` marks a window without a fault. */
  readonly label?: string;
  readonly episodeId?: string | number;
  /** Unix seconds of the true fault onset (normal windows: the nominal window start). */
  readonly onset?: number;
  readonly end?: number;
  readonly load?: string;
  /** The campaign runner's parameters; `verified` is its check's verdict. */
  readonly params?: { readonly verified?: unknown };
  /** The runner's note on its check, e.g. `FLAGGED: SYMPTOM NOT SEEN: ...`. */
  readonly notes?: unknown;
}

/**
 * Loads a study data set from a folder of case folders (the layout is in `fixtures/shop-study/README.md` and
 * `docs/study.md`): every folder with a `data.csv` or `data.csv.gz` is one case, labelled by its `label.json`.
 * Errors name the file and what to fix.
 */
export function loadStudyCases(root: string): StudyDataset {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new RangeError(
      `${root} is not a folder; give the folder that holds the case folders (e.g. fixtures/shop-study/cases)`
    );
  }
  const folders = caseFolders(root);
  if (folders.length === 0) {
    throw new RangeError(`no case folder under ${root}: a case folder holds ${DATA_FILES.join(' or ')} and label.json`);
  }
  const cases = folders.map((folder) => loadCase(root, folder));
  return makeStudyDataset(path.basename(path.resolve(root)), cases);
}

function caseFolders(root: string): string[] {
  const found: string[] = [];
  const visit = (folder: string): void => {
    const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (entries.some((e) => e.isFile() && DATA_FILES.includes(e.name))) {
      found.push(folder);
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        visit(path.join(folder, e.name));
      }
    }
  };
  visit(root);
  return found;
}

function loadCase(root: string, folder: string): StudyCase {
  const relative = path.relative(root, folder) || path.basename(folder);
  const dataFile = DATA_FILES.map((name) => path.join(folder, name)).find((file) => existsSync(file)) as string;
  const bytes = readFileSync(dataFile);
  const text = dataFile.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  const table = parseCaseCsv(text, dataFile);
  const labelFile = path.join(folder, 'label.json');
  if (!existsSync(labelFile)) {
    throw new RangeError(
      `${folder} has no label.json; the study needs at least {"onset": <unix seconds of the fault onset>} there`
    );
  }
  let label: StudyCaseLabel;
  try {
    label = JSON.parse(readFileSync(labelFile, 'utf8')) as StudyCaseLabel;
  } catch (error) {
    throw new RangeError(`${labelFile} is not valid JSON (${(error as Error).message})`);
  }
  if (typeof label.onset !== 'number' || !Number.isFinite(label.onset)) {
    throw new RangeError(
      `${labelFile} has no numeric "onset": the study cuts windows relative to the true fault onset (unix seconds); add it`
    );
  }
  const { service, fault } = classOf(label, root, folder, labelFile);
  const { times } = table;
  if (times.length < 2) {
    throw new RangeError(`${dataFile} has ${times.length} row; a case needs a baseline and a window`);
  }
  const stepSeconds = times[1] - times[0];
  for (let t = 2; t < times.length; t++) {
    if (Math.abs(times[t] - times[t - 1] - stepSeconds) > 1e-6 * stepSeconds) {
      throw new RangeError(
        `${dataFile}: rows ${t} and ${t + 1} are ${times[t] - times[t - 1]} s apart but the first two are ${stepSeconds} s apart; ` +
          'export on a fixed grid (missing values may be left empty, missing rows may not)'
      );
    }
  }
  return {
    id: relative.split(path.sep).join('/'),
    group: label.episodeId === undefined ? relative.split(path.sep).join('/') : String(label.episodeId),
    label: service === null ? NORMAL_LABEL : `${service}/${fault}`,
    service,
    fault,
    load: label.load,
    ...(service === null ? {} : { verification: verificationOf(label) }),
    onsetSeconds: label.onset,
    endSeconds: label.end,
    startSeconds: times[0],
    stepSeconds,
    featureNames: table.featureNames,
    series: table.series,
  };
}

/**
 * The runner's verdict from a label: `verified: true` is a seen symptom; a note saying the symptom was not seen is
 * `not-seen`; anything else (no check, or no data to check with, as for the study labs' pauses) is `unchecked`.
 */
function verificationOf(label: StudyCaseLabel): Verification {
  if (label.params?.verified === true) {
    return 'seen';
  }
  return typeof label.notes === 'string' && label.notes.includes(SYMPTOM_NOT_SEEN) ? 'not-seen' : 'unchecked';
}

function classOf(
  label: StudyCaseLabel,
  root: string,
  folder: string,
  labelFile: string
): { service: string | null; fault: string | null } {
  if (label.label === NORMAL_LABEL) {
    return { service: null, fault: null };
  }
  if (typeof label.service === 'string' && typeof label.fault === 'string') {
    return { service: label.service, fault: label.fault };
  }
  // Nearest ancestor folder (inside root) named `normal` or `<service>-<fault>`.
  let current = folder;
  while (path.relative(root, current) !== '' && !path.relative(root, current).startsWith('..')) {
    const name = path.basename(current);
    if (name === NORMAL_LABEL) {
      return { service: null, fault: null };
    }
    if (name.includes('-')) {
      const [service, fault] = labelFromCaseFolder(name).split('/');
      return { service, fault };
    }
    current = path.dirname(current);
  }
  throw new RangeError(
    `${labelFile} names no class: give "service" and "fault" (or "label": "normal"), or put the case under a folder named <service>-<fault>`
  );
}
