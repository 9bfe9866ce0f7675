// Package validation reports what function-patch-and-transform's input decoder would reject at
// runtime (the API server keeps a Composition's input as is), one line per key, naming the
// composition, the path and the composed resource.
import * as path from 'node:path';
import { readPackage, validatePackageObjects } from '../../validator/package';
import { Validator, formatProblem } from '../../validator/validate';

const dist = path.join(__dirname, '..', '..', 'dist');
const COMPOSITION = 'apis/xencryptions/composition.yaml';

test('a mis-cased and an unknown patch key fail package validation with one line each', () => {
  const objects = readPackage(dist).filter((o) => o.file === COMPOSITION);
  const composition = objects[0]!.object;
  const resource = composition.spec.pipeline[0].input.resources[0];
  const patch = resource.patches.find((p: { type?: string }) => p.type !== 'PatchSet');
  patch.fromFieldpath = patch.fromFieldPath;
  delete patch.fromFieldPath;
  patch.polcy = { fromFieldPath: 'Required' };
  const index = resource.patches.indexOf(patch);

  const lines = validatePackageObjects(objects, Validator.fromBundle())
    .filter((p) => p.rule === 'pt-lint')
    .map(formatProblem);
  const at = `${COMPOSITION}: Composition/${composition.metadata.name}: .spec.pipeline[0].input.resources[0].patches[${index}]`;
  expect(lines).toEqual(
    expect.arrayContaining([
      `${at}.fromFieldpath: resource "${resource.name}": unknown field "fromFieldpath" (did you mean "fromFieldPath"? names are case-sensitive): ` +
        'function-patch-and-transform fails the run with: json: cannot unmarshal Go value of type v1beta1.ComposedPatch: unknown name "fromFieldpath" [pt-lint]',
      `${at}.polcy: resource "${resource.name}": unknown field "polcy": ` +
        'function-patch-and-transform fails the run with: json: cannot unmarshal Go value of type v1beta1.ComposedPatch: unknown name "polcy" [pt-lint]',
    ]),
  );
  expect(lines.every((l) => !l.includes('\n'))).toBe(true);
});
