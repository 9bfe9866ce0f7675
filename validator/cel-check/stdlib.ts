// Declarations of the CEL standard library (cel-go common/stdlib/standard.go) and of the optional
// types library (cel-go cel/library.go optionalLib). Overload ids are cel-go's.
import {
  BoolType,
  BytesType,
  type CelType,
  DoubleType,
  DurationType,
  DynType,
  IntType,
  listType,
  mapType,
  NullType,
  optionalType,
  StringType,
  TimestampType,
  typeOfType,
  typeParamType,
  TypeType,
  UintType,
} from './cel-types';
import { fn, type FunctionDecl, memberOverload, overload } from './decls';

const A = typeParamType('A');
const B = typeParamType('B');
const listOfA = listType(A);
const mapOfAB = mapType(A, B);

/** stdTypes: type denotations declared as variables named after the type's runtime name. */
export function standardTypeVariables(): Map<string, CelType> {
  const types = [BoolType, BytesType, DoubleType, DurationType, IntType, listOfA, mapOfAB, NullType, StringType, TimestampType, TypeType, UintType];
  return new Map(types.map((t) => [t.name, typeOfType(t)]));
}

const comparisons = (op: string, prefix: string): FunctionDecl =>
  fn(
    op,
    overload(`${prefix}_bool`, [BoolType, BoolType], BoolType),
    overload(`${prefix}_int64`, [IntType, IntType], BoolType),
    overload(`${prefix}_int64_double`, [IntType, DoubleType], BoolType),
    overload(`${prefix}_int64_uint64`, [IntType, UintType], BoolType),
    overload(`${prefix}_uint64`, [UintType, UintType], BoolType),
    overload(`${prefix}_uint64_double`, [UintType, DoubleType], BoolType),
    overload(`${prefix}_uint64_int64`, [UintType, IntType], BoolType),
    overload(`${prefix}_double`, [DoubleType, DoubleType], BoolType),
    overload(`${prefix}_double_int64`, [DoubleType, IntType], BoolType),
    overload(`${prefix}_double_uint64`, [DoubleType, UintType], BoolType),
    overload(`${prefix}_string`, [StringType, StringType], BoolType),
    overload(`${prefix}_bytes`, [BytesType, BytesType], BoolType),
    overload(`${prefix}_timestamp`, [TimestampType, TimestampType], BoolType),
    overload(`${prefix}_duration`, [DurationType, DurationType], BoolType),
  );

/** Overloads disabled unless cel.CrossTypeNumericComparisons is on (checker/env.go). */
export const CROSS_TYPE_NUMERIC_COMPARISON_OVERLOADS: ReadonlySet<string> = new Set(
  ['less', 'less_equals', 'greater', 'greater_equals'].flatMap((p) =>
    ['double_int64', 'double_uint64', 'int64_double', 'int64_uint64', 'uint64_double', 'uint64_int64'].map((s) => `${p}_${s}`),
  ),
);

const timeAccessor = (name: string, id: string, withDuration?: string): FunctionDecl =>
  fn(
    name,
    memberOverload(id, [TimestampType], IntType),
    memberOverload(id === 'timestamp_to_seconds' ? 'timestamp_to_seconds_tz' : `${id}_with_tz`, [TimestampType, StringType], IntType),
    ...(withDuration ? [memberOverload(withDuration, [DurationType], IntType)] : []),
  );

