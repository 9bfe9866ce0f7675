// `npm run controls-catalog`: regenerates compositions/report/controls-catalog.json from the research file
// (ZTA_CONTROLS_JSON, default ../shared/research/controls.json). Run it after the research changes and
// commit the result; test/compositions/report/controls-catalog.test.ts fails while the two differ.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildControlsCatalog, controlsCatalogText } from '../compositions/report/controls-catalog';

const root = path.resolve(__dirname, '..');

/** Where the research file is read from (ZTA_CONTROLS_JSON overrides). */
export function defaultControlsJson(): string {
  return process.env.ZTA_CONTROLS_JSON ?? path.resolve(root, '..', 'shared', 'research', 'controls.json');
}

export const CONTROLS_CATALOG_FILE = path.join(root, 'compositions', 'report', 'controls-catalog.json');

/** The catalog file's text as the script would write it from `controlsJson`. */
export function generateControlsCatalog(controlsJson: string = defaultControlsJson()): string {
  const records = JSON.parse(fs.readFileSync(controlsJson, 'utf8')) as unknown;
  if (!Array.isArray(records)) throw new Error(`${controlsJson}: expected a JSON array of control records, got ${typeof records}`);
  return controlsCatalogText(buildControlsCatalog(records));
}

if (require.main === module) {
  const source = defaultControlsJson();
  if (!fs.existsSync(source)) throw new Error(`missing ${source} (set ZTA_CONTROLS_JSON)`);
  const text = generateControlsCatalog(source);
  fs.writeFileSync(CONTROLS_CATALOG_FILE, text);
  const catalog = JSON.parse(text) as { framework: string }[];
  const count = (f: string): number => catalog.filter((c) => c.framework === f).length;
  console.log(`compositions/report/controls-catalog.json: ${count('CIS v3.0.0')} CIS v3.0.0 and ${count('FSBP')} FSBP controls from ${source}`);
}
