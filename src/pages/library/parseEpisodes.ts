import { NewEpisode } from '../../api/types';

/** A file the import could not read, with the line or entry at fault. */
export class EpisodeFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EpisodeFileError';
  }
}

/**
 * Reads a time as the backend accepts it: epoch milliseconds, epoch seconds (10 digits or fewer, as CSV exports of
 * `date +%s` have), or an RFC 3339 / ISO 8601 string. Returns epoch milliseconds.
 */
export function parseTime(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value < 1e11 ? value * 1000 : value;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text)) {
      return parseTime(Number(text), where);
    }
    const ms = Date.parse(text);
    if (!Number.isNaN(ms) && /\d{4}-\d{2}-\d{2}/.test(text)) {
      return ms;
    }
  }
  throw new EpisodeFileError(
    `${where}: "${String(value)}" is not a time (use epoch seconds or milliseconds, or 2026-11-24T03:00:00Z)`
  );
}

function episodeFrom(record: Record<string, unknown>, where: string): NewEpisode {
  const service = typeof record.service === 'string' ? record.service.trim() : '';
  const fault = typeof record.fault === 'string' ? record.fault.trim() : '';
  if (!service) {
    throw new EpisodeFileError(`${where}: the service is missing`);
  }
  if (!fault) {
    throw new EpisodeFileError(`${where}: the fault is missing`);
  }
  const start = parseTime(record.start, `${where}, start`);
  const end = parseTime(record.end, `${where}, end`);
  if (!(start < end)) {
    throw new EpisodeFileError(`${where}: the start must be before the end`);
  }
  const episode: NewEpisode = { service, fault, start, end, source: 'import' };
  if (typeof record.notes === 'string' && record.notes !== '') {
    episode.notes = record.notes;
  }
  if (record.params && typeof record.params === 'object') {
    episode.params = record.params as Record<string, unknown>;
  }
  return episode;
}

/**
 * Reads episodes from an import file: JSON (an array, or `{ "episodes": [...] }` as the backend exports it) or CSV
 * with a header naming at least `service,fault,start,end` (and optionally `notes`). All or nothing: the first bad
 * entry throws with its line or index, as the backend's import would reject the batch.
 */
export function parseEpisodeFile(text: string, fileName: string): NewEpisode[] {
  const trimmed = text.trim();
  if (trimmed === '') {
    throw new EpisodeFileError(`${fileName} is empty`);
  }
  if (fileName.toLowerCase().endsWith('.json') || trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new EpisodeFileError(`${fileName} is not valid JSON: ${(error as Error).message}`);
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { episodes?: unknown }).episodes;
    if (!Array.isArray(list)) {
      throw new EpisodeFileError(`${fileName}: expected an array of episodes or { "episodes": [...] }`);
    }
    return list.map((entry, i) => episodeFrom(entry as Record<string, unknown>, `${fileName} entry ${i + 1}`));
  }
  const lines = trimmed.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0].split(',').map((h) => h.trim().toLowerCase());
  for (const column of ['service', 'fault', 'start', 'end']) {
    if (!header.includes(column)) {
      throw new EpisodeFileError(
        `${fileName}: the CSV header has no "${column}" column (need service,fault,start,end)`
      );
    }
  }
  return lines.slice(1).map((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    const record = Object.fromEntries(header.map((name, j) => [name, cells[j] ?? '']));
    return episodeFrom(record, `${fileName} line ${i + 2}`);
  });
}
