// Declarations of the libraries in the Kubernetes CEL base environment: the k8s.io/apiserver
// pkg/cel/library libraries (lists, regex, urls, ip, cidr, quantity, format) and the cel-go
// extensions it enables (ext.Strings at a version, ext.Sets). Overload ids are upstream's.
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
  objectType,
  opaqueType,
  optionalType,
  StringType,
  TimestampType,
  typeOfType,
  typeParamType,
  UintType,
} from './cel-types';
import { fn, type FunctionDecl, memberOverload, overload } from './decls';

export const URLType = objectType('kubernetes.URL');
export const IPType = opaqueType('net.IP');
export const CIDRType = opaqueType('net.CIDR');
export const QuantityType = objectType('kubernetes.Quantity');
export const FormatType = objectType('kubernetes.NamedFormat');
export const SemverType = objectType('kubernetes.Semver');

/** A library: functions, extra variables (type denotations) and declared object types. */
export interface LibraryDecls {
  readonly functions: readonly FunctionDecl[];
  readonly variables?: ReadonlyMap<string, CelType>;
}

const named = (types: [string, CelType][]): [string, CelType][] => types;
const SUMMABLE = named([
  ['int', IntType],
  ['uint', UintType],
  ['double', DoubleType],
  ['duration', DurationType],
]);
const COMPARABLE = named([
  ['int', IntType],
  ['uint', UintType],
  ['double', DoubleType],
  ['bool', BoolType],
  ['duration', DurationType],
  ['timestamp', TimestampType],
  ['string', StringType],
  ['bytes', BytesType],
]);

/** library.Lists() (lists.go) */
export function listsLibrary(): LibraryDecls {
  const A = typeParamType('A');
  return {
    functions: [
      fn('isSorted', ...COMPARABLE.map(([n, t]) => memberOverload(`list_${n}_is_sorted_bool`, [listType(t)], BoolType))),
      fn('sum', ...SUMMABLE.map(([n, t]) => memberOverload(`list_${n}_sum_${n}`, [listType(t)], t))),
      fn('max', ...COMPARABLE.map(([n, t]) => memberOverload(`list_${n}_max_${n}`, [listType(t)], t))),
      fn('min', ...COMPARABLE.map(([n, t]) => memberOverload(`list_${n}_min_${n}`, [listType(t)], t))),
      fn('indexOf', memberOverload('list_a_index_of_int', [listType(A), A], IntType)),
      fn('lastIndexOf', memberOverload('list_a_last_index_of_int', [listType(A), A], IntType)),
    ],
  };
}

/** library.Regex() (regex.go) */
export function regexLibrary(): LibraryDecls {
  return {
    functions: [
      fn('find', memberOverload('string_find_string', [StringType, StringType], StringType)),
      fn(
        'findAll',
        memberOverload('string_find_all_string', [StringType, StringType], listType(StringType)),
        memberOverload('string_find_all_string_int', [StringType, StringType, IntType], listType(StringType)),
      ),
    ],
  };
}

/** library.URLs() (urls.go) */
export function urlsLibrary(): LibraryDecls {
  return {
    functions: [
      fn('url', overload('string_to_url', [StringType], URLType)),
      fn('getScheme', memberOverload('url_get_scheme', [URLType], StringType)),
      fn('getHost', memberOverload('url_get_host', [URLType], StringType)),
      fn('getHostname', memberOverload('url_get_hostname', [URLType], StringType)),
      fn('getPort', memberOverload('url_get_port', [URLType], StringType)),
      fn('getEscapedPath', memberOverload('url_get_escaped_path', [URLType], StringType)),
      fn('getQuery', memberOverload('url_get_query', [URLType], mapType(StringType, listType(StringType)))),
      fn('isURL', overload('is_url_string', [StringType], BoolType)),
    ],
  };
}

/** library.IP() (ip.go) */
export function ipLibrary(): LibraryDecls {
  return {
    variables: new Map([['net.IP', typeOfType(IPType)]]),
    functions: [
      fn('ip', overload('string_to_ip', [StringType], IPType)),
      fn('family', memberOverload('ip_family', [IPType], IntType)),
      fn('ip.isCanonical', overload('ip_is_canonical', [StringType], BoolType)),
      fn('isUnspecified', memberOverload('ip_is_unspecified', [IPType], BoolType)),
      fn('isLoopback', memberOverload('ip_is_loopback', [IPType], BoolType)),
      fn('isLinkLocalMulticast', memberOverload('ip_is_link_local_multicast', [IPType], BoolType)),
      fn('isLinkLocalUnicast', memberOverload('ip_is_link_local_unicast', [IPType], BoolType)),
      fn('isGlobalUnicast', memberOverload('ip_is_global_unicast', [IPType], BoolType)),
      fn('isIP', overload('is_ip', [StringType], BoolType)),
      fn('string', overload('ip_to_string', [IPType], StringType)),
    ],
  };
}

