// Argo CD health assessment for the package's claims and composites. Argo CD ships health checks
// for `*.upbound.io` and `*.crossplane.io` kinds but none for a custom group, so without this a
// claim would show Healthy as soon as it exists (argo-cd#21649).
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
