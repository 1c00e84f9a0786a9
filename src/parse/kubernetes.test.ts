import { describe, expect, it } from 'vitest';
import { parseKubernetes } from './kubernetes.ts';
import type { KubernetesFile } from './kubernetes.ts';

const FILE = 'deployment/manifests/x.yaml';
const parse = (text: string): KubernetesFile => parseKubernetes(FILE, text, { defaultNamespace: 'matrix' });
const src = (line: number, column: number, endLine: number, endColumn: number) => ({ file: FILE, line, column, endLine, endColumn });

const DEPLOYMENT = [
  '# leading comment', //                                   1
  'apiVersion: apps/v1', //                                 2
  'kind: Deployment', //                                    3
  'metadata:', //                                           4
  '  name: synapse-main', //                                5
  '  labels:', //                                           6
  '    app: synapse', //                                    7
  '    version: 1.10', //                                   8
  '  annotations:', //                                      9
  '    note: "hi"', //                                      10
  'spec:', //                                               11
  '  replicas: 3', //                                       12
  '  template:', //                                         13
  '    metadata:', //                                       14
  '      labels:', //                                       15
  '        app: synapse', //                                16
  '        component: main', //                             17
  '    spec:', //                                           18
  '      initContainers:', //                               19
  '        - name: init', //                                20
  '          image: busybox', //                            21
  '          envFrom:', //                                  22
  '            - configMapRef:', //                         23
  '                name: env-cm', //                        24
  '      containers:', //                                   25
  '        - name: synapse', //                             26
  '          image: ghcr.io/element-hq/synapse:v1', //      27
  '          command: ["/bin/sh", "-c"]', //                28
  '          args:', //                                     29
  '            - |', //                                     30
  '              echo hello', //                            31
  '              exec python', //                           32
  '          ports:', //                                    33
  '            - name: http', //                            34
  '              containerPort: 8008', //                   35
  '            - containerPort: 9093', //                   36
  '              protocol: UDP', //                         37
  '          env:', //                                      38
  '            - name: PGPASSWORD', //                      39
  '              valueFrom:', //                            40
  '                secretKeyRef:', //                       41
  '                  name: synapse-secrets', //             42
  '                  key: postgres-password', //            43
  '                  optional: true', //                    44
  '            - name: X', //                               45
  '              valueFrom:', //                            46
  '                configMapKeyRef: {name: flags, key: x}', // 47
  '          envFrom:', //                                  48
  '            - secretRef:', //                            49
  '                name: env-secret', //                    50
  '      volumes:', //                                      51
  '        - name: config', //                              52
  '          configMap:', //                                53
  '            name: synapse-config', //                    54
  '        - name: keys', //                                55
  '          secret:', //                                   56
  '            secretName: signing', //                     57
  '            optional: yes', //                           58
  '        - name: picked', //                              59
  '          configMap:', //                                60
  '            name: picked-cm', //                         61
  '            items:', //                                  62
  '              - key: a.yaml', //                         63
  '                path: a.yaml', //                        64
  '        - name: proj', //                                65
  '          projected:', //                                66
  '            sources:', //                                67
  '              - configMap:', //                          68
  '                  name: proj-cm', //                     69
  '              - secret:', //                             70
  '                  name: proj-secret', //                 71
  '',
].join('\n');

