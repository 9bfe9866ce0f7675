// Prints the line coverage of each covered source directory (`npm test` runs jest with --coverage),
// and, for charts/ and compositions/ (held at 100% by jest.config.js), every file below 100% with its
// uncovered lines, so a failed threshold says where to look.
const path = require('node:path');

const FULL = ['charts', 'compositions'];

class CoverageReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const map = results.coverageMap;
    if (!map) return;
    const dirs = new Map();
    const gaps = [];
    for (const file of map.files()) {
      const rel = path.relative(this.rootDir, file);
      const dir = rel.split(path.sep)[0];
      const fc = map.fileCoverageFor(file);
      const lines = fc.toSummary().lines;
      const d = dirs.get(dir) ?? { total: 0, covered: 0 };
      d.total += lines.total;
      d.covered += lines.covered;
      dirs.set(dir, d);
      if (FULL.includes(dir) && lines.covered < lines.total) gaps.push(`  ${rel}: lines ${fc.getUncoveredLines().join(',')}`);
    }
    const figures = [...dirs].sort(([a], [b]) => a.localeCompare(b)).map(([dir, d]) => `${dir}/ ${(d.total ? (100 * d.covered) / d.total : 100).toFixed(2)}%`);
    process.stdout.write(`line coverage: ${figures.join(', ')}\n`);
    if (gaps.length > 0) process.stdout.write(`not covered in ${FULL.map((d) => `${d}/`).join(' and ')}:\n${gaps.join('\n')}\n`);
  }
}

module.exports = CoverageReporter;
