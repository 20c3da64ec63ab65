import { existsSync } from 'node:fs';
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The cgroup v1 controllers the lab uses: CPU quota and accounting, memory accounting, and the freezer (pause). */
export const LAB_CONTROLLERS = ['cpu', 'cpuacct', 'memory', 'freezer'] as const;
export type LabController = (typeof LAB_CONTROLLERS)[number];

/** One cgroup directory per controller. */
export type CgroupPaths = Partial<Record<LabController, string>>;

export const CGROUP_V1_ROOT = '/sys/fs/cgroup';

/**
 * Throws with what to do when cgroup v1 controllers are missing (a cgroup v2-only host, or a container without
 * /sys/fs/cgroup mounted read-write): the local driver cannot pause or attribute stress without them.
 */
export function assertCgroupV1Available(root = CGROUP_V1_ROOT): void {
  const missing = LAB_CONTROLLERS.filter((controller) => !existsSync(path.join(root, controller, 'cgroup.procs')));
  if (missing.length > 0) {
    throw new Error(
      `cgroup v1 controllers missing under ${root}: ${missing.join(', ')}. The local fault driver needs them ` +
        '(run as root on a host with cgroup v1 mounted), or use the Docker stack with --driver pumba.'
    );
  }
}

/** Creates the cgroup `relative` (e.g. `culprit-lab/123/catalog`) under every lab controller. */
export async function createCgroup(relative: string, root = CGROUP_V1_ROOT): Promise<CgroupPaths> {
  const paths: CgroupPaths = {};
  for (const controller of LAB_CONTROLLERS) {
    const directory = path.join(root, controller, relative);
    await mkdir(directory, { recursive: true });
    paths[controller] = directory;
  }
  return paths;
}

/** Moves a process (and the threads and children it makes later) into the cgroup under every controller. */
export async function addProcess(paths: CgroupPaths, pid: number): Promise<void> {
  for (const directory of Object.values(paths)) {
    await writeFile(path.join(directory, 'cgroup.procs'), `${pid}\n`);
  }
}

/** The PIDs in one cgroup directory. */
export async function readProcs(directory: string): Promise<number[]> {
  try {
    const text = await readFile(path.join(directory, 'cgroup.procs'), 'utf8');
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(Number);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw error;
  }
}

export async function readFreezerState(directory: string): Promise<string> {
  return (await readFile(path.join(directory, 'freezer.state'), 'utf8')).trim();
}

/** Writes FROZEN or THAWED and waits until the kernel reports it (freezing is asynchronous: FREEZING first). */
export async function setFreezerState(directory: string, state: 'FROZEN' | 'THAWED', timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await writeFile(path.join(directory, 'freezer.state'), state);
  while ((await readFreezerState(directory)) !== state) {
    if (Date.now() > deadline) {
      throw new Error(`the freezer at ${directory} did not reach ${state} within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sets a CPU limit as a share of one core (0.5 = half a core per 100 ms period), as Docker's `--cpus` does. */
export async function setCpuLimit(cpuDirectory: string, cores: number): Promise<void> {
  const periodUs = 100_000;
  await writeFile(path.join(cpuDirectory, 'cpu.cfs_period_us'), String(periodUs));
  await writeFile(path.join(cpuDirectory, 'cpu.cfs_quota_us'), String(Math.round(cores * periodUs)));
}

/** CPU time used by every process of the cgroup so far, in seconds (cpuacct.usage is in nanoseconds). */
export async function readCpuUsageSeconds(cpuacctDirectory: string): Promise<number> {
  return Number((await readFile(path.join(cpuacctDirectory, 'cpuacct.usage'), 'utf8')).trim()) / 1e9;
}

/** Memory charged to the cgroup and its children, bytes, and the working set (usage minus inactive file cache). */
export async function readMemory(memoryDirectory: string): Promise<{ usageBytes: number; workingSetBytes: number }> {
  const usageBytes = Number((await readFile(path.join(memoryDirectory, 'memory.usage_in_bytes'), 'utf8')).trim());
  const stat = await readFile(path.join(memoryDirectory, 'memory.stat'), 'utf8');
  const inactiveFile = Number(/^total_inactive_file (\d+)$/m.exec(stat)?.[1] ?? 0);
  return { usageBytes, workingSetBytes: Math.max(0, usageBytes - inactiveFile) };
}

/** Removes cgroup directories deepest first; a cgroup with processes left in it cannot be removed (EBUSY). */
export async function removeCgroups(directories: readonly string[]): Promise<void> {
  const sorted = [...directories].sort((a, b) => b.length - a.length);
  for (const directory of sorted) {
    try {
      await rmdir(directory);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') {
        throw new Error(`could not remove cgroup ${directory} (${code}); processes may still be in it`);
      }
    }
  }
}