/** library.CIDR() (cidr.go) */
export function cidrLibrary(): LibraryDecls {
  return {
    variables: new Map([['net.CIDR', typeOfType(CIDRType)]]),
    functions: [
      fn('cidr', overload('string_to_cidr', [StringType], CIDRType)),
      fn(
        'containsIP',
        memberOverload('cidr_contains_ip_string', [CIDRType, StringType], BoolType),
        memberOverload('cidr_contains_ip_ip', [CIDRType, IPType], BoolType),
      ),
      fn(
        'containsCIDR',
        memberOverload('cidr_contains_cidr_string', [CIDRType, StringType], BoolType),
        memberOverload('cidr_contains_cidr', [CIDRType, CIDRType], BoolType),
      ),
      fn('ip', memberOverload('cidr_ip', [CIDRType], IPType)),
      fn('prefixLength', memberOverload('cidr_prefix_length', [CIDRType], IntType)),
      fn('masked', memberOverload('cidr_masked', [CIDRType], CIDRType)),
      fn('isCIDR', overload('is_cidr', [StringType], BoolType)),
      fn('string', overload('cidr_to_string', [CIDRType], StringType)),
    ],
  };
}

/** library.Quantity() (quantity.go). `sign` is declared as a global function upstream. */
export function quantityLibrary(): LibraryDecls {
  const Q = QuantityType;
  return {
    functions: [
      fn('quantity', overload('string_to_quantity', [StringType], Q)),
      fn('isQuantity', overload('is_quantity_string', [StringType], BoolType)),
      fn('sign', overload('quantity_sign', [Q], IntType)),
      fn('isGreaterThan', memberOverload('quantity_is_greater_than', [Q, Q], BoolType)),
      fn('isLessThan', memberOverload('quantity_is_less_than', [Q, Q], BoolType)),
      fn('compareTo', memberOverload('quantity_compare_to', [Q, Q], IntType)),
      fn('asApproximateFloat', memberOverload('quantity_get_float', [Q], DoubleType)),
      fn('asInteger', memberOverload('quantity_get_int', [Q], IntType)),
      fn('isInteger', memberOverload('quantity_is_integer', [Q], BoolType)),
      fn('add', memberOverload('quantity_add', [Q, Q], Q), memberOverload('quantity_add_int', [Q, IntType], Q)),
      fn('sub', memberOverload('quantity_sub', [Q, Q], Q), memberOverload('quantity_sub_int', [Q, IntType], Q)),
    ],
  };
}

/** Named formats of library.Format() with the regex size its cost estimate assumes (MaxRegexSize). */
export const NAMED_FORMATS: ReadonlyMap<string, number> = new Map([
  ['dns1123Label', 30],
  ['dns1123Subdomain', 60],
  ['dns1035Label', 30],
  ['qualifiedName', 60],
  ['dns1123LabelPrefix', 30],
  ['dns1123SubdomainPrefix', 60],
  ['dns1035LabelPrefix', 30],
  ['labelValue', 40],
  ['uri', 0],
  ['uuid', 0],
  ['byte', 0],
  ['date', 0],
  ['datetime', 0],
]);

/** library.Format() (format.go): format.named(), format.<name>() and Format.validate(). */
export function formatLibrary(): LibraryDecls {
  return {
    functions: [
      fn('validate', memberOverload('format-validate', [FormatType, StringType], optionalType(listType(StringType)))),
      fn('format.named', overload('format-named', [StringType], optionalType(FormatType))),
      ...[...NAMED_FORMATS.keys()].map((n) => fn(`format.${n}`, overload(`format.${n}`, [], FormatType))),
    ],
  };
}