describe('parseKubernetes: workloads', () => {
  const result = parse(DEPLOYMENT);
  const w = result.workloads[0]!;

  it('reads identity with exact positions', () => {
    expect(result.format).toBe('kubernetes');
    expect(result.problems).toEqual([]);
    expect(result.workloads).toHaveLength(1);
    expect(w.kind).toBe('Deployment');
    expect(w.apiVersion).toBe('apps/v1');
    expect(w.name).toBe('synapse-main');
    expect(w.namespace).toBe('matrix');
    expect(w.source).toEqual(src(5, 9, 5, 21));
    expect(w.documentSource).toEqual(src(2, 1, 71, 36));
    expect(w.labels).toEqual({
      app: { value: 'synapse', source: src(7, 10, 7, 17) },
      version: { value: '1.10', source: src(8, 14, 8, 18) },
    });
    expect(w.annotations).toEqual({ note: { value: 'hi', source: src(10, 11, 10, 15) } });
    expect(result.resources).toEqual([
      {
        kind: 'Deployment',
        apiVersion: 'apps/v1',
        name: 'synapse-main',
        // The manifest names no namespace: the default one, which an Argo CD Application may replace.
        namespace: 'matrix',
        namespaceOmitted: true,
        source: w.source,
        documentSource: w.documentSource,
        labels: w.labels,
        annotations: w.annotations,
      },
    ]);
  });

  it('reads replicas, pod labels and containers', () => {
    expect(w.replicas).toEqual({ value: 3, source: src(12, 13, 12, 14) });
    expect(w.serviceName).toBeUndefined();
    expect(w.podLabels).toEqual({
      app: { value: 'synapse', source: src(16, 14, 16, 21) },
      component: { value: 'main', source: src(17, 20, 17, 24) },
    });
    expect(w.containers.map((c) => [c.name, c.image, c.source.line, c.source.column])).toEqual([
      ['init', 'busybox', 20, 11],
      ['synapse', 'ghcr.io/element-hq/synapse:v1', 26, 11],
    ]);
    const main = w.containers[1]!;
    expect(main.ports).toEqual([
      { name: 'http', containerPort: 8008, protocol: 'TCP', source: src(34, 15, 35, 34) },
      { name: undefined, containerPort: 9093, protocol: 'UDP', source: src(36, 15, 37, 28) },
    ]);
    expect(main.command).toEqual([
      { value: '/bin/sh', source: src(28, 21, 28, 30), contentStart: undefined },
      { value: '-c', source: src(28, 32, 28, 36), contentStart: undefined },
    ]);
    expect(main.args).toHaveLength(1);
    expect(main.args[0]!.value).toBe('echo hello\nexec python\n');
    expect(main.args[0]!.source).toEqual(src(30, 15, 32, 26));
    expect(main.args[0]!.contentStart).toEqual({ line: 31, column: 15, indent: 14 });
    expect(main.command[0]!.contentStart).toBeUndefined();
  });

  it('reads every ConfigMap/Secret reference with its name position', () => {
    const owner = { kind: 'Deployment', name: 'synapse-main', namespace: 'matrix' };
    expect(w.configRefs).toEqual([
      { kind: 'ConfigMap', name: 'env-cm', namespace: 'matrix', via: 'envFrom', optional: false, key: undefined, volume: undefined, path: undefined, source: src(24, 23, 24, 29), owner },
      { kind: 'Secret', name: 'synapse-secrets', namespace: 'matrix', via: 'env', optional: true, key: 'postgres-password', volume: undefined, path: undefined, source: src(42, 25, 42, 40), owner },
      { kind: 'ConfigMap', name: 'flags', namespace: 'matrix', via: 'env', optional: false, key: 'x', volume: undefined, path: undefined, source: src(47, 41, 47, 46), owner },
      { kind: 'Secret', name: 'env-secret', namespace: 'matrix', via: 'envFrom', optional: false, key: undefined, volume: undefined, path: undefined, source: src(50, 23, 50, 33), owner },
      { kind: 'ConfigMap', name: 'synapse-config', namespace: 'matrix', via: 'volume', optional: false, key: undefined, volume: 'config', path: undefined, source: src(54, 19, 54, 33), owner },
      { kind: 'Secret', name: 'signing', namespace: 'matrix', via: 'volume', optional: true, key: undefined, volume: 'keys', path: undefined, source: src(57, 25, 57, 32), owner },
      { kind: 'ConfigMap', name: 'picked-cm', namespace: 'matrix', via: 'volume', optional: false, key: 'a.yaml', volume: 'picked', path: 'a.yaml', source: src(63, 22, 63, 28), owner },
      { kind: 'ConfigMap', name: 'proj-cm', namespace: 'matrix', via: 'projected', optional: false, key: undefined, volume: 'proj', path: undefined, source: src(69, 25, 69, 32), owner },
      { kind: 'Secret', name: 'proj-secret', namespace: 'matrix', via: 'projected', optional: false, key: undefined, volume: 'proj', path: undefined, source: src(71, 25, 71, 36), owner },
    ]);
  });

  it('finds pod templates of every workload kind', () => {
    const text = [
      'apiVersion: batch/v1', //                        1
      'kind: CronJob', //                               2
      'metadata: {name: nightly, namespace: ops}', //   3
      'spec:', //                                       4
      '  jobTemplate:', //                              5
      '    spec:', //                                   6
      '      template:', //                             7
      '        metadata: {labels: {job: nightly}}', //  8
      '        spec:', //                               9
      '          containers: [{name: run, image: x}]', // 10
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p, labels: {a: b}}',
      'spec: {containers: [{name: c}]}',
      '---',
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: {name: s}',
      'spec:',
      '  serviceName: s-headless',
      '  template: {spec: {containers: [{name: c}]}}',
      '---',
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'metadata: {name: d}',
      'spec: {replicas: 5, template: {spec: {containers: [{name: c}]}}}',
      '---',
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata: {name: j}',
      'spec: {template: {spec: {containers: [{name: c}]}}}',
      '---',
      'apiVersion: apps/v1',
      'kind: ReplicaSet',
      'metadata: {name: r}',
      'spec: {replicas: 2, template: {spec: {containers: [{name: c}]}}}',
      '---',
      'apiVersion: v1',
      'kind: ReplicationController',
      'metadata: {name: rc}',
      'spec: {template: {spec: {containers: [{name: c}]}}}',
    ].join('\n');
    const r = parse(text);
    expect(r.problems).toEqual([]);
    expect(r.workloads.map((x) => [x.kind, x.name, x.namespace, x.replicas?.value, x.containers.map((c) => c.name).join()])).toEqual([
      ['CronJob', 'nightly', 'ops', undefined, 'run'],
      ['Pod', 'p', 'matrix', undefined, 'c'],
      ['StatefulSet', 's', 'matrix', undefined, 'c'],
      ['DaemonSet', 'd', 'matrix', undefined, 'c'],
      ['Job', 'j', 'matrix', undefined, 'c'],
      ['ReplicaSet', 'r', 'matrix', 2, 'c'],
      ['ReplicationController', 'rc', 'matrix', undefined, 'c'],
    ]);
    const cron = r.workloads[0]!;
    expect(cron.source).toEqual(src(3, 18, 3, 25));
    expect(cron.podLabels).toEqual({ job: { value: 'nightly', source: src(8, 34, 8, 41) } });
    expect(cron.containers[0]!.source).toEqual(src(10, 24, 10, 45));
    expect(r.workloads[1]!.podLabels['a']?.value).toBe('b');
    expect(r.workloads[2]!.serviceName).toEqual({ value: 's-headless', source: src(21, 16, 21, 26) });
  });
});

