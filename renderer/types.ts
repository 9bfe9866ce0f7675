// Shared data model of the offline renderer: the RunFunction request/response of Crossplane's
// composition-function protocol, reduced to what function-patch-and-transform and
// function-auto-ready read and write. Plain JSON objects; no cdk8s dependency.

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

export interface FunctionRequest {
  observed: State;
  desired: State;
  input?: JsonObject;
  context?: JsonObject;
}

export interface FunctionResponse {
  desired: State;
  results: Result[];
  context?: JsonObject;
}

export type CompositionFunction = (req: FunctionRequest) => FunctionResponse;