/** ext.Strings(ext.StringsVersion(v)) of cel-go ext/strings.go */
export function stringsExtension(version: number): LibraryDecls {
  const S = StringType;
  const functions: FunctionDecl[] = [
    fn('charAt', memberOverload('string_char_at_int', [S, IntType], S)),
    fn('indexOf', memberOverload('string_index_of_string', [S, S], IntType), memberOverload('string_index_of_string_int', [S, S, IntType], IntType)),
    fn('lastIndexOf', memberOverload('string_last_index_of_string', [S, S], IntType), memberOverload('string_last_index_of_string_int', [S, S, IntType], IntType)),
    fn('lowerAscii', memberOverload('string_lower_ascii', [S], S)),
    fn('replace', memberOverload('string_replace_string_string', [S, S, S], S), memberOverload('string_replace_string_string_int', [S, S, S, IntType], S)),
    fn('split', memberOverload('string_split_string', [S, S], listType(S)), memberOverload('string_split_string_int', [S, S, IntType], listType(S))),
    fn('substring', memberOverload('string_substring_int', [S, IntType], S), memberOverload('string_substring_int_int', [S, IntType, IntType], S)),
    fn('trim', memberOverload('string_trim', [S], S)),
    fn('upperAscii', memberOverload('string_upper_ascii', [S], S)),
  ];
  if (version >= 1) {
    functions.push(fn('format', memberOverload('string_format', [S, listType(DynType)], S)));
    functions.push(fn('strings.quote', overload('strings_quote', [S], S)));
  }
  functions.push(fn('join', memberOverload('list_join', [listType(S)], S), memberOverload('list_join_string', [listType(S), S], S)));
  if (version >= 3) functions.push(fn('reverse', memberOverload('reverse', [S], S)));
  return { functions };
}

/** ext.Sets() of cel-go ext/sets.go */
export function setsExtension(): LibraryDecls {
  const l = listType(typeParamType('T'));
  return {
    functions: [
      fn('sets.contains', overload('list_sets_contains_list', [l, l], BoolType)),
      fn('sets.equivalent', overload('list_sets_equivalent_list', [l, l], BoolType)),
      fn('sets.intersects', overload('list_sets_intersects_list', [l, l], BoolType)),
    ],
  };
}

/** library.SemverLib(SemverVersion(v)) (semverlib.go, Kubernetes 1.33+); version 1 adds the normalizing overloads. */
export function semverLibrary(version: number): LibraryDecls {
  const V = SemverType;
  return {
    functions: [
      fn('semver', overload('string_to_semver', [StringType], V), ...(version >= 1 ? [overload('string_bool_to_semver', [StringType, BoolType], V)] : [])),
      fn('isSemver', overload('is_semver_string', [StringType], BoolType), ...(version >= 1 ? [overload('is_semver_string_bool', [StringType, BoolType], BoolType)] : [])),
      fn('isGreaterThan', memberOverload('semver_is_greater_than', [V, V], BoolType)),
      fn('isLessThan', memberOverload('semver_is_less_than', [V, V], BoolType)),
      fn('compareTo', memberOverload('semver_compare_to', [V, V], IntType)),
      fn('major', memberOverload('semver_major', [V], IntType)),
      fn('minor', memberOverload('semver_minor', [V], IntType)),
      fn('patch', memberOverload('semver_patch', [V], IntType)),
    ],
  };
}

/** ext.TwoVarComprehensions(): the cel.@mapInsert helper of transformMap/transformMapEntry (macros in macros.ts). */
export function twoVarComprehensionsExtension(): LibraryDecls {
  const K = typeParamType('K');
  const V = typeParamType('V');
  const m = mapType(K, V);
  return {
    functions: [fn('cel.@mapInsert', overload('@mapInsert_map_key_value', [m, K, V], m), overload('@mapInsert_map_map', [m, m], m))],
  };
}

/** comparableTypes of cel-go ext/lists.go, by type name */
export const LIST_COMPARABLE_TYPES: readonly CelType[] = [IntType, UintType, DoubleType, BoolType, DurationType, TimestampType, StringType, BytesType];

/** ext.Lists(ext.ListsVersion(v)) of cel-go ext/lists.go (sortBy is a macro in macros.ts). */
export function listsExtension(version: number): LibraryDecls {
  const T = typeParamType('T');
  const l = listType(T);
  const functions: FunctionDecl[] = [fn('slice', memberOverload('list_slice', [l, IntType, IntType], l))];
  if (version >= 1) {
    functions.push(fn('flatten', memberOverload('list_flatten', [listType(l)], l), memberOverload('list_flatten_int', [listType(DynType), IntType], listType(DynType))));
  }
  if (version >= 2) {
    functions.push(
      fn('sort', ...LIST_COMPARABLE_TYPES.map((t) => memberOverload(`list_${t.name}_sort`, [listType(t)], listType(t)))),
      fn('@sortByAssociatedKeys', ...LIST_COMPARABLE_TYPES.map((u) => memberOverload(`list_${u.name}_sortByAssociatedKeys`, [l, listType(u)], l))),
      fn('lists.range', overload('lists_range', [IntType], listType(IntType))),
      fn('reverse', memberOverload('list_reverse', [l], l)),
      fn('distinct', memberOverload('list_distinct', [l], l)),
    );
  }
  return { functions };
}
