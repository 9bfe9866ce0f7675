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
});