describe('parseKubernetes: services, ingresses, config objects, autoscalers', () => {
  it('reads Service ports, selector and headless', () => {
    const text = [
      'apiVersion: v1', //                 1
      'kind: Service', //                  2
      'metadata:', //                      3
      '  name: synapse-sync', //           4
      '  namespace: other', //             5
      'spec:', //                          6
      '  clusterIP: None', //              7
      '  selector:', //                    8
      '    app: synapse', //               9
      '  ports:', //                       10
      '    - name: http', //               11
      '      port: 8083', //               12
      '      targetPort: http', //         13
      '    - port: 9093', //               14
      '---', //                            15
      'apiVersion: v1', //                 16
      'kind: Service', //                  17
      'metadata: {name: external}', //     18
      'spec:', //                          19
      '  type: NodePort', //               20
      '  ports: [{port: 80, targetPort: 8080, protocol: UDP}]', // 21
    ].join('\n');
    const r = parse(text);
    expect(r.services).toHaveLength(2);
    const [a, b] = r.services;
    expect(a!.namespace).toBe('other');
    expect(a!.type).toBe('ClusterIP');
    expect(a!.headless).toBe(true);
    expect(a!.selector).toEqual({ app: { value: 'synapse', source: src(9, 10, 9, 17) } });
    expect(a!.ports).toEqual([
      { name: 'http', port: 8083, targetPort: 'http', protocol: 'TCP', source: src(11, 7, 13, 23), targetPortSource: src(13, 19, 13, 23) },
      { name: undefined, port: 9093, targetPort: 9093, protocol: 'TCP', source: src(14, 7, 14, 17), targetPortSource: src(14, 7, 14, 17) },
    ]);
    expect(b!.type).toBe('NodePort');
    expect(b!.headless).toBe(false);
    expect(b!.selector).toBeUndefined();
    expect(b!.ports).toEqual([
      { name: undefined, port: 80, targetPort: 8080, protocol: 'UDP', source: src(21, 11, 21, 54), targetPortSource: src(21, 34, 21, 38) },
    ]);
  });

  it('reads networking.k8s.io/v1 and legacy Ingress backends', () => {
    const text = [
      'apiVersion: networking.k8s.io/v1', //  1
      'kind: Ingress', //                     2
      'metadata: {name: matrix}', //          3
      'spec:', //                             4
      '  defaultBackend:', //                 5
      '    service: {name: fallback, port: {number: 80}}', // 6
      '  rules:', //                          7
      '    - host: matrix.example.com', //    8
      '      http:', //                       9
      '        paths:', //                    10
      '          - path: /', //               11
      '            pathType: Prefix', //      12
      '            backend:', //              13
      '              service:', //            14
      '                name: haproxy', //     15
      '                port:', //             16
      '                  name: http', //      17
      '---', //                               18
      'apiVersion: extensions/v1beta1', //    19
      'kind: Ingress', //                     20
      'metadata: {name: old}', //             21
      'spec:', //                             22
      '  rules:', //                          23
      '    - http:', //                       24
      '        paths:', //                    25
      '          - path: /_matrix', //        26
      '            backend: {serviceName: synapse, servicePort: 8008}', // 27
    ].join('\n');
    const r = parse(text);
    expect(r.problems).toEqual([]);
    expect(r.ingresses.map((i) => i.name)).toEqual(['matrix', 'old']);
    expect(r.ingresses[0]!.backends).toEqual([
      {
        host: undefined,
        path: undefined,
        pathType: undefined,
        serviceName: { value: 'fallback', source: src(6, 21, 6, 29) },
        servicePort: { value: 80, source: src(6, 46, 6, 48) },
        source: src(6, 5, 6, 50),
      },
      {
        host: 'matrix.example.com',
        path: '/',
        pathType: 'Prefix',
        serviceName: { value: 'haproxy', source: src(15, 23, 15, 30) },
        servicePort: { value: 'http', source: src(17, 25, 17, 29) },
        source: src(11, 13, 17, 29),
      },
    ]);
    expect(r.ingresses[1]!.backends).toEqual([
      {
        host: undefined,
        path: '/_matrix',
        pathType: undefined,
        serviceName: { value: 'synapse', source: src(27, 36, 27, 43) },
        servicePort: { value: 8008, source: src(27, 58, 27, 62) },
        source: src(26, 13, 27, 63),
      },
    ]);
  });

  it('reads ConfigMap and Secret data with block-scalar mapping', () => {
    const text = [
      'apiVersion: v1', //                   1
      'kind: ConfigMap', //                  2
      'metadata: {name: cfg}', //            3
      'data:', //                            4
      '  literal.yaml: |', //                5
      '    a: 1', //                         6
      '      b: 2', //                       7
      '  strip: |-', //                      8
      '', //                                 9
      '      indented', //                   10
      '  folded: >', //                      11
      '    one', //                          12
      '    two', //                          13
      '  flow: "x\\ny"', //                  14
      '  plain: 8080', //                    15
      'binaryData:', //                      16
      '  blob: AAEC', //                     17
      '---', //                              18
      'apiVersion: v1', //                   19
      'kind: Secret', //                     20
      'metadata: {name: sec}', //            21
      'data:', //                            22
      '  password: c2VjcmV0', //             23
      'stringData:', //                      24
      '  config.yaml: |', //                 25
      '    key: value', //                   26
    ].join('\n');
    const r = parse(text);
    expect(r.problems).toEqual([]);
    const [cm, secret] = r.configObjects;
    expect(cm!.kind).toBe('ConfigMap');
    expect(cm!.data).toEqual({
      blob: { value: '', source: src(17, 9, 17, 13), contentStart: undefined },
      'literal.yaml': { value: 'a: 1\n  b: 2\n', source: src(5, 17, 7, 11), contentStart: { line: 6, column: 5, indent: 4 } },
      strip: { value: '\nindented', source: src(8, 10, 10, 15), contentStart: { line: 9, column: 7, indent: 6 } },
      folded: { value: 'one two\n', source: src(11, 11, 13, 8), contentStart: undefined },
      flow: { value: 'x\ny', source: src(14, 9, 14, 15), contentStart: undefined },
      plain: { value: '8080', source: src(15, 10, 15, 14), contentStart: undefined },
    });
    expect(secret!.kind).toBe('Secret');
    expect(secret!.data).toEqual({
      password: { value: 'c2VjcmV0', source: src(23, 13, 23, 21), contentStart: undefined },
      'config.yaml': { value: 'key: value\n', source: src(25, 16, 26, 15), contentStart: { line: 26, column: 5, indent: 4 } },
    });
  });

  it('reads HorizontalPodAutoscalers (v1 and v2)', () => {
    const text = [
      'apiVersion: autoscaling/v2', //  1
      'kind: HorizontalPodAutoscaler', // 2
      'metadata: {name: sync}', //      3
      'spec:', //                       4
      '  scaleTargetRef:', //           5
      '    apiVersion: apps/v1', //     6
      '    kind: StatefulSet', //       7
      '    name: synapse-sync', //      8
      '  minReplicas: 2', //            9
      '  maxReplicas: 10', //           10
      '---', //                         11
      'apiVersion: autoscaling/v1', //  12
      'kind: HorizontalPodAutoscaler', // 13
      'metadata: {name: gen}', //       14
      'spec: {scaleTargetRef: {kind: Deployment, name: g}, maxReplicas: 4}', // 15
    ].join('\n');
    const r = parse(text);
    expect(r.autoscalers).toHaveLength(2);
    expect(r.autoscalers[0]!.target).toEqual({ kind: 'StatefulSet', name: 'synapse-sync', source: src(8, 11, 8, 23) });
    expect(r.autoscalers[0]!.minReplicas).toEqual({ value: 2, source: src(9, 16, 9, 17) });
    expect(r.autoscalers[0]!.maxReplicas).toEqual({ value: 10, source: src(10, 16, 10, 18) });
    expect(r.autoscalers[1]!.minReplicas).toBeUndefined();
    expect(r.autoscalers[1]!.target.name).toBe('g');
    expect(r.autoscalers[1]!.maxReplicas.value).toBe(4);
  });
});

