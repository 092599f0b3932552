-- Argo CD health check for study.dev/StudyGroup (argocd-cm: resource.customizations.health.study.dev_StudyGroup).
-- Tested by dev.study.operator.gitops.ArgoCdHealthTest and GitOpsStatusIT against the operator's own statuses.
-- Conventions of Argo CD's bundled scripts (argo-cd resource_customizations): deletion first, as Progressing
-- (helm.toolkit.fluxcd.io/HelmRelease); Reconciling=True is Progressing (HelmRelease); the message is the Ready
-- condition's (cert-manager.io/Certificate). Degraded only when Stalled=True: a failure retrying cannot fix.
local hs = {}
if obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Pending deletion: cleaning up Discord, Calendar and reminders"
  if obj.metadata.finalizers ~= nil and #obj.metadata.finalizers > 0 then
    hs.message = hs.message .. "; blocked by finalizers: " .. table.concat(obj.metadata.finalizers, ", ")
  end
  return hs
end
if obj.spec ~= nil and obj.spec.suspend == true then
  hs.status = "Suspended"
  hs.message = "spec.suspend is true: the operator observes and writes nothing outside"
  return hs
end
local generation = obj.metadata.generation
if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end
if generation ~= nil and (obj.status.observedGeneration == nil or obj.status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end
local ready, reconciling, stalled = nil, nil, nil
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Ready" then
    ready = c
  elseif c.type == "Reconciling" then
    reconciling = c
  elseif c.type == "Stalled" then
    stalled = c
  end
end
if ready == nil or (generation ~= nil and ready.observedGeneration ~= nil and ready.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the Ready condition of generation " .. tostring(generation)
  return hs
end
hs.message = ready.message or ("Ready is " .. tostring(ready.status))
if ready.status == "True" then
  hs.status = "Healthy"
elseif stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
elseif reconciling ~= nil and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = "Retrying: " .. hs.message
else
  hs.status = "Progressing"
end
return hs
