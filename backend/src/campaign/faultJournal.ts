import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { AppliedFault } from '../chaos/faultDriver';

/** How to rebuild the driver that applied a fault, so a later process can revert it. */
export type DriverConfig =
  | { readonly name: 'local'; readonly labUrl: string }
  | {
      readonly name: 'pumba';
      readonly pumbaPath?: string;
      readonly dockerSocket?: string;
      readonly containerTemplate?: string;
    };

export interface JournalEntry {
  readonly id: string;
  readonly startedAt: number;
  readonly driver: DriverConfig;
  readonly fault: AppliedFault;
}

interface JournalFile {
  readonly version: 1;
  readonly active: JournalEntry[];
}

/**
 * The faults that are (or may be) active, on disk. The runner writes an entry BEFORE it applies a fault and removes
 * it only after the revert succeeded, so after a crash or SIGKILL the next start finds every fault it must undo.
 * Writes go to a temporary file that is fsynced and renamed over the journal, so a crash never leaves half a file.
 */
export class FaultJournal {
  constructor(readonly file: string) {}

  entries(): JournalEntry[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return [];
      }
      throw error;
    }
    let parsed: JournalFile;
    try {
      parsed = JSON.parse(text) as JournalFile;
    } catch {
      throw new Error(`the fault journal ${this.file} is not valid JSON; inspect it, revert by hand, then delete it`);
    }
    if (parsed.version !== 1 || !Array.isArray(parsed.active)) {
      throw new Error(`the fault journal ${this.file} has an unknown format (version ${String(parsed.version)})`);
    }
    return parsed.active;
  }

  /** Records a fault about to be applied and returns its entry id. */
  add(driver: DriverConfig, fault: AppliedFault): string {
    const id = randomUUID();
    this.write([...this.entries(), { id, startedAt: Date.now(), driver, fault }]);
    return id;
  }

  /** Replaces the fault of an entry (the driver's answer carries more than the intent). */
  update(id: string, fault: AppliedFault): void {
    this.write(this.entries().map((entry) => (entry.id === id ? { ...entry, fault } : entry)));
  }

  remove(id: string): void {
    this.write(this.entries().filter((entry) => entry.id !== id));
  }

  private write(active: JournalEntry[]): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    const descriptor = openSync(temporary, 'w');
    try {
      writeSync(descriptor, JSON.stringify({ version: 1, active } satisfies JournalFile, null, 2));
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, this.file);
  }
}
