import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { labelFromCaseFolder } from '../core/readers/parseCaseCsv';

/** The label of windows without a fault. */
export const NORMAL_CASE_LABEL = 'normal';

/** The class of one case: `service`/`fault` are null for a normal window. */
export interface CaseLabel {
  /** `"<service>/<fault>"` or `"normal"`. */
  readonly label: string;
  readonly service: string | null;
  readonly fault: string | null;
  /** Where the label came from: the case's `label.json`, or the name of an ancestor folder. */
  readonly source: 'label.json' | 'folder';
  /** Unix seconds of the fault onset and end, when `label.json` gives them (kept in the store, not used to cut). */
  readonly onset?: number;
  readonly end?: number;
}

/**
 * Resolves the label of the case in `folder` (somewhere under `root`). Accepted, first match wins:
 * 1. `label.json` with `{"service": "front-end", "fault": "cpu"}`;
 * 2. `label.json` with `{"label": "front-end/cpu"}`, `{"label": "front-end-cpu"}` (split at the last `-`) or
 *    `{"label": "normal"}`;
 * 3. the nearest folder from the case folder up to `root` (both included) named `normal` or `<service>-<fault>`,
 *    split at the last `-` because service names may contain `-` (`front-end-cpu` → `front-end/cpu`). A name whose
 *    part after the last `-` is all digits (`case-3`, `p2-17`) is a case number, not a fault, and is passed over.
 * A `label.json` may carry only `onset`/`end` and leave the class to the folder name. Errors name the file or
 * folder and what to add.
 */
export function resolveCaseLabel(root: string, folder: string): CaseLabel {
  const labelFile = path.join(folder, 'label.json');
  let manifest: Record<string, unknown> = {};
  if (existsSync(labelFile)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(labelFile, 'utf8'));
    } catch (error) {
      throw new RangeError(`${labelFile} is not valid JSON (${(error as Error).message})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new RangeError(`${labelFile} must hold an object such as {"service": "cart", "fault": "cpu"}`);
    }
    manifest = parsed as Record<string, unknown>;
  }
  const times = timesOf(manifest, labelFile);
  const fromManifest = classFromManifest(manifest, labelFile);
  if (fromManifest) {
    return { ...fromManifest, source: 'label.json', ...times };
  }
  const fromFolder = classFromAncestors(root, folder);
  if (fromFolder) {
    return { ...fromFolder, source: 'folder', ...times };
  }
  throw new RangeError(
    `${folder} has no label: add label.json with {"service": "...", "fault": "..."} (or {"label": "<service>-<fault>"}), ` +
      'or put the case under a folder named <service>-<fault> (or normal)'
  );
}

type CaseClass = Pick<CaseLabel, 'label' | 'service' | 'fault'>;

function classFromManifest(manifest: Record<string, unknown>, labelFile: string): CaseClass | null {
  const { service, fault, label } = manifest;
  if (service !== undefined || fault !== undefined) {
    if (typeof service !== 'string' || typeof fault !== 'string' || service === '' || fault === '') {
      throw new RangeError(`${labelFile}: "service" and "fault" must both be non-empty strings`);
    }
    return ofParts(service, fault, labelFile);
  }
  if (label === undefined) {
    return null;
  }
  if (typeof label !== 'string' || label.trim() === '') {
    throw new RangeError(`${labelFile}: "label" must be a non-empty string like "cart-cpu", "cart/cpu" or "normal"`);
  }
  if (label === NORMAL_CASE_LABEL) {
    return { label: NORMAL_CASE_LABEL, service: null, fault: null };
  }
  const slash = label.indexOf('/');
  if (slash >= 0) {
    return ofParts(label.slice(0, slash), label.slice(slash + 1), labelFile);
  }
  try {
    const [svc, flt] = labelFromCaseFolder(label).split('/');
    return ofParts(svc, flt, labelFile);
  } catch {
    throw new RangeError(`${labelFile}: "label" "${label}" is not <service>-<fault>, <service>/<fault> or normal`);
  }
}

function ofParts(service: string, fault: string, where: string): CaseClass {
  if (service === '' || fault === '' || fault.includes('/')) {
    throw new RangeError(`${where}: cannot read a service and a fault from "${service}/${fault}"`);
  }
  return { label: `${service}/${fault}`, service, fault };
}

function classFromAncestors(root: string, folder: string): CaseClass | null {
  const top = path.resolve(root);
  let current = path.resolve(folder);
  for (;;) {
    const name = path.basename(current);
    if (name === NORMAL_CASE_LABEL) {
      return { label: NORMAL_CASE_LABEL, service: null, fault: null };
    }
    const dash = name.lastIndexOf('-');
    if (dash > 0 && dash < name.length - 1 && !/^\d+$/.test(name.slice(dash + 1))) {
      const [service, fault] = labelFromCaseFolder(name).split('/');
      return { label: `${service}/${fault}`, service, fault };
    }
    if (current === top || path.dirname(current) === current) {
      return null;
    }
    current = path.dirname(current);
  }
}

function timesOf(manifest: Record<string, unknown>, labelFile: string): { onset?: number; end?: number } {
  const out: { onset?: number; end?: number } = {};
  for (const key of ['onset', 'end'] as const) {
    const value = manifest[key];
    if (value === undefined) {
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(`${labelFile}: "${key}" must be unix seconds (a number), got ${JSON.stringify(value)}`);
    }
    out[key] = value;
  }
  return out;
}
