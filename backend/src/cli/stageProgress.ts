import { SingleBar } from 'cli-progress';
import type { ProgressCallback } from '../core';

/** Progress of a command that runs in named stages (e.g. "learning window", "classifying"). */
export interface StageProgress {
  update: ProgressCallback;
  stop: () => void;
}

/**
 * A progress bar per stage on a terminal; otherwise one line per stage every 10 %, so logs stay short.
 * Always on stderr, never on stdout, so `--json` output stays machine-readable.
 * Stages with fewer than `minTotalForLines` steps print no lines when stderr is not a terminal.
 */
export function createStageProgress(minTotalForLines = 0): StageProgress {
  let bar: SingleBar | null = null;
  let stage = '';
  let lastTenth = -1;
  return {
    update: (name, done, total) => {
      if (process.stderr.isTTY) {
        if (name !== stage) {
          bar?.stop();
          bar = new SingleBar({ stream: process.stderr, format: `${name} [{bar}] {value}/{total}`, hideCursor: true });
          bar.start(total, done);
          stage = name;
        }
        bar?.update(done);
        return;
      }
      const tenth = Math.floor((10 * done) / total);
      if (name !== stage || tenth !== lastTenth) {
        stage = name;
        lastTenth = tenth;
        if (total >= minTotalForLines) {
          process.stderr.write(`${name}: ${done}/${total}\n`);
        }
      }
    },
    stop: () => bar?.stop(),
  };
}
