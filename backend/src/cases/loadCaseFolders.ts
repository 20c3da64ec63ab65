import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type CaseTable, parseCaseCsv } from '../core/readers/parseCaseCsv';
import { type CaseLabel, resolveCaseLabel } from './resolveCaseLabel';

/**
 * The files that make a folder a case folder, first match wins: the case's data (`data.csv`, or `anomalous.csv`
 * beside an optional `normal.csv` baseline). `.gz` variants are read too (the shop-study fixture ships them).
 */
export const CASE_DATA_FILES: readonly string[] = ['data.csv', 'data.csv.gz', 'anomalous.csv', 'anomalous.csv.gz'];
const BASELINE_FILES: readonly string[] = ['normal.csv', 'normal.csv.gz'];

/** One case read from its folder. */
export interface LoadedCase {
  /** The folder's path relative to the root, with `/` separators (the root's own name when it is the case). */
  readonly id: string;
  readonly folder: string;
  readonly dataFile: string;
  readonly baselineFile: string | null;
  readonly label: CaseLabel;
  readonly table: CaseTable;
  /** The `normal.csv` baseline, when the folder has one. */
  readonly baseline: CaseTable | null;
}

/**
 * Every case folder under `root` (`root` itself included), sorted by path. A case folder is one that holds a
 * {@link CASE_DATA_FILES} file; the walk does not descend into it. Other files are ignored.
 */
export function findCaseFolders(root: string): string[] {
  const found: string[] = [];
  const visit = (folder: string): void => {
    const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (entries.some((e) => e.isFile() && CASE_DATA_FILES.includes(e.name))) {
      found.push(folder);
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        visit(path.join(folder, entry.name));
      }
    }
  };
  visit(root);
  return found;
}

/**
 * Reads every case under `root`: its data, its optional baseline and its label. Throws on the first bad case with
 * the file, the line and the reason (parse errors come from `parseCaseCsv`), so callers store all or nothing.
 */
export function loadCaseFolders(root: string, onProgress?: (done: number, total: number) => void): LoadedCase[] {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new RangeError(`${root} is not a folder; give the folder that holds the case folders`);
  }
  const folders = findCaseFolders(root);
  if (folders.length === 0) {
    throw new RangeError(
      `no case folder under ${root}: a case folder holds ${CASE_DATA_FILES.join(', ')} (and optionally normal.csv)`
    );
  }
  return folders.map((folder, i) => {
    const loaded = loadCase(root, folder);
    onProgress?.(i + 1, folders.length);
    return loaded;
  });
}

function loadCase(root: string, folder: string): LoadedCase {
  const dataFile = firstExisting(folder, CASE_DATA_FILES) as string;
  const baselineFile = firstExisting(folder, BASELINE_FILES);
  const table = parseCaseCsv(readText(dataFile), dataFile);
  const baseline = baselineFile === null ? null : parseCaseCsv(readText(baselineFile), baselineFile);
  const relative = path.relative(root, folder);
  return {
    id: relative === '' ? path.basename(path.resolve(folder)) : relative.split(path.sep).join('/'),
    folder,
    dataFile,
    baselineFile,
    label: resolveCaseLabel(root, folder),
    table,
    baseline,
  };
}

function firstExisting(folder: string, names: readonly string[]): string | null {
  for (const name of names) {
    const file = path.join(folder, name);
    if (existsSync(file)) {
      return file;
    }
  }
  return null;
}

function readText(file: string): string {
  const bytes = readFileSync(file);
  return file.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
}
