// Two answers a one-shot render would otherwise compute again in every process, kept on disk by
// input and code (validator/disk-cache.ts): an XRD's CRD schemas and a cel-filter expression's
// compile verdict. The suite computes both afresh (ZTA_CACHE_SKIP in jest.config.js); these tests
// prove the disk is written, read by another process, and keyed by the input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readPackage } from '../../validator/package';
import { cacheEntries, withCacheDir } from '../support/cache-dir';

type Json = Record<string, any>;
const root = path.resolve(__dirname, '..', '..');
// A JSON copy, not structuredClone: under jest that returns objects of the host realm, whose
// prototypes are not those of what JSON.parse reads back, and the cache writes only what reads back equal.
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const xrdNamed = (name: string): Json => copy(readPackage(path.join(root, 'dist')).map((o) => o.object as Json)
  .find((o) => o.kind === 'CompositeResourceDefinition' && o.metadata.name.startsWith(`${name}.`))!);

describe('disk-cached derived answers', () => {
  it('xrd-schemas: an XRD\'s CRD schemas are written once and read back by another process; another XRD is another key', () => {
    withCacheDir((dir) => {
      const entries = (kind: string) => cacheEntries(dir, kind);
      jest.isolateModules(() => {
        const { xrdSchemas } = require('../../validator/xrd-schemas') as typeof import('../../validator/xrd-schemas');
        const xrd = xrdNamed('xsecurebuckets');
        const computed = xrdSchemas(xrd);
        expect(computed.map((e) => `${e.kind} ${e.version}`)).toEqual(expect.arrayContaining(['XSecureBucket v1alpha1']));
        expect(entries('xrd-schemas')).toHaveLength(1);
        expect(xrdSchemas(copy(xrd))).toEqual(computed);
        fs.writeFileSync(path.join(dir, entries('xrd-schemas')[0]!), JSON.stringify([{ ...computed[0], kind: 'FromTheDisk' }]));
        xrd.metadata.labels = { ...xrd.metadata.labels, probe: 'another-key' };
        expect(xrdSchemas(xrd)).toEqual(computed);
        expect(entries('xrd-schemas')).toHaveLength(2);
      });
      jest.isolateModules(() => {
        const { xrdSchemas } = require('../../validator/xrd-schemas') as typeof import('../../validator/xrd-schemas');
        expect(xrdSchemas(xrdNamed('xsecurebuckets')).map((e) => e.kind)).toEqual(['FromTheDisk']);
      });
    });
  });

  it('xrd-schemas: an XRD that cannot be converted is an error every time, never an entry', () => {
    withCacheDir((dir) => {
      const entries = (kind: string) => cacheEntries(dir, kind);
      const { xrdSchemas } = require('../../validator/xrd-schemas') as typeof import('../../validator/xrd-schemas');
      const xrd = xrdNamed('xsecurebuckets');
      delete xrd.spec.names.plural;
      expect(() => xrdSchemas(xrd)).toThrow('spec.group, spec.names.kind and spec.names.plural are required');
      expect(entries('xrd-schemas')).toEqual([]);
    });
  });

  it('cel-filter: a verdict is written once per expression and read back by another process, the refusal of a bad one included', () => {
    withCacheDir((dir) => {
      const entries = (kind: string) => cacheEntries(dir, kind);
      let good = '';
      jest.isolateModules(() => {
        const { compileFilterExpression } = require('../../renderer/functions/cel-filter-expression') as typeof import('../../renderer/functions/cel-filter-expression');
        expect(compileFilterExpression('has(observed.composite.resource.spec.x)').ok).toBe(true);
        expect(compileFilterExpression('observed.composite.resource.spec.x + 1')).toEqual({
          ok: false, error: 'expression "observed.composite.resource.spec.x + 1" must return a boolean, but will return int instead',
        });
        expect(entries('cel-filter')).toHaveLength(2);
        good = entries('cel-filter').find((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes('"ok":true'))!;
      });
      fs.writeFileSync(path.join(dir, good), JSON.stringify({ ok: false, error: 'from the disk' }));
      jest.isolateModules(() => {
        const { compileFilterExpression } = require('../../renderer/functions/cel-filter-expression') as typeof import('../../renderer/functions/cel-filter-expression');
        expect(compileFilterExpression('has(observed.composite.resource.spec.x)')).toEqual({ ok: false, error: 'from the disk' });
      });
    });
  });

  it('cel-filter-set: the verdicts of a lint\'s expressions are one entry, read back by another process in their order', () => {
    withCacheDir((dir) => {
      const entries = (kind: string) => cacheEntries(dir, kind);
      const expressions = ['has(observed.composite.resource.spec.x)', 'observed.composite.resource.spec.x + 1', 'has(observed.composite.resource.spec.y)'];
      jest.isolateModules(() => {
        const { filterExpressionVerdicts } = require('../../renderer/functions/cel-filter-expression') as typeof import('../../renderer/functions/cel-filter-expression');
        expect(filterExpressionVerdicts(expressions).map((v) => v.ok)).toEqual([true, false, true]);
        expect(entries('cel-filter-set')).toHaveLength(1);
        expect(entries('cel-filter')).toEqual([]);
      });
      const [entry] = entries('cel-filter-set');
      const stored = JSON.parse(fs.readFileSync(path.join(dir, entry!), 'utf8')) as unknown[];
      fs.writeFileSync(path.join(dir, entry!), JSON.stringify([stored[0], stored[1], { ok: false, error: 'from the disk' }]));
      jest.isolateModules(() => {
        const { filterExpressionVerdicts } = require('../../renderer/functions/cel-filter-expression') as typeof import('../../renderer/functions/cel-filter-expression');
        expect(filterExpressionVerdicts(expressions)[2]).toEqual({ ok: false, error: 'from the disk' });
        // Another set is another entry; a single unknown expression has its own (cel-filter) entry.
        filterExpressionVerdicts([...expressions, 'has(observed.composite.resource.spec.z)']);
        expect(entries('cel-filter')).toHaveLength(1);
        filterExpressionVerdicts(['has(observed.composite.resource.spec.a)', 'has(observed.composite.resource.spec.b)']);
        expect(entries('cel-filter-set')).toHaveLength(2);
      });
    });
  });

  it('cel-filter-set: a function-cel-filter step reads its filters\' verdicts as the set its Composition\'s lint stored, not one entry per filter', () => {
    withCacheDir((dir) => {
      const entries = (kind: string) => cacheEntries(dir, kind);
      const filters = [
        { name: 'a', expression: 'has(observed.composite.resource.spec.a)' },
        { name: 'b', expression: 'observed.composite.resource.spec.a == 1' },
      ];
      const req = {
        observed: { composite: { resource: { spec: { a: 1 } } }, resources: {} },
        desired: { composite: { resource: {} }, resources: { a: { resource: { kind: 'X' } }, b: { resource: { kind: 'X' } }, c: { resource: { kind: 'X' } } } },
        input: { apiVersion: 'cel.fn.crossplane.io/v1beta1', kind: 'Filters', filters },
      };
      jest.isolateModules(() => {
        const { lintCelFilterInput } = require('../../renderer/functions/cel-filter-lint') as typeof import('../../renderer/functions/cel-filter-lint');
        expect(lintCelFilterInput(req.input)).toEqual([]);
      });
      expect(entries('cel-filter-set')).toHaveLength(1);
      const [entry] = entries('cel-filter-set');
      // What the step does follows the stored verdicts: the second filter refused there drops b.
      const stored = JSON.parse(fs.readFileSync(path.join(dir, entry!), 'utf8')) as unknown[];
      fs.writeFileSync(path.join(dir, entry!), JSON.stringify([stored[0], { ok: false, error: 'from the disk' }]));
      jest.isolateModules(() => {
        const { celFilter } = require('../../renderer/functions/function-cel-filter') as typeof import('../../renderer/functions/function-cel-filter');
        const rsp = celFilter(copy(req) as never);
        expect(rsp.results).toEqual([{ severity: 'Fatal', message: 'cannot evaluate CEL expression "observed.composite.resource.spec.a == 1" for filter 1: from the disk' }]);
      });
      expect(entries('cel-filter')).toEqual([]);
      expect(entries('cel-filter-set')).toHaveLength(1);
    });
  });
});