describe('parseKubernetes: YAML structure', () => {
  it('expands List kinds into their items', () => {
    const text = [
      'apiVersion: v1', //          1
      'kind: List', //              2
      'items:', //                  3
      '  - apiVersion: v1', //      4
      '    kind: Service', //       5
      '    metadata:', //           6
      '      name: a', //           7
      '  - apiVersion: v1', //      8
      '    kind: ConfigMap', //     9
      '    metadata:', //           10
      '      name: b', //           11
      '    data: {k: v}', //        12
    ].join('\n');
    const r = parse(text);
    expect(r.format).toBe('kubernetes');
    expect(r.resources.map((x) => [x.kind, x.name, x.source.line, x.source.column])).toEqual([
      ['Service', 'a', 7, 13],
      ['ConfigMap', 'b', 11, 13],
    ]);
    expect(r.resources[1]!.documentSource).toEqual(src(8, 5, 12, 17));
    expect(r.services).toHaveLength(1);
    expect(r.configObjects[0]!.data['k']?.value).toBe('v');
  });

  it('resolves anchors, aliases and merge keys; positions stay where written', () => {
    const text = [
      'apiVersion: apps/v1', //                   1
      'kind: Deployment', //                      2
      'metadata:', //                             3
      '  name: &n web', //                        4
      '  labels: &labels', //                     5
      '    app: web', //                          6
      '    tier: front', //                       7
      'spec:', //                                 8
      '  template:', //                           9
      '    metadata:', //                         10
      '      labels:', //                         11
      '        <<: *labels', //                   12
      '        tier: back', //                    13
      '    spec:', //                             14
      '      containers:', //                     15
      '        - name: *n', //                    16
      '          image: x', //                    17
      '---', //                                   18
      'apiVersion: v1', //                        19
      'kind: Service', //                         20
      'metadata: {name: web}', //                 21
      'spec:', //                                 22
      '  selector: *labels', //                   23
    ].join('\n');
    const r = parse(text);
    expect(r.problems).toEqual([]);
    const w = r.workloads[0]!;
    expect(w.name).toBe('web');
    expect(w.podLabels).toEqual({
      tier: { value: 'back', source: src(13, 15, 13, 19) },
      app: { value: 'web', source: src(6, 10, 6, 13) },
    });
    expect(w.containers[0]!.name).toBe('web');
    // An alias in another document does not resolve (anchors are per document).
    expect(r.services[0]!.selector).toBeUndefined();
  });

  it('reports a syntax error in one document and still reads the others', () => {
    const text = [
      'apiVersion: v1', //                 1
      'kind: ConfigMap', //                2
      'metadata: {name: first}', //        3
      '---', //                            4
      'apiVersion: v1', //                 5
      'kind: ConfigMap', //                6
      'metadata:', //                      7
      '  name: broken', //                 8
      '  labels: {a: b', //                9
      'data:', //                          10
      '  k: v', //                         11
      '---', //                            12
      'apiVersion: v1', //                 13
      'kind: ConfigMap', //                14
      'metadata: {name: third}', //        15
    ].join('\n');
    const r = parse(text);
    expect(r.format).toBe('kubernetes');
    expect(r.resources.map((x) => x.name)).toEqual(['first', 'third']);
    expect(r.resources[1]!.source).toEqual(src(15, 18, 15, 23));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.kind).toBe('parse-error');
    expect(r.problems[0]!.message).toMatch(/^YAML syntax error: /);
    expect(r.problems[0]!.source.line).toBe(10);
    expect(r.problems[0]!.source.column).toBe(1);
  });

  it('reports duplicate keys and keeps the last value', () => {
    const r = parse(['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: a', '  name: b'].join('\n'));
    expect(r.resources.map((x) => x.name)).toEqual(['b']);
    expect(r.problems).toEqual([
      {
        kind: 'parse-error',
        message: 'YAML duplicate key: name is already defined in this mapping (the last value is used here; kubectl rejects it).',
        source: src(5, 3, 5, 7),
      },
    ]);
  });

  it('reports tabs used as indentation', () => {
    const r = parse('apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n');
    expect(r.format).toBe('kubernetes');
    expect(r.resources).toEqual([]);
    expect(r.problems.map((p) => [p.kind, p.source.line, p.source.column])).toEqual([['parse-error', 4, 1]]);
  });

  it('reports an object without metadata.name', () => {
    const r = parse('apiVersion: v1\nkind: Service\nmetadata: {}\n');
    expect(r.format).toBe('kubernetes');
    expect(r.resources).toEqual([]);
    expect(r.problems).toEqual([
      {
        kind: 'parse-error',
        message: 'Service has no metadata.name; Kubernetes rejects objects without a name, so it is ignored.',
        source: src(2, 7, 2, 14),
      },
    ]);
  });

  it('keeps CRLF and BOM positions as an editor shows them', () => {
    const text = '\uFEFFapiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\ndata:\r\n  a.yaml: |\r\n    x: 1\r\n    y: 2\r\n';
    const r = parse(text);
    expect(r.problems).toEqual([]);
    const cm = r.configObjects[0]!;
    expect(cm.source).toEqual(src(4, 9, 4, 13));
    expect(cm.documentSource).toEqual(src(1, 1, 8, 9));
    expect(cm.data['a.yaml']).toEqual({ value: 'x: 1\ny: 2\n', source: src(6, 11, 8, 9), contentStart: { line: 7, column: 5, indent: 4 } });
  });

  it('skips empty documents and non-object documents', () => {
    const r = parse('---\n# only a comment\n---\n- a list\n---\njust a string\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: matrix}\n');
    expect(r.format).toBe('kubernetes');
    expect(r.problems).toEqual([]);
    expect(r.resources.map((x) => [x.kind, x.name, x.source.line])).toEqual([['Namespace', 'matrix', 10]]);
  });
});

