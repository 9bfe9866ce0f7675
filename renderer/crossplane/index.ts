// What Crossplane itself does around the functions: composite and claim reconciliation, composed
// names, XRD defaulting, field paths, the usage controller/webhook and claim deletion.
export { ANNOTATION_COMPOSITION_RESOURCE_NAME, ANNOTATION_EXTERNAL_NAME, annotationsOf, applyCompositeStatus, clone, compositeReadyCondition, compositesType, CompositionError, controllerUid, defaultFunctions, describe, ensureUid, garbage, getCondition, groupKind, groupOf, inListOrder, isObject, isReady, labelTopLevelComposite, nameOf, namespaceOf, obj, reconcileError, reconcileSuccess, recordCompositionRef, renderComposedMetadata, resourceRefs, runPipeline, selectComposition, setConditions, sortedByKey, stableNAndSomeMore, str, syncClaimToComposite, syncCompositeToClaim, xrdForClaim, xrdForComposite, xrdInfo } from './crossplane';
export type { FunctionRegistry, XrdInfo } from './crossplane';
export { defaultFromXrd } from './defaults';
export { deleteClaim } from './deletion';
export type { CompositeDeletePolicy, DeletionResult } from './deletion';
export { getValue, parseFieldPath } from './fieldpath';
export type { Segment } from './fieldpath';
export { isDeleted, isUsage, keepUsageFields, reconcileUsage, UsageError } from './usage';
export type { UsageCluster } from './usage';
