import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LabServiceState } from '../../backend/src/chaos/labControl';
import { readFreezerState } from '../../backend/src/chaos/cgroupV1';
import { freePort } from '../../backend/src/lab/freePort';
import { LabSupervisor } from '../../backend/src/lab/labSupervisor';
import { shopProcesses } from '../../backend/src/lab/shopLayout';

/** Shop services run as real processes by a real lab supervisor (cgroups, fault proxies, control API). */
export interface ShopLab {
  readonly supervisor: LabSupervisor;
  /** The control URL the local fault driver talks to. */
  readonly controlUrl: string;
  service(name: string): LabServiceState;
  /** True while the service's cgroup is frozen (a `pause` fault is in place). */
  frozen(name: string): Promise<boolean>;
  /** Stops every process (thawing and killing what a fault left) and deletes the log folder. */
  stop(): Promise<void>;
}

/**
 * Starts `services` of the built shop (`demo/dist`) under a lab supervisor on loopback, as `npm run lab` does, and
 * resolves once they are healthy. Needs root (cgroup v1) like the local driver itself. Always `stop()` it.
 */
export async function startShopLab(services: readonly string[], cpuLimitCores = 0.5): Promise<ShopLab> {
  const host = '127.0.0.1';
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'culprit-shop-lab-'));
  const { processes } = await shopProcesses({ host, services });
  const supervisor = new LabSupervisor({
    host,
    labId: `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    processes,
    cpuLimitCores,
    controlPort: await freePort(host),
    logDir,
  });
  await supervisor.start();
  await supervisor.waitHealthy(15_000);
  const service = (name: string): LabServiceState => {
    const found = supervisor.state().services.find((one) => one.name === name);
    if (!found) {
      throw new Error(`${name} is not in this lab (it runs ${services.join(', ')})`);
    }
    return found;
  };
  return {
    supervisor,
    controlUrl: supervisor.controlUrl,
    service,
    frozen: async (name) => (await readFreezerState(service(name).cgroups.freezer!)) !== 'THAWED',
    async stop() {
      await supervisor.stop();
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}