describe('parseKubernetes: file formats', () => {
  it('skips Helm templates with a skipped-file problem at the template', () => {
    const text = [
      'apiVersion: apps/v1', //                                1
      'kind: Deployment', //                                   2
      'metadata:', //                                          3
      '  name: {{ include "app.fullname" . }}', //             4
      '  labels:', //                                          5
      '    {{- include "app.labels" . | nindent 4 }}', //      6
    ].join('\n');
    const r = parse(text);
    expect(r.format).toBe('templated');
    expect(r.resources).toEqual([]);
    expect(r.problems).toEqual([
      {
        kind: 'skipped-file',
        message:
          'Skipped: template syntax `{{ include "app.fullname" . }}` at line 4 (Helm/Go template); templated manifests are not Kubernetes YAML until rendered.',
        source: src(4, 9, 4, 39),
      },
    ]);
  });

  it('skips Helm templates whose actions are all inside quoted strings', () => {
    const r = parse('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "{{ .Release.Name }}-cfg"\n');
    expect(r.format).toBe('templated');
    expect(r.problems[0]!.source).toEqual(src(4, 10, 4, 29));
  });

  it('reads a plain manifest whose annotation quotes Helm template text', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  template:',
      '    metadata:',
      '      annotations: {checksum/config: "{{ .Values.cfg | sha256sum }}"}',
      '    spec:',
      '      containers: [{name: web, image: web:1}]',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: web}',
      'spec: {selector: {app: web}, ports: [{port: 80}]}',
    ].join('\n');
    const r = parse(text);
    expect(r.format).toBe('kubernetes');
    expect(r.resources.map((ref) => `${ref.kind}/${ref.name}`)).toEqual(['Deployment/web', 'Service/web']);
  });

  it('does not mistake template text in data or comments for a Helm template', () => {
    const text = [
      '# rendered from {{ .Values.x }} by hand',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: alerts}',
      'data:',
      '  rules.yaml: |',
      '    summary: "{{ $labels.instance }} is down"',
      '  worker.j2: "worker_name: {{ name }}"',
    ].join('\n');
    const r = parse(text);
    expect(r.format).toBe('kubernetes');
    expect(r.problems).toEqual([]);
    expect(r.configObjects[0]!.data['worker.j2']?.value).toBe('worker_name: {{ name }}');
  });

  it('leaves non-Kubernetes YAML alone', () => {
    const compose = 'services:\n  synapse:\n    image: matrixdotorg/synapse\n    ports:\n      - "8008:8008"\n';
    const kustomization = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - a.yaml\n';
    const values = 'replicaCount: 2\nimage:\n  tag: v1\n';
    const workflow = 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ toJson(github) }}\n';
    const brokenValues = 'a: [\n';
    for (const text of [compose, kustomization, values, workflow, brokenValues, '', '\n\n# nothing\n']) {
      const r = parse(text);
      expect(r.format).toBe('other');
      expect(r.problems).toEqual([]);
      expect(r.resources).toEqual([]);
    }
  });

  it('turns binary junk into a skipped file without throwing', () => {
    let junk = '';
    for (let i = 0; i < 5000; i++) junk += String.fromCharCode((i * 7919) % 256);
    const r = parse(junk);
    expect(r.format).toBe('other');
    expect(r.problems.map((p) => p.kind)).toEqual(['skipped-file']);
  });

  it('terminates quickly on an alias bomb', () => {
    let bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n  labels: &a0 {a: b}\ndata:\n';
    bomb += '  l0: &l0 [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 40; i++) bomb += `  l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]\n`;
    bomb += 'spec:\n  <<: [*l39]\n';
    const start = Date.now();
    const r = parse(bomb);
    expect(Date.now() - start).toBeLessThan(2000);
    expect(r.resources.map((x) => x.name)).toEqual(['bomb']);
    expect(Object.keys(r.configObjects[0]!.data)).toEqual([]);
  });

  it('refuses pathological nesting before parsing', () => {
    const r = parse(`a: ${'['.repeat(100_000)}`);
    expect(r.format).toBe('other');
    expect(r.problems.map((p) => p.kind)).toEqual(['skipped-file']);
  });

  it('uses the default namespace only when metadata.namespace is absent', () => {
    const r = parseKubernetes(FILE, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: kube-system}\n', {
      defaultNamespace: 'default',
    });
    expect(r.resources.map((x) => x.namespace)).toEqual(['default', 'kube-system']);
  });
});

