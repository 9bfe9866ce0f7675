import { childName, deterministicUid, generateNameFrom } from '../../../renderer/crossplane/names';

// Expected values are the cases of crossplane/crossplane internal/names/names_test.go (TestChildName).
const UID = '75e4a668-035f-4ce8-8c45-f4d3ac850155';

describe('childName (Crossplane v2 composed resource names)', () => {
  it.each([
    ['ShortName', 'cool-resource-', UID, 'database', 'cool-resource-38ce86992a27'],
    ['LongNameRequiresTruncation', 'very-long-parent-name-'.repeat(3), UID, 'database', 'very-long-parent-name-very-long-parent-name-very-l-38ce86992a27'],
    ['ParentWithoutHyphen', 'resource', UID, 'database', 'resource-38ce86992a27'],
    ['ParentWithHyphen', 'resource-', UID, 'database', 'resource-38ce86992a27'],
    ['TruncateAndAddHyphen', 'very-long-parent-name-without-ending-hyphen'.repeat(2), UID, 'database', 'very-long-parent-name-without-ending-hyphenvery-lo-38ce86992a27'],
    ['EmptyParentName', '', UID, 'database', '38ce86992a27'],
    ['DifferentUIDSameNameA', 'parent-', 'uid-123', 'database', 'parent-5f968d238736'],
    ['DifferentUIDSameNameB', 'parent-', 'uid-456', 'database', 'parent-bd4f105d0576'],
    ['SameUIDDifferentChildA', 'parent-', UID, 'database', 'parent-38ce86992a27'],
    ['SameUIDDifferentChildB', 'parent-', UID, 'storage', 'parent-abcd22a110fe'],
  ])('%s', (_case, parent, uid, child, want) => {
    expect(childName(parent, uid, child)).toBe(want);
  });

  it('keeps a truncated parent that already ends in a hyphen at 51 chars', () => {
    const parent = `${'a'.repeat(50)}-bbbbbbbbbbbbbbb`;
    const got = childName(parent, UID, 'database');
    expect(got).toBe(`${'a'.repeat(50)}-38ce86992a27`);
    expect(got.length).toBe(63);
  });
});

describe('generateNameFrom (claim -> XR names)', () => {
  it('appends 5 characters of the API server alphabet, reproducibly', () => {
    const a = generateNameFrom('audit-logs-', 'seed');
    expect(a).toMatch(/^audit-logs-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(generateNameFrom('audit-logs-', 'seed')).toBe(a);
    expect(generateNameFrom('audit-logs-', 'other')).not.toBe(a);
  });

  it('truncates the base to 58 characters like SimpleNameGenerator', () => {
    expect(generateNameFrom('x'.repeat(70), 's')).toHaveLength(63);
  });
});

describe('deterministicUid', () => {
  it('is UUID shaped and stable', () => {
    expect(deterministicUid('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicUid('a')).toBe(deterministicUid('a'));
  });
});
