// A TypeScript entry point (the `zta` CLI, synth) as one esbuild bundle, kept in the disk cache and
// compiled from V8's code cache. Through tsx, a one-shot render spent about 0.5 s of CPU transpiling
// and loading some 300 modules and synth about 1 s for 580, compiling the same functions again on
// every run.
//
// A bundle is keyed by the content of every file esbuild read to make it (from its metafile), the
// listing of every project directory it read from (charts/index.ts loads every chart file of its
// directory), the checkout's path, the Node version and the build options. A process checks that digest before it
// loads a bundle, hashing the contents again only when a file's stamps differ from the index's, so
// an edited or added source, `npm ci` or another Node never runs old code. Same cache directory and
// switches as validator/disk-cache.ts: ZTA_CACHE=off, or `bundle` in ZTA_CACHE_SKIP, runs the
// sources through tsx, as does any failure to build.
'use strict';
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const { createRequire, wrap } = require('node:module');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

const ROOT = path.resolve(__dirname, '..');
const KIND = 'bundle';

// Whitespace and syntax minified: a third less text to read and hold (5.0 -> 3.5 MB for synth), about
// 4% of a synth's or a render's CPU time. Names are kept (no minifyIdentifiers: keepNames' wrappers
// cost more than the shorter text saved, and error messages and class names stay the source's).
// A stack trace names bundle positions either way; ZTA_CACHE=off runs the sources.
const BUILD_OPTIONS = {
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', minifyWhitespace: true, minifySyntax: true,
};

/** validator/disk-cache.ts's cacheDir(), for this file runs before any TypeScript loads (a test holds them equal). */
function cacheDir() {
  if (process.env.ZTA_CACHE === 'off') return undefined;
  return process.env.ZTA_CACHE_DIR ?? path.join(os.tmpdir(), 'zta-cache');
}

/**
 * The digest of the inputs (paths relative to ROOT) and of the listing of each project directory
 * they are in, and of ROOT (a bundle names its modules' directories: two checkouts of the same
 * commit sharing a cache must not load each other's); undefined when an input is gone.
 */
function inputsDigest(inputs, options = BUILD_OPTIONS) {
  const hash = createHash('sha256').update(`${process.version}\0${ROOT}\0${JSON.stringify(options)}\0`);
  for (const input of inputs) {
    let content;
    try {
      content = fs.readFileSync(path.join(ROOT, input));
    } catch {
      return undefined;
    }
    hash.update(`${input}\0`).update(content).update('\0');
  }
  for (const dir of projectDirs(inputs)) {
    try {
      hash.update(`${dir}\0${fs.readdirSync(path.join(ROOT, dir)).sort().join('\0')}\0`);
    } catch {
      return undefined;
    }
  }
  return hash.digest('hex').slice(0, 32);
}

/** The directories of the inputs outside node_modules, as `dir/`, sorted: a file added to one is a new input. */
function projectDirs(inputs) {
  return [...new Set(inputs.filter((i) => !i.startsWith('node_modules/')).map((i) => `${path.dirname(i)}/`))].sort();
}

// esbuild inlines every module into one file, so `__dirname` would name the cache directory: each
// project module gets its own, as when tsx runs it (the renderer finds dist/, imports/ and
// package.json from it).
const ownDirname = {
  name: 'own-dirname',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = fs.readFileSync(args.path, 'utf8');
      const names = `var __filename = ${JSON.stringify(args.path)}, __dirname = ${JSON.stringify(path.dirname(args.path))};`;
      return { contents: `${names}${source}`, loader: 'ts' };
    });
  },
};

/**
 * What the file system says of each input and of each project directory it is in, without reading
 * them: inode, size, modification and change times (ns). A write, a rename onto it or an added file
 * changes the change time, which no tool can set back; equal stamps are an unchanged input, so a
 * run whose stamps match the index skips hashing some 600 files (about 60 ms of a synth).
 */
