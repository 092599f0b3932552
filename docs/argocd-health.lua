-- Argo CD health check for study.dev/StudyGroup (argocd-cm: resource.customizations.health.study.dev_StudyGroup).
-- Tested by dev.study.operator.gitops.ArgoCdHealthTest and GitOpsStatusIT against the operator's own statuses.
local hs = {}
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
local ready = nil
local failing = {}
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Ready" then
    ready = c
  elseif c.status == "False" then
    table.insert(failing, c.type .. " " .. (c.reason or "") .. ": " .. (c.message or ""))
  end
end
if ready == nil or (generation ~= nil and ready.observedGeneration ~= nil and ready.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the Ready condition of generation " .. tostring(generation)
  return hs
end
if ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or "All systems synced"
  return hs
end
if #failing > 0 then
  hs.status = "Degraded"
  hs.message = table.concat(failing, "; ")
  return hs
end
hs.status = "Progressing"
hs.message = ready.message or "Ready is " .. tostring(ready.status)
return hs