describe('parseKubernetes: container details', () => {
  const text = [
    'apiVersion: apps/v1', //                                 1
    'kind: StatefulSet', //                                   2
    'metadata: { name: ev }', //                              3
    'spec:', //                                               4
    '  template:', //                                         5
    '    spec:', //                                           6
    '      containers:', //                                   7
    '        - name: synapse', //                             8
    '          image: synapse:v1', //                         9
    '          env:', //                                      10
    '            - name: POD_NAME', //                        11
    '              valueFrom:', //                            12
    '                fieldRef: { fieldPath: metadata.name }', // 13
    '            - name: MODE', //                            14
    '              value: worker', //                         15
    '          volumeMounts:', //                             16
    '            - name: config', //                          17
    '              mountPath: /etc/haproxy', //               18
    '              readOnly: true', //                        19
    '          resources:', //                                20
    '            limits: { memory: 1Gi }', //                 21
    '',
  ].join('\n');
  const [container] = parse(text).workloads[0]!.containers;

  it('reads env values and the pod fields they come from', () => {
    expect(container!.env).toEqual([
      { name: 'POD_NAME', value: undefined, fieldPath: 'metadata.name', source: src(11, 15, 13, 55) },
      { name: 'MODE', value: { value: 'worker', source: src(15, 22, 15, 28) }, fieldPath: undefined, source: src(14, 15, 15, 28) },
    ]);
  });

  it('reads volume mounts, resources and where the image is written', () => {
    expect(container!.volumeMounts).toEqual([
      { name: 'config', mountPath: { value: '/etc/haproxy', source: src(18, 26, 18, 38) }, subPath: undefined, readOnly: true, source: src(17, 15, 19, 29) },
    ]);
    expect(container!.resources.limits.memory?.value).toBe('1Gi');
    expect(container!.imageSource).toEqual(src(9, 18, 9, 28));
    expect(container!.init).toBe(false);
  });
});

