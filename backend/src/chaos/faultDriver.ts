import type { FaultSpec } from './faultSpec';

/** One fault to inject: which service, what, for how long. */
export interface FaultRequest {
  readonly service: string;
  readonly spec: FaultSpec;
  readonly durationSeconds: number;
}

/**
 * What a driver needs to undo a fault, kept in the journal. `data` is driver-specific and JSON-safe; it may be
 * empty when the runner crashed between writing its intent and the driver answering, so `revert` must work
 * from `service` and `spec` alone.
 */
export interface AppliedFault extends FaultRequest {
  readonly driver: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * Injects faults into a running system and takes them back. Implementations: `LocalDriver` (processes, cgroups,
 * fault proxies) and `PumbaDriver` (Docker containers through Pumba).
 */
export interface FaultDriver {
  readonly name: string;
  /** Checks the target exists and the driver can reach it, before anything is injected. */
  check(services: readonly string[]): Promise<void>;
  /** Starts the fault and resolves once it is in place. */
  apply(request: FaultRequest): Promise<AppliedFault>;
  /** Undoes the fault; idempotent, so a crash recovery may call it for a fault already gone. */
  revert(fault: AppliedFault): Promise<void>;
}
