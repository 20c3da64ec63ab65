import type { CgroupPaths } from './cgroupV1';
import type { ProxyFault } from './faultProxy';

/**
 * The wire contract between the local fault driver and the lab supervisor that runs the services: the driver asks
 * where each service's process and cgroups are, and sets the fault of the proxy in front of a service.
 */
export interface LabServiceState {
  readonly name: string;
  /** PID of the running process, null while the supervisor is restarting it. */
  readonly pid: number | null;
  readonly healthy: boolean;
  readonly restarts: number;
  /** The service's own cgroups (freezing one pauses the service). */
  readonly cgroups: CgroupPaths;
  /** A child cgroup per controller where injected stress runs, so it is charged to the service but killable alone. */
  readonly chaosCgroups: CgroupPaths;
  readonly proxyFault: ProxyFault;
}

export interface LabServicesAnswer {
  readonly services: readonly LabServiceState[];
}
