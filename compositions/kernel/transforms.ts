// Typed transform helpers. function-patch-and-transform never applies its input CRD's defaults, so
// every helper spells out the type-specific discriminators (`string.type`, `math.type`, pattern `type`).
import {
  ResourcesResourcesPatchesTransforms as Transform,
  ResourcesResourcesPatchesTransformsConvertToType as ConvertToType,
  ResourcesResourcesPatchesTransformsMatchPatternsType as MatchPatternType,
  ResourcesResourcesPatchesTransformsMathType as MathType,
  ResourcesResourcesPatchesTransformsStringConvert as StringConvert,
  ResourcesResourcesPatchesTransformsStringType as StringType,
  ResourcesResourcesPatchesTransformsType as TransformType,
} from '../../imports/pt.fn.crossplane.io';

export type { Transform };

export const Transforms = {
  /** Go `fmt.Sprintf(fmt, value)`. Values read from an XR are float64: use `%v`, never `%d`. */
  format(fmt: string): Transform {
    if (/%[-+# 0-9.]*d/.test(fmt)) throw new Error(`transform format '${fmt}': numbers arrive as float64, use %v instead of %d`);
    return { type: TransformType.STRING, string: { type: StringType.FORMAT, fmt } };
  },
  toJson(): Transform {
    return { type: TransformType.STRING, string: { type: StringType.CONVERT, convert: StringConvert.TO_JSON } };
  },
  toSha256(): Transform {
    return { type: TransformType.STRING, string: { type: StringType.CONVERT, convert: StringConvert.TO_SHA256 } };
  },
  convert(toType: 'string' | 'int64' | 'bool' | 'float64'): Transform {
    const to = { string: ConvertToType.STRING, int64: ConvertToType.INT64, bool: ConvertToType.BOOL, float64: ConvertToType.FLOAT64 }[toType];
    return { type: TransformType.CONVERT, convert: { toType: to } };
  },
  /** The text of `pattern`'s capture group `group` (0: the whole match); fails when nothing matches. */
  regexp(pattern: string, group = 0): Transform {
    return { type: TransformType.STRING, string: { type: StringType.REGEXP, regexp: { match: pattern, group } } };
  },
  multiply(factor: number): Transform {
    return { type: TransformType.MATH, math: { type: MathType.MULTIPLY, multiply: factor } };
  },
  /**
   * `result` when the (string) input matches `pattern`, else `fallback`. The pattern type is spelled
   * out: without it the function fails at run time with "unsupported pattern type ''".
   */
  matchRegexp(pattern: string, result: unknown, fallback: unknown): Transform {
    return {
      type: TransformType.MATCH,
      match: { patterns: [{ type: MatchPatternType.REGEXP, regexp: pattern, result }], fallbackValue: fallback },
    };
  },
  /** Lookup table; a value missing from the table fails the whole function run, so cover every enum value. */
  map(table: Record<string, unknown>): Transform {
    if (Object.keys(table).length === 0) throw new Error('transform map: the table needs at least one entry');
    return { type: TransformType.MAP, map: { ...table } };
  },
};
