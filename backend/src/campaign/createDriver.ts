import type { FaultDriver } from '../chaos/faultDriver';
import { LocalDriver } from '../chaos/localDriver';
import { PumbaDriver } from '../chaos/pumbaDriver';
import type { DriverConfig } from './faultJournal';

/** Builds the driver a journal entry names, so a fault is reverted by the same kind of driver that applied it. */
export function createDriver(config: DriverConfig): FaultDriver {
  switch (config.name) {
    case 'local':
      return new LocalDriver({ labUrl: config.labUrl });
    case 'pumba':
      return new PumbaDriver({
        pumbaPath: config.pumbaPath,
        dockerSocket: config.dockerSocket,
        containerTemplate: config.containerTemplate,
      });
  }
}
