{{- define "sgo.name" -}}studygroup-operator{{- end -}}
{{- define "sgo.fullname" -}}{{ .Release.Name }}-studygroup-operator{{- end -}}
{{- define "sgo.labels" -}}
app.kubernetes.io/name: {{ include "sgo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}
{{- define "sgo.selector" -}}
app.kubernetes.io/name: {{ include "sgo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
