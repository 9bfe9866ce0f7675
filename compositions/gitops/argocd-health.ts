// Argo CD health assessments (Lua, set in argocd-cm as resource.customizations.health.<group>_<kind>)
// for every kind the GitOps tree syncs. Why each exists and how Argo CD uses it:
//   - gitops-engine pkg/sync/sync_context.go: in a multi-wave sync a resource's task succeeds when its
//     health is Healthy, fails the whole sync operation when Degraded, and keeps the wave waiting on
//     Progressing/Suspended/Missing; a kind with no health assessment at all succeeds once applied.
//     So Degraded is kept for states that will not fix themselves; transient states are Progressing.
//   - util/lua/lua.go GetHealthScript: an argocd-cm key for the exact group/kind wins over Argo CD's
//     built-in scripts (e.g. resource_customizations/pkg.crossplane.io/Provider, _.crossplane.io/_,
//     _.upbound.io/_), so the tree's behaviour does not change with Argo CD's bundled scripts.
//   - util/lua/lua.go runLua: argocd-cm scripts run without the standard libraries (only base, table,
//     package and a reduced os), so these scripts use no string.* functions; each run gets a fresh state.
// Every script is run in a Lua VM by test/compositions/gitops/argocd-health.test.ts.

/** Claims and composites of the package: Crossplane's Synced and Ready conditions (argo-cd#21649: no built-in for a custom group). */
export const CROSSPLANE_HEALTH_LUA = `local hs = { status = "Progressing", message = "Waiting for Crossplane to reconcile" }
if obj.status == nil or obj.status.conditions == nil then
  return hs
end
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Synced" and c.status == "False" then
    hs.status = "Degraded"
    hs.message = c.message or c.reason or "Synced is False"
    return hs
  end
end
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Ready" then
    if c.status == "True" then
      hs.status = "Healthy"
      hs.message = "Resource is Ready"
      return hs
    end
    hs.message = c.message or c.reason or hs.message
  end
end
return hs
`;

/**
 * argoproj.io/Application, restored for the app-of-apps (Argo CD removed it in 1.8, docs
 * operator-manual/health.md "Argocd App"): a child Application is Healthy only when it is healthy AND
 * synced to Git, so a wave waits for the child's sync, not only for what happens to exist already (an
 * upgrade leaves the old objects healthy). Resources removed from Git and left for a manual prune
 * (the tree never prunes automatically) do not hold the waves. A failed sync (after the child's own
 * retries: the phase stays Running while it retries) or an error condition is Degraded.
 */
export const APPLICATION_HEALTH_LUA = `local hs = { status = "Progressing", message = "Waiting for the application controller" }
local st = obj.status
if st == nil then
  return hs
end
if st.conditions ~= nil then
  for _, c in ipairs(st.conditions) do
    if c.type == "InvalidSpecError" or c.type == "ComparisonError" or c.type == "UnknownError" then
      hs.status = "Degraded"
      hs.message = c.type .. ": " .. (c.message or "")
      return hs
    end
  end
end
local op = st.operationState
if op ~= nil and (op.phase == "Failed" or op.phase == "Error") then
  hs.status = "Degraded"
  hs.message = "sync " .. op.phase .. ": " .. (op.message or "")
  return hs
end
if st.health == nil or st.health.status == nil then
  return hs
end
local h = st.health.status
if h ~= "Healthy" then
  if h == "Degraded" or h == "Suspended" then
    hs.status = h
  end
  hs.message = "health " .. h .. ((st.health.message ~= nil and (": " .. st.health.message)) or "")
  return hs
end
local sync = (st.sync ~= nil and st.sync.status) or "Unknown"
if sync == "Synced" then
  hs.status = "Healthy"
  hs.message = "Synced and Healthy"
  return hs
end
if sync == "OutOfSync" and st.resources ~= nil then
  local prunes = 0
  for _, r in ipairs(st.resources) do
    if r.status == "OutOfSync" then
      if r.requiresPruning ~= true then
        hs.message = "Healthy but OutOfSync: waiting for the sync"
        return hs
      end
      prunes = prunes + 1
    end
  end
  if prunes > 0 then
    hs.status = "Healthy"
    hs.message = "Synced except resources removed from Git; prune them by hand"
    return hs
  end
end
hs.message = "Healthy but " .. sync .. ": waiting for the sync"
return hs
`;

/**
 * pkg.crossplane.io Provider, Function, Configuration: Installed and Healthy (crossplane apis/pkg/v1
 * conditions.go). Healthy=False is Progressing, not Degraded: Crossplane reports it both while a new
 * provider pod starts ("Deployment does not have minimum availability") and while a Configuration's
 * dependencies install, with nothing machine-readable to tell those from a lasting failure, and a
 * Degraded would fail the wave's sync operation on every fresh install. The message carries the reason.
 * A condition observed for an older generation (a version bump not yet rolled out) is not yet Healthy.
 * A failed signature verification (Verified=False, SignatureVerificationFailed) is Degraded.
 */
