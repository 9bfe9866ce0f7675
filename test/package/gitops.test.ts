// deploy/argocd/ is what a platform team applies to wire Argo CD: it must be what synth produces,
// valid against Argo CD's CRDs, and its health check must read Crossplane's conditions correctly.
// docs/claims/ is generated from the XRDs the same way.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Chart } from 'cdk8s';
import { lauxlib, lua, lualib, to_luastring } from 'fengari';
import { buildPackage } from '../../charts';
import { buildGitOps } from '../../charts/gitops';
import { CROSSPLANE_HEALTH_LUA } from '../../compositions/argocd-health';
import { manifestFile, packageFiles, toYaml } from '../../compositions/package-writer';
import { claimReferenceFiles } from '../../compositions/parameter-docs';
import { readPackage } from '../../validator/package';
import { Validator, formatProblem } from '../../validator/validate';

const deploy = path.resolve(__dirname, '..', '..', 'deploy', 'argocd');

/** Runs the health script the way Argo CD does: `obj` bound to the resource, returns {status, message}. */
function health(resource: object): { status: string; message: string } {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  // Argo CD binds the resource as the global `obj`; the script's `return hs` becomes the chunk result.
  const wrapped = `obj = ${toLua(resource)}\nreturn (function()\n${CROSSPLANE_HEALTH_LUA}\nend)()`;
  if (lauxlib.luaL_dostring(L, to_luastring(wrapped)) !== lua.LUA_OK) throw new Error(String(lua.lua_tojsstring(L, -1)));
  lua.lua_getfield(L, -1, to_luastring('status'));
  const status = lua.lua_tojsstring(L, -1);
  lua.lua_pop(L, 1);
  lua.lua_getfield(L, -1, to_luastring('message'));
  const message = lua.lua_tojsstring(L, -1);
  return { status, message };
}

function toLua(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `{${v.map(toLua).join(', ')}}`;
  return `{${Object.entries(v).map(([k, x]) => `[${JSON.stringify(k)}] = ${toLua(x)}`).join(', ')}}`;
}

describe('deploy/argocd/', () => {
  test('equals what synth produces', () => {
    const files = packageFiles(buildGitOps(buildPackage()), manifestFile);
    expect(fs.readdirSync(deploy).sort()).toEqual(files.map((f) => f.path).sort());
    for (const f of files) expect({ f: f.path, y: fs.readFileSync(path.join(deploy, f.path), 'utf8') }).toEqual({ f: f.path, y: toYaml(f.objects) });
  });

  test('every Application and AppProject validates against the Argo CD CRDs', () => {
    const validator = Validator.fromBundle();
    const problems = readPackage(deploy).filter((o) => o.object.apiVersion === 'argoproj.io/v1alpha1').flatMap((o) => validator.validate(o.object, { file: o.file }));
    expect(problems.map(formatProblem)).toEqual([]);
  });

  test('the package Application never prunes and never applies crossplane.yaml; claims skip dry-run until the claim CRD exists', () => {
    const apps = Object.fromEntries(readPackage(deploy).filter((o) => o.object.kind === 'Application').map((o) => [o.object.metadata.name, o.object.spec]));
    expect(apps['zero-trust-platform-package'].source).toMatchObject({ path: 'dist', directory: { recurse: true, exclude: 'crossplane.yaml' } });
    expect(apps['zero-trust-platform-package'].syncPolicy.automated.prune).toBe(false);
    expect(apps['zero-trust-platform-claims'].syncPolicy.syncOptions).toContain('SkipDryRunOnMissingResource=true');
  });

  test('argocd-cm tracks by annotation and has a health check for the claim and every composite kind', () => {
    const cm = readPackage(deploy).find((o) => o.object.kind === 'ConfigMap')!.object;
    expect(cm.data['application.resourceTrackingMethod']).toBe('annotation');
    const kinds = readPackage(path.resolve(deploy, '..', '..', 'dist')).filter((o) => o.object.kind === 'CompositeResourceDefinition')
      .flatMap((o) => [o.object.spec.names.kind, ...(o.object.spec.claimNames ? [o.object.spec.claimNames.kind] : [])]);
    for (const k of kinds) expect(cm.data[`resource.customizations.health.aws.zerotrust.io_${k}`]).toBe(CROSSPLANE_HEALTH_LUA);
  });
});

describe('Argo CD health check (Lua, run with fengari)', () => {
  const cond = (type: string, status: string, extra: object = {}) => ({ type, status, ...extra });
  test('no status yet: Progressing', () => {
    expect(health({ metadata: { name: 'x' } }).status).toBe('Progressing');
  });
  test('Ready True and Synced True: Healthy', () => {
    expect(health({ status: { conditions: [cond('Synced', 'True'), cond('Ready', 'True')] } })).toEqual({ status: 'Healthy', message: 'Resource is Ready' });
  });
  test('Synced False: Degraded with the reconcile error', () => {
    expect(health({ status: { conditions: [cond('Synced', 'False', { message: 'cannot compose resources' }), cond('Ready', 'True')] } })).toEqual({
      status: 'Degraded', message: 'cannot compose resources',
    });
  });
  test('Ready False while creating: Progressing with the unready resources', () => {
    expect(health({ status: { conditions: [cond('Synced', 'True'), cond('Ready', 'False', { reason: 'Creating', message: 'Unready resources: network' })] } })).toEqual({
      status: 'Progressing', message: 'Unready resources: network',
    });
  });
});

describe('docs/claims/', () => {
  test('each claim reference equals what synth generates from its XRD', () => {
    const docs = claimReferenceFiles(buildPackage().node.findAll().filter((c): c is Chart => Chart.isChart(c)));
    expect(docs.map((d) => d.path).sort()).toEqual(['docs/claims/SecureBucket.md', 'docs/claims/ZeroTrustAccount.md']);
    for (const d of docs) expect({ p: d.path, c: fs.readFileSync(path.resolve(__dirname, '..', '..', d.path), 'utf8') }).toEqual({ p: d.path, c: d.content });
  });
});
