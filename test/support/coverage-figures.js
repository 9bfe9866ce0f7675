// An istanbul report (listed in jest.config.js coverageReporters; `npm test` runs jest with --coverage):
// prints the line coverage of each covered source directory and, for charts/ and compositions/ (held
// at 100% by the thresholds), every file below 100% with its uncovered lines, so a failed threshold
// says where to look. A coverage report rather than a jest reporter: jest hands the coverage map to
// its reporters only after the custom ones have run.
const path = require('node:path');

const FULL = ['charts', 'compositions'];

/** 3,4,5,9 -> 3-5,9 */
function ranges(lines) {
  const out = [];
  for (const n of lines.map(Number).sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');
}

class CoverageFigures {
  constructor(opts = {}) {
    this.rootDir = opts.rootDir ?? process.cwd();
  }

  execute(context) {
    const files = [];
    context.getTree('flat').visit({ onDetail: (node) => files.push(node.getFileCoverage()) }, context);
    const dirs = new Map();
    const gaps = [];
    for (const fc of files) {
      const rel = path.relative(this.rootDir, fc.path);
      const dir = rel.split(path.sep)[0];
      const lines = fc.toSummary().lines;
      const d = dirs.get(dir) ?? { total: 0, covered: 0 };
      d.total += lines.total;
      d.covered += lines.covered;
      dirs.set(dir, d);
      if (FULL.includes(dir) && lines.covered < lines.total) gaps.push(`  ${rel}: lines ${ranges(fc.getUncoveredLines())}`);
    }
    const figures = [...dirs].sort(([a], [b]) => a.localeCompare(b)).map(([dir, d]) => `${dir}/ ${(d.total ? (100 * d.covered) / d.total : 100).toFixed(2)}%`);
    process.stdout.write(`line coverage: ${figures.join(', ')}\n`);
    if (gaps.length > 0) process.stdout.write(`not covered in ${FULL.map((d) => `${d}/`).join(' and ')}:\n${gaps.join('\n')}\n`);
  }
}

module.exports = CoverageFigures;
