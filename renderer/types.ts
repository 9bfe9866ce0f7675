// Shared data model of the offline renderer: the RunFunction request/response of Crossplane's
// composition-function protocol, reduced to what the emulated functions (function-patch-and-transform,
// function-auto-ready, function-environment-configs) read and write. Plain JSON objects; no cdk8s
// dependency.

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** Mirrors fnv1.Ready. */
export enum Ready {
  Unspecified = 'READY_UNSPECIFIED',
  True = 'READY_TRUE',
  False = 'READY_FALSE',
}

export interface ResourceState {
  resource: JsonObject;
  /** Connection details: key -> value (decoded, not base64). */
  connectionDetails?: Record<string, string>;
  ready?: Ready;
}

export interface State {
  composite: ResourceState;
  /** Keyed by composition resource name. */
  resources: Record<string, ResourceState>;
}

export type Severity = 'Fatal' | 'Warning' | 'Normal';

export interface Result {
  severity: Severity;
  message: string;
  /** The function step that produced it (filled by the pipeline runner). */
  step?: string;
}

/**
 * fnv1.ResourceSelector: one object a function asks Crossplane to fetch, by name or by labels
 * (exactly one of matchName / matchLabels; the proto's `match` oneof).
 */
export interface ResourceSelector {
  apiVersion: string;
  kind: string;
  matchName?: string;
  matchLabels?: Record<string, string>;
  /** proto3 `optional`: set means "in this namespace"; unset means cluster-scoped or all. */
  namespace?: string;
}

/** fnv1.Requirements: what the function needs fetched before it can finish. */
export interface Requirements {
  resources?: Record<string, ResourceSelector>;
  /** The deprecated field name of `resources`; Crossplane v2 still fetches both. */
  extraResources?: Record<string, ResourceSelector>;
}

export interface FunctionRequest {
  observed: State;
  desired: State;
  input?: JsonObject;
  context?: JsonObject;
  /**
   * What Crossplane fetched for the previous call's requirements, by requirement name (a name not
   * found is an empty list). Absent on a first call: that is how a function tells "not fetched yet"
   * from "fetched, nothing matched".
   */
  requiredResources?: Record<string, JsonObject[]>;
  /** The same for requirements under the deprecated `extraResources` name. */
  extraResources?: Record<string, JsonObject[]>;
}

export interface FunctionResponse {
  desired: State;
  results: Result[];
  context?: JsonObject;
  requirements?: Requirements;
}

export type CompositionFunction = (req: FunctionRequest) => FunctionResponse;