describe('parseKubernetes: YAML that kubectl accepts', () => {
  it('reads a quoted string whose closing quote sits at its key, with a warning on that line', () => {
    const text = [
      'apiVersion: v1', //          1
      'kind: ConfigMap', //         2
      'metadata:', //               3
      '  name: scripts', //         4
      'data:', //                   5
      "  run.sh: 'echo one", //     6
      '    echo two', //            7
      "  '", //                     8
      '  other: x', //              9
    ].join('\n');
    const r = parse(text);
    expect(r.format).toBe('kubernetes');
    expect(Object.keys(r.configObjects[0]!.data)).toEqual(['run.sh', 'other']);
    expect(r.problems.map((problem) => `${problem.kind} ${problem.severity} ${problem.source.line}`)).toEqual(['parse-error warning 8']);
  });
});

describe('objects created at runtime: what the parser keeps for the runtime tables', () => {
  it('keeps custom resources of operators with their spec, not Kubernetes kinds', () => {
    const file = parse(
      [
        'apiVersion: postgresql.cnpg.io/v1', // 1
        'kind: Cluster', //                     2
        'metadata:', //                         3
        '  name: ledger', //                    4
        'spec:', //                             5
        '  instances: 3', //                    6
        '  managed: { services: { disabledDefaultServices: [r] } }',
        '---',
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata: { name: deny }',
        '',
      ].join('\n'),
    );
    expect(file.customResources.map(({ kind, name, namespace, source, spec }) => ({ kind, name, namespace, source, spec }))).toEqual([
      { kind: 'Cluster', name: 'ledger', namespace: 'matrix', source: src(4, 9, 4, 15), spec: { instances: 3, managed: { services: { disabledDefaultServices: ['r'] } } } },
    ]);
    expect(file.values).toBeUndefined();
  });

  it('reads YAML that is not Kubernetes as Helm values, flattened to dotted paths', () => {
    const file = parse(['fullnameOverride: cache', 'sentinel:', '  enabled: true', '  quorum: 2', 'replica: { extraFlags: [--maxmemory, 1gb] }', ''].join('\n'));
    expect(file.format).toBe('other');
    expect(file.values).toEqual({ fullnameOverride: 'cache', 'sentinel.enabled': true, 'sentinel.quorum': 2, 'replica.extraFlags': ['--maxmemory', '1gb'] });
    expect(parse('- a\n- b\n').values).toBeUndefined();
  });

  it('gives up on values that aliases blow up into a huge tree', () => {
    const levels = ['l0: &l0 {}', ...Array.from({ length: 40 }, (_, index) => `l${index + 1}: &l${index + 1} { a: *l${index}, b: *l${index} }`)];
    expect(parse(`${levels.join('\n')}\n`).values).toBeUndefined();
  });
});