export function standardFunctions(): FunctionDecl[] {
  return [
    fn('_?_:_', overload('conditional', [BoolType, A, A], A)),
    fn('_&&_', overload('logical_and', [BoolType, BoolType], BoolType)),
    fn('_||_', overload('logical_or', [BoolType, BoolType], BoolType)),
    fn('!_', overload('logical_not', [BoolType], BoolType)),
    fn('@not_strictly_false', overload('not_strictly_false', [BoolType], BoolType)),
    fn('_==_', overload('equals', [A, A], BoolType)),
    fn('_!=_', overload('not_equals', [A, A], BoolType)),
    fn(
      '_+_',
      overload('add_bytes', [BytesType, BytesType], BytesType),
      overload('add_double', [DoubleType, DoubleType], DoubleType),
      overload('add_duration_duration', [DurationType, DurationType], DurationType),
      overload('add_duration_timestamp', [DurationType, TimestampType], TimestampType),
      overload('add_timestamp_duration', [TimestampType, DurationType], TimestampType),
      overload('add_int64', [IntType, IntType], IntType),
      overload('add_list', [listOfA, listOfA], listOfA),
      overload('add_string', [StringType, StringType], StringType),
      overload('add_uint64', [UintType, UintType], UintType),
    ),
    fn(
      '_/_',
      overload('divide_double', [DoubleType, DoubleType], DoubleType),
      overload('divide_int64', [IntType, IntType], IntType),
      overload('divide_uint64', [UintType, UintType], UintType),
    ),
    fn('_%_', overload('modulo_int64', [IntType, IntType], IntType), overload('modulo_uint64', [UintType, UintType], UintType)),
    fn(
      '_*_',
      overload('multiply_double', [DoubleType, DoubleType], DoubleType),
      overload('multiply_int64', [IntType, IntType], IntType),
      overload('multiply_uint64', [UintType, UintType], UintType),
    ),
    fn('-_', overload('negate_double', [DoubleType], DoubleType), overload('negate_int64', [IntType], IntType)),
    fn(
      '_-_',
      overload('subtract_double', [DoubleType, DoubleType], DoubleType),
      overload('subtract_duration_duration', [DurationType, DurationType], DurationType),
      overload('subtract_int64', [IntType, IntType], IntType),
      overload('subtract_timestamp_duration', [TimestampType, DurationType], TimestampType),
      overload('subtract_timestamp_timestamp', [TimestampType, TimestampType], DurationType),
      overload('subtract_uint64', [UintType, UintType], UintType),
    ),
    comparisons('_<_', 'less'),
    comparisons('_<=_', 'less_equals'),
    comparisons('_>_', 'greater'),
    comparisons('_>=_', 'greater_equals'),
    fn('_[_]', overload('index_list', [listOfA, IntType], A), overload('index_map', [mapOfAB, A], B)),
    fn('@in', overload('in_list', [A, listOfA], BoolType), overload('in_map', [A, mapOfAB], BoolType)),
    fn(
      'size',
      overload('size_bytes', [BytesType], IntType),
      memberOverload('bytes_size', [BytesType], IntType),
      overload('size_list', [listOfA], IntType),
      memberOverload('list_size', [listOfA], IntType),
      overload('size_map', [mapOfAB], IntType),
      memberOverload('map_size', [mapOfAB], IntType),
      overload('size_string', [StringType], IntType),
      memberOverload('string_size', [StringType], IntType),
    ),
    fn('type', overload('type', [A], typeOfType(A))),
    fn('bool', overload('bool_to_bool', [BoolType], BoolType), overload('string_to_bool', [StringType], BoolType)),
    fn('bytes', overload('bytes_to_bytes', [BytesType], BytesType), overload('string_to_bytes', [StringType], BytesType)),
    fn(
      'double',
      overload('double_to_double', [DoubleType], DoubleType),
      overload('int64_to_double', [IntType], DoubleType),
      overload('string_to_double', [StringType], DoubleType),
      overload('uint64_to_double', [UintType], DoubleType),
    ),
    fn(
      'duration',
      overload('duration_to_duration', [DurationType], DurationType),
      overload('int64_to_duration', [IntType], DurationType),
      overload('string_to_duration', [StringType], DurationType),
    ),
    fn('dyn', overload('to_dyn', [A], DynType)),
    fn(
      'int',
      overload('int64_to_int64', [IntType], IntType),
      overload('double_to_int64', [DoubleType], IntType),
      overload('duration_to_int64', [DurationType], IntType),
      overload('string_to_int64', [StringType], IntType),
      overload('timestamp_to_int64', [TimestampType], IntType),
      overload('uint64_to_int64', [UintType], IntType),
    ),
    fn(
      'string',
      overload('string_to_string', [StringType], StringType),
      overload('bool_to_string', [BoolType], StringType),
      overload('bytes_to_string', [BytesType], StringType),
      overload('double_to_string', [DoubleType], StringType),
      overload('duration_to_string', [DurationType], StringType),
      overload('int64_to_string', [IntType], StringType),
      overload('timestamp_to_string', [TimestampType], StringType),
      overload('uint64_to_string', [UintType], StringType),
    ),
    fn(
      'timestamp',
      overload('timestamp_to_timestamp', [TimestampType], TimestampType),
      overload('int64_to_timestamp', [IntType], TimestampType),
      overload('string_to_timestamp', [StringType], TimestampType),
    ),
    fn(
      'uint',
      overload('uint64_to_uint64', [UintType], UintType),
      overload('double_to_uint64', [DoubleType], UintType),
      overload('int64_to_uint64', [IntType], UintType),
      overload('string_to_uint64', [StringType], UintType),
    ),
    fn('contains', memberOverload('contains_string', [StringType, StringType], BoolType)),
    fn('endsWith', memberOverload('ends_with_string', [StringType, StringType], BoolType)),
    fn('startsWith', memberOverload('starts_with_string', [StringType, StringType], BoolType)),
    fn('matches', overload('matches', [StringType, StringType], BoolType), memberOverload('matches_string', [StringType, StringType], BoolType)),
    timeAccessor('getFullYear', 'timestamp_to_year'),
    timeAccessor('getMonth', 'timestamp_to_month'),
    timeAccessor('getDayOfYear', 'timestamp_to_day_of_year'),
    timeAccessor('getDayOfMonth', 'timestamp_to_day_of_month'),
    timeAccessor('getDate', 'timestamp_to_day_of_month_1_based'),
    timeAccessor('getDayOfWeek', 'timestamp_to_day_of_week'),
    timeAccessor('getHours', 'timestamp_to_hours', 'duration_to_hours'),
    timeAccessor('getMinutes', 'timestamp_to_minutes', 'duration_to_minutes'),
    timeAccessor('getSeconds', 'timestamp_to_seconds', 'duration_to_seconds'),
    timeAccessor('getMilliseconds', 'timestamp_to_milliseconds', 'duration_to_milliseconds'),
  ];
}

