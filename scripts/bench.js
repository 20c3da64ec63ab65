#!/usr/bin/env node
// `npm run bench`: DTW_D speed of Culprit's TypeScript core against the plain C reference in ../shared/perf and
// against Grafana's WASM DTW (@bsull/augurs), all measured in this one run so the ratios share the machine's load.
// Prints progress on stderr and one JSON object on stdout. Times are medians of repeats, per CPU-second on the
// measuring thread (schedstat, as the C reference reads it), so waiting for a core on a shared box does not count.
// Environment: BENCH_MIN_SECONDS (each timed section, default 0.25), BENCH_REPEATS (default 3),
// CULPRIT_SKIP_BUILD=1 to reuse backend/dist.
'use strict';
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const perfSource = path.join(root, '..', 'shared', 'perf');
const minSeconds = Number(process.env.BENCH_MIN_SECONDS ?? 0.25);
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const SEED = 1;
const log = (message) => process.stderr.write(`bench: ${message}\n`);

function build() {
  if (process.env.CULPRIT_SKIP_BUILD) {
    return;
  }
  log('compiling the backend');
  const result = spawnSync('npm', ['run', '--silent', 'build:backend'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    throw new Error('npm run build:backend failed');
  }
}

function buildReference() {
  if (!fs.existsSync(path.join(perfSource, 'dtw_ref.c'))) {
    throw new Error(
      `the C reference is missing: expected ${perfSource}/dtw_ref.c (../shared/perf beside the repository)`
    );
  }
  // ../shared is read-only: build a copy.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'culprit-perf-'));
  for (const file of ['dtw_ref.c', 'Makefile']) {
    fs.copyFileSync(path.join(perfSource, file), path.join(dir, file));
  }
  log('building the C reference (make)');
  execFileSync('make', ['-s', '-C', dir, 'dtw_ref'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return dir;
}

function runReference(dir, args) {
  const out = execFileSync(path.join(dir, 'dtw_ref'), args.map(String), { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.startsWith('JSON '));
  if (!line) {
    throw new Error(`dtw_ref ${args.join(' ')} printed no JSON line`);
  }
  return JSON.parse(line.slice(5));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (x, digits = 3) => Number(x.toPrecision(digits + 1));

async function loadAugurs() {
  const dir = path.join(root, 'node_modules', '@bsull', 'augurs');
  const augurs = await import(path.join(dir, 'dtw.js'));
  augurs.initSync({ module: fs.readFileSync(path.join(dir, 'dtw_bg.wasm')) });
  return augurs;
}

/** augurs' DTW (univariate, square-rooted) on the same pair cycle as the other two; ns per band cell. */
function measureAugurs(augurs, data, T, w, full) {
  const { readClock, since, wallSeconds } = require(path.join(root, 'backend', 'dist', 'bench', 'benchClock.js'));
  const dtw = full ? augurs.Dtw.euclidean() : augurs.Dtw.euclidean({ window: w });
  const q = data.queries[0].values;
  const refs = data.references.map((r) => r.values);
  const warmUntil = wallSeconds() + 0.2;
  for (let p = 0; wallSeconds() < warmUntil; p++) {
    dtw.distance(q, refs[p % refs.length]);
  }
  const cpu = [];
  for (let rep = 0; rep < repeats; rep++) {
    let pairs = 0;
    const start = readClock();
    const until = start.wall + minSeconds;
    do {
      dtw.distance(q, refs[pairs % refs.length]);
      pairs++;
    } while (wallSeconds() < until || pairs < 3);
    cpu.push((since(start).cpu * 1e9) / pairs);
  }
  dtw.free();
  return {
    nsPerPairCpu: median(cpu),
    firstDistance: (full ? augurs.Dtw.euclidean() : augurs.Dtw.euclidean({ window: w })).distance(q, refs[0]),
  };
}

async function main() {
  build();
  const perfDir = buildReference();
  const dist = (file) => require(path.join(root, 'backend', 'dist', 'bench', file));
  const { measureFullDtw, measureNearest } = dist('dtwBench.js');
  const { referenceData, referenceWindowCells, bandCells } = dist('benchData.js');
  const { measureNearestWorkers } = dist('workerBench.js');
  const { dtwDistance } = require(path.join(root, 'backend', 'dist', 'core', 'distances', 'dtwDistance.js'));
  const augurs = await loadAugurs();
  const started = Date.now();

  const cells = [];
  for (const [F, T] of [
    [1, 150],
    [40, 120],
    [200, 360],
  ]) {
    for (const wpct of [10, 100]) {
      log(`ns per DTW_D cell, F=${F} T=${T} window ${wpct} %`);
      const c = median(
        Array.from({ length: repeats }, () => runReference(perfDir, [F, T, 50, wpct, SEED, 0, 2, 0, minSeconds])).map(
          (r) => r.ns_per_cell_cpu
        )
      );
      const cRun = runReference(perfDir, [F, T, 50, wpct, SEED, 0, 2, 0, 0.05]);
      const ts = measureFullDtw(F, T, 50, wpct, SEED, minSeconds, repeats, 'wasm');
      const js = measureFullDtw(F, T, 50, wpct, SEED, minSeconds, repeats, 'js');
      const single = F >= 8 ? measureFullDtw(F, T, 50, wpct, SEED, minSeconds, repeats, 'single') : null;
      const row = {
        F,
        T,
        windowPct: wpct,
        windowCells: ts.w,
        bandCells: ts.bandCells,
        tsNsPerCell: round(ts.nsPerCellCpu),
        cNsPerCell: round(c),
        tsOverC: round(ts.nsPerCellCpu / c),
        identicalDistances: ts.chkFull === cRun.chk_full && js.chkFull === cRun.chk_full,
        jsKernelNsPerCell: round(js.nsPerCellCpu),
        jsKernelOverC: round(js.nsPerCellCpu / c),
      };
      if (single) {
        // The single-precision screening kernel the 1-NN search runs first (not bit-identical by design).
        row.screenNsPerCell = round(single.nsPerCellCpu);
        row.screenOverC = round(single.nsPerCellCpu / c);
        row.screenRelativeError = Number((Math.abs(single.chkFull - cRun.chk_full) / cRun.chk_full).toExponential(2));
      }
      if (F === 1) {
        const data = referenceData(1, T, 50, 0, SEED);
        const w = referenceWindowCells(T, wpct);
        const a = measureAugurs(augurs, data, T, w, wpct >= 100);
        const ours = Math.sqrt(dtwDistance(data.queries[0], data.references[0], { windowCells: w }));
        const augursCells = wpct >= 100 ? T * T : bandCells(T, w);
        row.augursNsPerCell = round(a.nsPerPairCpu / augursCells);
        row.tsOverAugurs = round(ts.nsPerCellCpu / (a.nsPerPairCpu / augursCells));
        row.augursAgrees = Math.abs(a.firstDistance - ours) <= 1e-9 * ours;
      }
      cells.push(row);
    }
  }

  const nearest = [];
  const F = 40;
  const T = 120;
  const wpct = 10;
  const nq = 10;
  for (const N of [50, 1000, 2000]) {
    log(`1-NN queries per second, F=${F} T=${T} window ${wpct} %, ${N} references`);
    // The C reference's rate: median of repeats, like ours (its sums and pruning counts do not vary).
    const cRuns = Array.from({ length: repeats }, () =>
      runReference(perfDir, [F, T, N, wpct, SEED, nq, 2, 0, minSeconds])
    );
    const c = {
      ...cRuns[0],
      nn_qps_cpu: median(cRuns.map((r) => r.nn_qps_cpu)),
      nn_qps: median(cRuns.map((r) => r.nn_qps)),
    };
    const cPruned = (c.pr_kim + c.pr_ec + c.pr_eq) / c.cand;
    // Each idea on its own and stacked, all exact (identicalAnswers checks the C reference's sums bit for bit).
    const exact = { singlePrecisionScreen: false };
    const variants = [
      [
        'JS kernel (PrunedDTW cells), C cascade order, fixed',
        { ...exact, sortByLowerBound: false, wasm: false, adaptiveBounds: false },
      ],
      [
        'WASM double, early abandoning + EAPruned cells only (no lower bounds)',
        { ...exact, lowerBounds: false, sortByLowerBound: false, suffixBound: false },
      ],
      [
        'WASM double, C cascade order (Kim, Keogh both ways, LB suffix as per-cell budget), fixed',
        { ...exact, sortByLowerBound: false, adaptiveBounds: false },
      ],
      ['WASM double, scan sorted by LB_Keogh, fixed cascade', { ...exact, adaptiveBounds: false }],
      ['WASM double, sorted scan, adaptive cascade', exact],
      [
        'single-precision screen, C cascade order, fixed',
        { lowerBounds: true, sortByLowerBound: false, adaptiveBounds: false },
      ],
      ['single-precision screen, sorted scan, adaptive cascade', { lowerBounds: true }],
      ['default: single-precision screen, early abandoning + EAPruned cells, no lower bounds', {}],
    ];
    const rows = variants.map(([variant, tuning]) =>
      measureNearest(F, T, N, wpct, SEED, nq, minSeconds, repeats, variant, tuning)
    );
    const workers = await measureNearestWorkers(F, T, N, wpct, SEED, nq, Math.max(minSeconds, 0.5), 2);
    const best = rows[rows.length - 1];
    nearest.push({
      F,
      T,
      N,
      windowPct: wpct,
      cQps: round(c.nn_qps_cpu),
      cPrunedShare: round(cPruned),
      cCellsComputedShare: round(c.cells_frac),
      variants: rows.map((r) => ({
        variant: r.variant,
        qps: round(r.qpsCpu),
        overC: round(r.qpsCpu / c.nn_qps_cpu),
        prunedShare: round(r.prunedShare),
        abandonedShare: round(r.abandonedShare),
        screenedOutShare: round(r.screenedOutShare),
        identicalAnswers: r.sumIdx === c.sum_idx && r.sumNn === c.sum_nn,
      })),
      tsQps: round(best.qpsCpu),
      tsOverC: round(best.qpsCpu / c.nn_qps_cpu),
      workerThreads: {
        workers: workers.workers,
        qpsWall: round(workers.qps),
        overCWall: round(workers.qps / c.nn_qps),
      },
    });
  }
  // Smooth data (the C reference's sine-plus-noise classes), where LB_Keogh prunes most candidates: does it pay?
  const sine = [];
  {
    const N = 1000;
    log(`1-NN queries per second, sine classes, F=${F} T=${T} window ${wpct} %, ${N} references`);
    const cRuns = Array.from({ length: repeats }, () =>
      runReference(perfDir, [F, T, N, wpct, SEED, nq, 2, 1, minSeconds])
    );
    const c = { ...cRuns[0], nn_qps_cpu: median(cRuns.map((r) => r.nn_qps_cpu)) };
    const variants = [
      [
        'WASM double, early abandoning + EAPruned cells only (no lower bounds)',
        { singlePrecisionScreen: false, lowerBounds: false, sortByLowerBound: false, suffixBound: false },
      ],
      ['WASM double, sorted scan, adaptive cascade', { singlePrecisionScreen: false }],
      ['single-precision screen, sorted scan, adaptive cascade', { lowerBounds: true }],
      ['default: single-precision screen, early abandoning + EAPruned cells, no lower bounds', {}],
    ];
    const rows = variants.map(([variant, tuning]) =>
      measureNearest(F, T, N, wpct, SEED, nq, minSeconds, repeats, variant, tuning, 1)
    );
    sine.push({
      F,
      T,
      N,
      windowPct: wpct,
      data: 'sine classes',
      cQps: round(c.nn_qps_cpu),
      cPrunedShare: round((c.pr_kim + c.pr_ec + c.pr_eq) / c.cand),
      cAccuracy: c.acc,
      variants: rows.map((r) => ({
        variant: r.variant,
        qps: round(r.qpsCpu),
        overC: round(r.qpsCpu / c.nn_qps_cpu),
        prunedShare: round(r.prunedShare),
        screenedOutShare: round(r.screenedOutShare),
        accuracy: r.accuracy,
        identicalAnswers: r.sumIdx === c.sum_idx && r.sumNn === c.sum_nn,
      })),
    });
  }
  fs.rmSync(perfDir, { recursive: true, force: true });
  const result = {
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      node: process.version,
      loadavg: os.loadavg().map((x) => round(x, 2)),
    },
    settings: {
      minSeconds,
      repeats,
      seed: SEED,
      timing: 'median of repeats, on-CPU time of the measuring thread (schedstat)',
    },
    nsPerCell: cells,
    nearestNeighbour: nearest,
    nearestNeighbourSineClasses: sine,
    seconds: round((Date.now() - started) / 1000),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  process.exit(1);
});