function stamps(inputs) {
  const paths = [...inputs, ...projectDirs(inputs)];
  try {
    return paths.map((p) => {
      const st = fs.statSync(path.join(ROOT, p), { bigint: true });
      return `${p}\0${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
    }).join('\n');
  } catch {
    return undefined;
  }
}

/** Bundles the entry; its text and the inputs it was made from (paths relative to ROOT). */
async function bundle(entry) {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    ...BUILD_OPTIONS, entryPoints: [entry], absWorkingDir: ROOT, write: false, metafile: true, logLevel: 'silent', plugins: [ownDirname],
  });
  return { code: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs).sort() };
}

/** Writes under a temporary name and renames: a parallel process never reads half a file. */
function writeAtomically(file, data) {
  const tmp = `${file}.${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/**
 * The entry's bundle file, built when the index names none or its inputs changed; undefined when
 * the cache is off or skipped.
 */
async function bundleFile(entry) {
  const root = cacheDir();
  if (!root || (process.env.ZTA_CACHE_SKIP ?? '').split(',').includes(KIND)) return undefined;
  const dir = path.join(root, KIND);
  // One index per entry of a checkout, Node and build options: which inputs its bundle was made from.
  const index = path.join(dir, `${createHash('sha256').update(`${entry}\0${process.version}\0${JSON.stringify(BUILD_OPTIONS)}`).digest('hex').slice(0, 16)}.json`);
  let previous;
  try {
    previous = JSON.parse(fs.readFileSync(index, 'utf8'));
    const file = path.join(dir, `${previous.digest}.js`);
    if (fs.existsSync(file)) {
      const now = stamps(previous.inputs);
      if (now !== undefined && now === previous.stamps) return file;
      // Touched since (a checkout, an editor's save): still this bundle when the content is the same.
      if (inputsDigest(previous.inputs) === previous.digest) {
        writeAtomically(index, JSON.stringify({ ...previous, stamps: now }));
        return file;
      }
    }
  } catch {
    // no index yet (or unreadable): build
  }
  const { code, inputs } = await bundle(entry);
  // Stamped before the digest: an input written while it is hashed leaves stamps that differ.
  const stamped = stamps(inputs);
  const digest = inputsDigest(inputs);
  if (!digest) return undefined;
  const file = path.join(dir, `${digest}.js`);
  fs.mkdirSync(dir, { recursive: true });
  writeAtomically(file, code);
  writeAtomically(index, JSON.stringify({ digest, inputs, stamps: stamped }));
  // The bundle this one replaces (and its code cache) is never loaded again.
  if (previous?.digest && previous.digest !== digest) {
    for (const old of [`${previous.digest}.js`, `${previous.digest}.v8`]) fs.rmSync(path.join(dir, old), { force: true });
  }
  return file;
}

/**
 * A file's UTF-8 text, read as Latin-1 with its runs of non-ASCII bytes decoded as UTF-8: the same
 * string (every byte of a multi-byte sequence is >= 0x80, and no ASCII byte is), but a bundle is
 * ASCII but for a few characters, and decoding all of it as UTF-8 took 50-70 ms of a synth.
 */
function readText(file) {
  return fs.readFileSync(file, 'latin1').replace(/[\x80-\xff]+/g, (run) => Buffer.from(run, 'latin1').toString('utf8'));
}

/**
 * Runs the bundle as the entry module (its require resolves from there) and returns its exports,
 * with a function that stores V8's code cache once the run has compiled what it uses.
 */
function load(file, entry) {
  const codeCache = file.replace(/\.js$/, '.v8');
  let cachedData;
  try {
    cachedData = fs.readFileSync(codeCache);
  } catch {
    // first run of this bundle
  }
  const script = new vm.Script(wrap(readText(file)), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(entry), module, entry, path.dirname(entry));
  // V8 refuses a cache made by another V8 or other flags, and compiles from source.
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  const saveCodeCache = () => {
    if (!stale) return;
    try {
      writeAtomically(codeCache, script.createCachedData());
    } catch {
      // A read-only or full disk only costs the next run the compile.
    }
  };
  return { exports: module.exports, saveCodeCache };
}

/**
 * Runs the entry (an absolute path of a TypeScript module of this project) from its bundle and
 * returns its exports, with `saveCodeCache` to call once the run has done its work; or, when the
 * cache is off or the bundle cannot be built, through tsx (`saveCodeCache` does nothing).
 */
async function runBundled(entry) {
  let file;
  try {
    file = await bundleFile(entry);
  } catch {
    // No esbuild, a source esbuild refuses, a full disk: tsx runs the same sources (and reports
    // a broken one as it would have).
  }
  if (file) return load(file, entry);
  require('tsx/cjs');
  return { exports: require(entry), saveCodeCache: () => {} };
}

module.exports = { BUILD_OPTIONS, cacheDir, inputsDigest, readText, runBundled, stamps };