describe('parseKubernetes: NetworkPolicies, PodDisruptionBudgets and monitors', () => {
  const text = [
    'apiVersion: networking.k8s.io/v1', //  1
    'kind: NetworkPolicy', //  2
    'metadata: {name: db}', //  3
    'spec:', //  4
    '  podSelector:', //  5
    '    matchLabels: {app: db}', //  6
    '  ingress:', //  7
    '    - from:', //  8
    '        - podSelector:', //  9
    '            matchExpressions:', // 10
    '              - {key: tier, operator: In, values: [web, api]}', // 11
    '          namespaceSelector: {matchLabels: {team: shop}}', // 12
    '        - ipBlock: {cidr: 10.0.0.0/8}', // 13
    '  egress:', // 14
    '    - to: [{podSelector: {}}]', // 15
    '---', // 16
    'apiVersion: policy/v1', // 17
    'kind: PodDisruptionBudget', // 18
    'metadata: {name: db, namespace: data}', // 19
    'spec: {minAvailable: 1, selector: {matchLabels: {app: db}}}', // 20
    '---', // 21
    'apiVersion: monitoring.coreos.com/v1', // 22
    'kind: ServiceMonitor', // 23
    'metadata: {name: web}', // 24
    'spec:', // 25
    '  namespaceSelector: {matchNames: [shop]}', // 26
    '  selector: {matchLabels: {app: web}}', // 27
    '  endpoints: [{port: metrics}, {targetPort: 9090}]', // 28
    '---', // 29
    'apiVersion: monitoring.coreos.com/v1', // 30
    'kind: PodMonitor', // 31
    'metadata: {name: db}', // 32
    'spec: {selector: {matchLabels: {app: db}}, podMetricsEndpoints: [{port: pg}]}', // 33
  ].join('\n');

  it('reads selectors with matchLabels, matchExpressions and where they are written', () => {
    const r = parse(text);
    const [policy] = r.networkPolicies;
    expect(policy!.podSelector!.matchLabels['app']).toEqual({ value: 'db', source: src(6, 24, 6, 26) });
    expect(policy!.peers.map((peer) => [peer.direction, peer.source.line, peer.podSelector?.matchExpressions, peer.namespaceSelector?.matchLabels['team']?.value])).toEqual([
      ['ingress', 9, [{ key: 'tier', operator: 'In', values: ['web', 'api'], source: src(11, 17, 11, 62) }], 'shop'],
      ['egress', 15, [], undefined],
    ]);
    expect(r.disruptionBudgets.map((budget) => [budget.namespace, budget.selector?.matchLabels['app']?.value])).toEqual([['data', 'db']]);
  });

  it('reads ServiceMonitor and PodMonitor selectors, namespaces and endpoint port names', () => {
    const [service, pod] = parse(text).monitors;
    expect(service!.kind).toBe('ServiceMonitor');
    expect(service!.namespaces).toEqual({ any: false, matchNames: ['shop'] });
    expect(service!.endpoints.map((endpoint) => endpoint.port?.value)).toEqual(['metrics', undefined]);
    expect(pod!.kind).toBe('PodMonitor');
    expect(pod!.namespaces).toBeUndefined();
    expect(pod!.endpoints.map((endpoint) => endpoint.port?.value)).toEqual(['pg']);
  });
});
