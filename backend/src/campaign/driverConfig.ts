import type { DriverConfig } from './faultJournal';

/** How faults are injected, as a person writes it (CLI flags or the `campaigns:` section of culprit.yaml). */
export interface DriverSettings {
  readonly driver: 'local' | 'pumba';
  /** Lab supervisor control URL (local driver). */
  readonly labUrl?: string;
  /** pumba binary (pumba driver). */
  readonly pumbaPath?: string;
  /** Docker socket pumba talks to (pumba driver; default: pumba's own default). */
  readonly dockerSocket?: string;
}

/** Driver settings that cannot work; the message says what to add. */
export class DriverSettingsError extends Error {
  override readonly name = 'DriverSettingsError';
}

/**
 * The driver config a campaign runs with (and journals for crash recovery): the settings plus the plan's container
 * template. Shared by `culprit campaign run` and the backend's campaign API, so both build drivers the same way.
 */
export function driverConfigFrom(
  settings: DriverSettings,
  containerTemplate: string,
  labUrlHint: string
): DriverConfig {
  if (settings.driver === 'pumba') {
    return {
      name: 'pumba',
      pumbaPath: settings.pumbaPath,
      ...(settings.dockerSocket ? { dockerSocket: settings.dockerSocket } : {}),
      containerTemplate,
    };
  }
  if (!settings.labUrl) {
    throw new DriverSettingsError(`the local driver needs ${labUrlHint}: the control URL \`npm run lab\` prints`);
  }
  return { name: 'local', labUrl: settings.labUrl };
}
