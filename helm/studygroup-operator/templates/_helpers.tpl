{{- define "sgo.name" -}}{{ default "studygroup-operator" .Values.nameOverride | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- define "sgo.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{ .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else -}}
{{ printf "%s-%s" .Release.Name (include "sgo.name" .) | trunc 63 | trimSuffix "-" }}
{{- end -}}
{{- end -}}
{{- define "sgo.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{ default (include "sgo.fullname" .) .Values.serviceAccount.name }}
{{- else -}}
{{ required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end -}}
{{- end -}}
{{- define "sgo.labels" -}}
app.kubernetes.io/name: {{ include "sgo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}
{{- define "sgo.selector" -}}
app.kubernetes.io/name: {{ include "sgo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{- define "sgo.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}
{{- end -}}
{{- /* metrics.serviceMonitor was a plain boolean before it was an object; both still work. */ -}}
{{- define "sgo.serviceMonitorEnabled" -}}
{{- $sm := .Values.metrics.serviceMonitor -}}
{{- if kindIs "bool" $sm -}}{{ $sm }}{{- else -}}{{ $sm.enabled | default false }}{{- end -}}
{{- end -}}
{{- /*
The Deployments to render, as a YAML list of {name, shard, replicas, selector, lease, categories}: first the unsharded
operator (with `shards`, the default shard, watching the groups without the shard key), then one per named shard.
The Deployments, their disruption budgets and the Lease rule all read this one list. Categories are joined here,
as ALLOWED_DISCORD_CATEGORIES wants them: a list would come back from YAML with 18-digit ids turned into floats.
*/ -}}
{{- define "sgo.deployments" -}}
{{- $key := .Values.shardKey -}}
{{- $main := .Values.watchLabelSelector -}}
{{- if and (not $main) .Values.shards }}{{ $main = printf "!%s" $key }}{{ end -}}
- name: {{ include "sgo.fullname" . | quote }}
  shard: ""
  replicas: {{ .Values.replicas }}
  selector: {{ $main | quote }}
  lease: {{ .Values.leaderElectionLease | quote }}
  categories: {{ join "," .Values.allowedDiscordCategories | quote }}
{{- $names := list }}
{{- range .Values.shards }}
{{- if has .name $names }}{{ fail (printf "shards: %s is listed twice" .name) }}{{ end }}
{{- $names = append $names .name }}
- name: {{ printf "%s-%s" (include "sgo.fullname" $) .name | trunc 63 | trimSuffix "-" | quote }}
  shard: {{ .name | quote }}
  replicas: {{ hasKey . "replicas" | ternary .replicas $.Values.replicas }}
  selector: {{ .labelSelector | default (printf "%s=%s" $key .name) | quote }}
  lease: {{ printf "%s-%s" $.Values.leaderElectionLease .name | quote }}
  categories: {{ join "," (hasKey . "allowedDiscordCategories" | ternary .allowedDiscordCategories $.Values.allowedDiscordCategories) | quote }}
{{- end }}
{{- end -}}
