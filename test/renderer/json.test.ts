// sameJson: the renderer keeps a stored object when a new version is the same JSON; "the same"
// must mean JSON.stringify writes the same text, or a change would be dropped.
import { cloneJson, sameJson } from '../../renderer/json';

const text = (v: unknown) => JSON.stringify(v);

describe('sameJson', () => {
  const equal: [unknown, unknown][] = [
    [{ a: 1, b: [1, 'x', null, { c: true }] }, { a: 1, b: [1, 'x', null, { c: true }] }],
    [[], []],
    [{}, {}],
    ['s', 's'],
    [0, -0],
    [null, null],
  ];
  const different: [unknown, unknown][] = [
    // Key order is part of the text.
    [{ a: 1, b: 2 }, { b: 2, a: 1 }],
    [{ a: 1 }, { a: 1, b: 2 }],
    [{ a: [1, 2] }, { a: [2, 1] }],
    [{ a: [1] }, { a: { 0: 1 } }],
    [{ a: '1' }, { a: 1 }],
    [{ a: null }, { a: {} }],
    [{ a: true }, { a: 'true' }],
    [[1, 2], [1, 2, 3]],
  ];

  it.each(equal)('%j and %j are the same and write the same text', (a, b) => {
    expect(sameJson(a, b)).toBe(true);
    expect(text(a)).toBe(text(b));
  });

  it.each(different)('%j and %j differ, and so do their texts', (a, b) => {
    expect(sameJson(a, b)).toBe(false);
    expect(sameJson(b, a)).toBe(false);
    expect(text(a)).not.toBe(text(b));
  });

  it('says "different" only where the texts may still be equal: undefined members and NaN (a comparison not saved, never a change dropped)', () => {
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(false);
    expect(text({ a: 1, b: undefined })).toBe(text({ a: 1 }));
    expect(sameJson([NaN], [NaN])).toBe(false);
    expect(text([NaN])).toBe(text([NaN]));
  });
});

describe('cloneJson', () => {
  it('copies every level, and a "__proto__" key read from JSON stays an ordinary field of the copy', () => {
    const v = JSON.parse('{"a":[{"b":1}],"__proto__":{"polluted":true}}') as Record<string, unknown>;
    const c = cloneJson(v as never) as Record<string, unknown>;
    expect(JSON.stringify(c)).toBe(JSON.stringify(v));
    expect(Object.keys(c)).toEqual(['a', '__proto__']);
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect((c as { polluted?: boolean }).polluted).toBeUndefined();
    expect(c.a).not.toBe(v.a);
  });
});