export const PACKAGE_HEALTH_LUA = `local hs = { status = "Progressing", message = "Waiting for the package manager" }
if obj.status == nil or obj.status.conditions == nil then
  return hs
end
local installed = nil
local healthy = nil
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Installed" then
    installed = c
  elseif c.type == "Healthy" then
    healthy = c
  elseif c.type == "Verified" and c.status == "False" and c.reason == "SignatureVerificationFailed" then
    hs.status = "Degraded"
    hs.message = c.message or c.reason
    return hs
  end
end
local function describe(name, c)
  if c == nil then
    return name .. " not reported yet"
  end
  local text = name .. "=" .. (c.status or "") .. " (" .. (c.reason or "") .. ")"
  if c.message ~= nil then
    text = text .. ": " .. c.message
  end
  return text
end
local function current(c)
  local generation = obj.metadata ~= nil and obj.metadata.generation or nil
  return c.observedGeneration == nil or generation == nil or c.observedGeneration >= generation
end
if installed == nil or installed.status ~= "True" then
  hs.message = describe("Installed", installed)
  return hs
end
if healthy == nil or healthy.status ~= "True" then
  hs.message = describe("Healthy", healthy)
  return hs
end
if not current(installed) or not current(healthy) then
  hs.message = "Conditions are for an older generation: waiting for the new revision"
  return hs
end
hs.status = "Healthy"
hs.message = (installed.reason or "Installed") .. ", " .. (healthy.reason or "Healthy")
return hs
`;

/**
 * Kinds that are configuration only and report no readiness: DeploymentRuntimeConfig and
 * EnvironmentConfig have no status; a ProviderConfig's status holds its users count and, only while
 * deleted in use, a Terminating condition (crossplane-runtime pkg/reconciler/providerconfig) — deletion
 * itself is reported by gitops-engine before any script runs (GetResourceHealth: "Pending deletion").
 * Existing is being healthy; the script makes that independent of Argo CD's wildcard built-ins.
 */
export const CONFIGURATION_OBJECT_HEALTH_LUA = `local hs = { status = "Healthy", message = "Configuration object exists" }
if obj.status ~= nil and obj.status.users ~= nil then
  hs.message = "In use by " .. obj.status.users .. " managed resource(s)"
end
return hs
`;

/** Core Namespace: Active once the API server created it (Terminating is "Pending deletion" upstream of the script). */
export const NAMESPACE_HEALTH_LUA = `local hs = { status = "Progressing", message = "Waiting for the namespace to become Active" }
if obj.status ~= nil and obj.status.phase == "Active" then
  hs.status = "Healthy"
  hs.message = "Namespace is Active"
end
return hs
`;

/**
 * admissionregistration.k8s.io/ValidatingAdmissionPolicy (no Argo CD built-in): the API server's
 * status controller type-checks every expression; typeChecking present means checking completed
 * for status.observedGeneration (k8s.io/api admissionregistration/v1 ValidatingAdmissionPolicyStatus).
 * A warning names an expression that refers to something the schema lacks: at admission it errors,
 * and with failurePolicy Fail requests are refused, so the claims wave must not start (Degraded).
 */
export const VALIDATING_ADMISSION_POLICY_HEALTH_LUA = `local hs = { status = "Progressing", message = "Waiting for the API server to type-check the policy" }
local st = obj.status
if st == nil or st.typeChecking == nil then
  return hs
end
local generation = obj.metadata ~= nil and obj.metadata.generation or nil
if generation ~= nil and (st.observedGeneration == nil or st.observedGeneration < generation) then
  hs.message = "Type check is for an older generation of the policy"
  return hs
end
local warnings = st.typeChecking.expressionWarnings
if warnings ~= nil and #warnings > 0 then
  hs.status = "Degraded"
  hs.message = #warnings .. " expression warning(s); first: " .. (warnings[1].fieldRef or "") .. ": " .. (warnings[1].warning or "")
  return hs
end
hs.status = "Healthy"
hs.message = "Every expression type-checked"
return hs
`;

/** A group/kind as Argo CD keys it: `<group>_<kind>`, or the bare kind for the core group (docs operator-manual/health.md). */
export function healthKey(group: string, kind: string): string {
  return `resource.customizations.health.${group === '' ? kind : `${group}_${kind}`}`;
}

export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/**
 * Kinds with no readiness to assess: Argo CD has no assessment for them (gitops-engine
 * pkg/health/health.go GetHealthCheckFunc, and no built-in script), so a sync counts them as done once
 * applied, which is right: they are in force as soon as the API server stored them.
 */
export const KINDS_IN_FORCE_WHEN_STORED: readonly GroupKind[] = [
  { group: 'rbac.authorization.k8s.io', kind: 'Role' },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicyBinding' },
  // status holds only the JWT tokens issued for project roles
  { group: 'argoproj.io', kind: 'AppProject' },
];

/** The health script for a synced kind, or undefined when the kind has none and needs none. Throws for a kind nobody decided about. */
export function healthScriptFor(gk: GroupKind, packageGroup: string): string | undefined {
  if (gk.group === packageGroup) return CROSSPLANE_HEALTH_LUA;
  const key = `${gk.group}/${gk.kind}`;
  switch (key) {
    case 'argoproj.io/Application':
      return APPLICATION_HEALTH_LUA;
    case 'pkg.crossplane.io/Provider':
    case 'pkg.crossplane.io/Function':
    case 'pkg.crossplane.io/Configuration':
      return PACKAGE_HEALTH_LUA;
    case 'pkg.crossplane.io/DeploymentRuntimeConfig':
    case 'apiextensions.crossplane.io/EnvironmentConfig':
    case 'aws.upbound.io/ProviderConfig':
    case 'tf.upbound.io/ProviderConfig':
      return CONFIGURATION_OBJECT_HEALTH_LUA;
    case '/Namespace':
      return NAMESPACE_HEALTH_LUA;
    case 'admissionregistration.k8s.io/ValidatingAdmissionPolicy':
      return VALIDATING_ADMISSION_POLICY_HEALTH_LUA;
  }
  if (KINDS_IN_FORCE_WHEN_STORED.some((k) => k.group === gk.group && k.kind === gk.kind)) return undefined;
  throw new Error(`argocd health: no decision for ${gk.group || 'core'}/${gk.kind}: add a health script or list it in KINDS_IN_FORCE_WHEN_STORED with the reason`);
}
