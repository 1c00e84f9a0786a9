import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A Service whose selector matches no pod: the smallest manifest with a finding. */
export const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: demo
spec:
  selector:
    app: web
  ports:
    - port: 80
`;

/**
 * A small project with one finding of each severity: a Service that selects no pods (error,
 * with a related place), a backend nothing routes to (warning) and a Helm template (info).
 */
export const PROJECT: Record<string, string> = {
  'service.yaml': SERVICE,
  'haproxy.cfg': `defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend www
    bind :80
    default_backend app

backend app
    server a 127.0.0.1:8080

backend old
    server b 127.0.0.1:8081
`,
  'chart.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}
`,
};

export async function writeProject(root: string, files: Record<string, string> = PROJECT): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
}

export const SKIPPED = 'Skipped: template syntax `{{ .Release.Name }}` at line 4 (Helm/Go template); templated manifests are not Kubernetes YAML until rendered.';
export const UNUSED = "Backend 'old' is never used by any use_backend or default_backend";
export const DANGLING = 'Service demo/web selects no pods: no workload in namespace demo has labels app=web';
export const SELECTOR = 'selector label that no pod template carries with this value';
