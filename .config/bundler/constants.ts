export const SOURCE_DIR = 'src';
export const DIST_DIR = 'dist';
export const MANIFEST_FILE = 'plugin.json';