/**
 * cel.OptionalTypes(): optional.of/none/ofNonZeroValue, value/hasValue/or/orValue, `.?` and `[?]`;
 * from cel-go v0.23 (library version 2) also list first()/last() and optional.unwrap()/unwrapOpt().
 */
export function optionalFunctions(withListFunctions = false): FunctionDecl[] {
  const K = typeParamType('K');
  const V = typeParamType('V');
  const optV = optionalType(V);
  const listV = listType(V);
  const mapKV = mapType(K, V);
  return [
    fn('optional.of', overload('optional_of', [V], optV)),
    fn('optional.ofNonZeroValue', overload('optional_ofNonZeroValue', [V], optV)),
    fn('optional.none', overload('optional_none', [], optV)),
    fn('value', memberOverload('optional_value', [optV], V)),
    fn('hasValue', memberOverload('optional_hasValue', [optV], BoolType)),
    fn('or', memberOverload('optional_or_optional', [optV, optV], optV)),
    fn('orValue', memberOverload('optional_orValue_value', [optV, V], V)),
    fn('_?._', overload('select_optional_field', [DynType, StringType], optV)),
    fn(
      '_[?_]',
      overload('list_optindex_optional_int', [listV, IntType], optV),
      overload('optional_list_optindex_optional_int', [optionalType(listV), IntType], optV),
      overload('map_optindex_optional_value', [mapKV, K], optV),
      overload('optional_map_optindex_optional_value', [optionalType(mapKV), K], optV),
    ),
    fn('_[_]', overload('optional_list_index_int', [optionalType(listV), IntType], optV), overload('optional_map_index_value', [optionalType(mapKV), K], optV)),
    ...(withListFunctions
      ? [
          fn('last', memberOverload('list_last', [listV], optV)),
          fn('first', memberOverload('list_first', [listV], optV)),
          fn('optional.unwrap', overload('optional_unwrap', [listType(optV)], listV)),
          fn('unwrapOpt', memberOverload('optional_unwrapOpt', [listType(optV)], listV)),
        ]
      : []),
  ];
}
