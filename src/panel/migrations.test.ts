import { makeMigrationHandler, migrateOptions } from './migrations';
import { defaultPanelOptions, PANEL_OPTIONS_VERSION } from './types';

const uids: Record<string, string> = { 'Culprit prod': 'culprit-prod-uid' };
const resolve = (name: string) => uids[name];

describe('migrateOptions', () => {
  it('turns version-1 options into version 2: the data source name into its uid, labelName, selectOnDrag and dim', () => {
    const migrated = migrateOptions(
      { datasource: 'Culprit prod', labelName: 'container', selectOnDrag: false, dim: 0.7, showEvidence: false },
      resolve
    );
    expect(migrated).toEqual({
      ...defaultPanelOptions,
      optionsVersion: PANEL_OPTIONS_VERSION,
      datasourceUid: 'culprit-prod-uid',
      serviceLabel: 'container',
      dragMode: 'zoom',
      dimOpacity: expect.closeTo(0.3, 10),
      showEvidence: false,
    });
    expect(migrated).not.toHaveProperty('datasource');
    expect(migrated).not.toHaveProperty('labelName');
  });

  it('falls back to the first Culprit data source when the stored name no longer exists', () => {
    expect(migrateOptions({ datasource: 'Renamed away' }, resolve).datasourceUid).toBe('');
  });

  it('gives an empty (new) panel every default', () => {
    expect(migrateOptions(undefined, resolve)).toEqual(defaultPanelOptions);
  });

  it('leaves current options unchanged', () => {
    const current = { ...defaultPanelOptions, serviceLabel: 'job', dimOpacity: 0.5 };
    expect(migrateOptions({ ...current }, resolve)).toEqual(current);
  });

  it('keeps options written by a newer plugin instead of downgrading them', () => {
    const newer = { ...defaultPanelOptions, optionsVersion: PANEL_OPTIONS_VERSION + 1, futureThing: 1 };
    expect(migrateOptions(newer, resolve)).toMatchObject({ optionsVersion: PANEL_OPTIONS_VERSION + 1, futureThing: 1 });
  });

  it('is what the panel registers as its migration handler', () => {
    const handler = makeMigrationHandler(resolve);
    const panel = { id: 1, options: { labelName: 'name' }, fieldConfig: { defaults: {}, overrides: [] } };
    expect(handler(panel as never).serviceLabel).toBe('name');
  });
});
