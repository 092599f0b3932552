{{- define "sgo.deployment" -}}
{{- $d := .d -}}
{{- $name := $d.name -}}
{{- $shard := $d.shard -}}
{{- $replicas := $d.replicas -}}
{{- $selector := $d.selector -}}
{{- $lease := $d.lease -}}
{{- $categories := $d.categories -}}
{{- with .root -}}
{{- $dbUrlFromSecret := .Values.database.urlSecret.name -}}
{{- $db := or $dbUrlFromSecret .Values.database.url -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "sgo.labels" . | nindent 4 }}
    {{- with $shard }}
    study.dev/shard: {{ . }}
    {{- end }}
spec:
  replicas: {{ $replicas }}
  selector:
    matchLabels:
      {{- include "sgo.selector" . | nindent 6 }}
      {{- with $shard }}
      study.dev/shard: {{ . }}
      {{- end }}
  template:
    metadata:
      labels:
        {{- include "sgo.selector" . | nindent 8 }}
        {{- with $shard }}
        study.dev/shard: {{ . }}
        {{- end }}
        {{- with .Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with .Values.podAnnotations }}
      annotations: {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      serviceAccountName: {{ include "sgo.serviceAccountName" . }}
      automountServiceAccountToken: true
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets: {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      {{- with .Values.podSecurityContext }}
      securityContext: {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: operator
          image: {{ include "sgo.image" . | quote }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          {{- with .Values.containerSecurityContext }}
          securityContext: {{- toYaml . | nindent 12 }}
          {{- end }}
          env:
            - name: POD_NAMESPACE
              valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
            - {name: WATCH_NAMESPACES, value: {{ join "," .Values.watchNamespaces | quote }}}
            {{- with $selector }}
            - {name: WATCH_LABEL_SELECTOR, value: {{ . | quote }}}
            {{- end }}
            {{- with $shard }}
            - {name: SHARD_NAME, value: {{ . | quote }}}
            {{- end }}
            - {name: RESYNC_INTERVAL, value: {{ .Values.resyncInterval | quote }}}
            - {name: BACKOFF_BASE, value: {{ .Values.backoff.base | quote }}}
            - {name: BACKOFF_CAP, value: {{ .Values.backoff.cap | quote }}}
            - {name: ALLOWED_DISCORD_GUILDS, value: {{ join "," .Values.allowedDiscordGuilds | quote }}}
            - {name: ALLOWED_CALENDARS, value: {{ join "," .Values.allowedCalendars | quote }}}
            {{- with .Values.protectedDiscordUsers }}
            - {name: PROTECTED_DISCORD_USERS, value: {{ join "," . | quote }}}
            {{- end }}
            - {name: REMOVAL_HOLD_THRESHOLD, value: {{ .Values.removalHold.threshold | quote }}}
            - {name: REMOVAL_HOLD_EXEMPT_UP_TO, value: {{ .Values.removalHold.exemptUpTo | quote }}}
            {{- with $categories }}
            - {name: ALLOWED_DISCORD_CATEGORIES, value: {{ . | quote }}}
            {{- end }}
            - {name: LEADER_ELECTION, value: {{ .Values.leaderElection | quote }}}
            {{- if .Values.leaderElection }}
            - {name: LEADER_ELECTION_LEASE, value: {{ $lease | quote }}}
            - {name: LEADER_ELECTION_LEASE_DURATION, value: {{ .Values.leaderElectionTiming.leaseDuration | quote }}}
            - {name: LEADER_ELECTION_RENEW_DEADLINE, value: {{ .Values.leaderElectionTiming.renewDeadline | quote }}}
            - {name: LEADER_ELECTION_RETRY_PERIOD, value: {{ .Values.leaderElectionTiming.retryPeriod | quote }}}
            {{- end }}
            - {name: HTTP_PORT, value: {{ .Values.metrics.port | quote }}}
            - {name: LOG_LEVEL, value: {{ .Values.logLevel | quote }}}
            - {name: JAVA_TOOL_OPTIONS, value: {{ .Values.jvmOptions | quote }}}
            - {name: LOG_FORMAT, value: {{ .Values.logFormat | quote }}}
            {{- if .Values.discord.tokenSecret }}
            - {name: DISCORD_TOKEN_FILE, value: /var/run/secrets/studygroup/discord/{{ .Values.discord.tokenKey }}}
            - {name: DISCORD_REQUESTS_PER_SECOND, value: {{ .Values.discord.requestsPerSecond | quote }}}
            {{- end }}
            {{- if .Values.calendar.credentialsSecret }}
            - {name: GOOGLE_APPLICATION_CREDENTIALS, value: /var/run/secrets/studygroup/google/{{ .Values.calendar.credentialsKey }}}
            - {name: CALENDAR_REQUESTS_PER_MINUTE, value: {{ .Values.calendar.requestsPerMinute | quote }}}
            {{- with .Values.calendar.impersonateUser }}
            - {name: GOOGLE_IMPERSONATE_USER, value: {{ . | quote }}}
            {{- end }}
            {{- end }}
            {{- if $dbUrlFromSecret }}
            - name: DATABASE_URL
              valueFrom: {secretKeyRef: {name: {{ $dbUrlFromSecret }}, key: {{ .Values.database.urlSecret.key }}}}
            {{- else if .Values.database.url }}
            - {name: DATABASE_URL, value: {{ .Values.database.url | quote }}}
            {{- end }}
            {{- if $db }}
            {{- with .Values.database.user }}
            - {name: DATABASE_USER, value: {{ . | quote }}}
            {{- end }}
            {{- if .Values.database.passwordSecret }}
            - {name: DATABASE_PASSWORD_FILE, value: /var/run/secrets/studygroup/database/{{ .Values.database.passwordKey }}}
            {{- end }}
            {{- end }}
            {{- with .Values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          ports:
            - {name: http, containerPort: {{ .Values.metrics.port }}}
          startupProbe:
            httpGet: {path: /healthz, port: http}
            {{- toYaml .Values.probes.startup | nindent 12 }}
          livenessProbe:
            httpGet: {path: /healthz, port: http}
            {{- toYaml .Values.probes.liveness | nindent 12 }}
          readinessProbe:
            httpGet: {path: /readyz, port: http}
            {{- toYaml .Values.probes.readiness | nindent 12 }}
          resources: {{- toYaml .Values.resources | nindent 12 }}
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
            {{- if .Values.discord.tokenSecret }}
            - {name: discord, mountPath: /var/run/secrets/studygroup/discord, readOnly: true}
            {{- end }}
            {{- if .Values.calendar.credentialsSecret }}
            - {name: google, mountPath: /var/run/secrets/studygroup/google, readOnly: true}
            {{- end }}
            {{- if and $db .Values.database.passwordSecret }}
            - {name: database, mountPath: /var/run/secrets/studygroup/database, readOnly: true}
            {{- end }}
            {{- with .Values.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - {name: tmp, emptyDir: {}}
        {{- /* Only the one key is projected, so other keys of a shared Secret never reach the pod. */}}
        {{- if .Values.discord.tokenSecret }}
        - name: discord
          secret: {secretName: {{ .Values.discord.tokenSecret }}, items: [{key: {{ .Values.discord.tokenKey }}, path: {{ .Values.discord.tokenKey }}}]}
        {{- end }}
        {{- if .Values.calendar.credentialsSecret }}
        - name: google
          secret: {secretName: {{ .Values.calendar.credentialsSecret }}, items: [{key: {{ .Values.calendar.credentialsKey }}, path: {{ .Values.calendar.credentialsKey }}}]}
        {{- end }}
        {{- if and $db .Values.database.passwordSecret }}
        - name: database
          secret: {secretName: {{ .Values.database.passwordSecret }}, items: [{key: {{ .Values.database.passwordKey }}, path: {{ .Values.database.passwordKey }}}]}
        {{- end }}
        {{- with .Values.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with .Values.nodeSelector }}
      nodeSelector: {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.tolerations }}
      tolerations: {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.affinity }}
      affinity: {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.topologySpreadConstraints }}
      topologySpreadConstraints: {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}
{{- end -}}
