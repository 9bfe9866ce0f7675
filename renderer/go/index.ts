// The Go runtime as the function emulations need it: fmt verbs and Go JSON encoding, strconv parsing,
// Kubernetes quantities, encoding/json decoding errors, the regexp wrapper and Go's byte/rune handling.
// Every result and error text matches Go's, because upstream tests and user-visible messages depend on it.
export { compareGoStrings, formatFloat, GoJsonError, goJsonMarshal, goQuote, goTypeName, sprintf } from './fmt';
export { goJsonUnmarshal } from './json';
export { quantityToFloat64 } from './quantity';
export { compileGoRegexp, findStringSubmatch } from './regexp';
export { float64ToInt64, parseGoBool, parseGoFloat, parseGoInt64 } from './strconv';
export { adler32, decodeGoBase64, decodeGoUtf8, goCaseMap, goReplaceAll } from './text';
