import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));

describe('the plugin manifests', () => {
  const app = readJson('plugin.json');
  const nested = [
    { folder: 'panel', type: 'panel', id: 'culprit-diagnosis-panel' },
    { folder: 'datasource', type: 'datasource', id: 'culprit-datasource' },
  ];

  it('declare the app as culprit-app at the repository root, with no second copy in src/', () => {
    expect(app).toMatchObject({ id: 'culprit-app', type: 'app' });
    expect(existsSync(join(root, 'src', 'plugin.json'))).toBe(false);
  });

  it.each(nested)('include the nested $type plugin $id from src/$folder', ({ folder, type, id }) => {
    expect(app.includes).toContainEqual(expect.objectContaining({ type, path: `${folder}/plugin.json` }));
    expect(readJson(`src/${folder}/plugin.json`)).toMatchObject({ id, type });
    expect(existsSync(join(root, 'src', folder, 'module.ts')) || existsSync(join(root, 'src', folder, 'module.tsx'))).toBe(
      true
    );
  });

  it('are built into dist/ with one version taken from package.json', () => {
    const { version } = readJson('package.json');
    const built = [readJson('dist/plugin.json'), ...nested.map(({ folder }) => readJson(`dist/${folder}/plugin.json`))];
    expect(built.map((manifest) => manifest.id)).toEqual(['culprit-app', ...nested.map(({ id }) => id)]);
    for (const manifest of built) {
      expect(manifest.info.version).toBe(version);
      expect(manifest.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    for (const file of ['module.js', 'panel/module.js', 'datasource/module.js']) {
      expect(existsSync(join(root, 'dist', file))).toBe(true);
    }
  });
});
