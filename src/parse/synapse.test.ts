import { describe, expect, it } from 'vitest';
import { parseKubernetes } from './kubernetes.ts';
import { extractSynapseConfigs, findHeredocs, mentionsSynapseKeys } from './synapse.ts';

const FILE = 'deployment/manifests/synapse.yaml';
const src = (line: number, column: number, endLine: number, endColumn: number) => ({ file: FILE, line, column, endLine, endColumn });
const extract = (text: string) => {
  const k8s = parseKubernetes(FILE, text, { defaultNamespace: 'matrix' });
  expect(k8s.problems).toEqual([]);
  return extractSynapseConfigs(k8s);
};

const CONFIGMAP = [
  'apiVersion: v1', //                                            1
  'kind: ConfigMap', //                                           2
  'metadata:', //                                                 3
  '  name: synapse-config', //                                    4
  'data:', //                                                     5
  '  homeserver.yaml: |', //                                      6
  '    server_name: matrix.example.com', //                       7
  '    listeners:', //                                            8
  '      - port: 8008', //                                        9
  '        type: http', //                                        10
  "        bind_addresses: ['0.0.0.0']", //                       11
  '        resources:', //                                        12
  '          - names: [client, federation]', //                   13
  '          - names: [metrics]', //                              14
  '    instance_map:', //                                         15
  '      main:', //                                               16
  '        host: synapse-main.matrix.svc.cluster.local', //       17
  '        port: 9093', //                                        18
  '      event-persister-0:', //                                  19
  '        path: /run/synapse/ep0.sock', //                       20
  '    stream_writers:', //                                       21
  '      events: [event-persister-0, event-persister-1]', //     22
  '      typing: master', //                                      23
  '    federation_sender_instances:', //                          24
  '      - fed-sender-0', //                                      25
  '    enable_media_repo: no', //                                 26
  '    redis:', //                                                27
  '      enabled: true', //                                       28
  '    pusher_instances: [pusher-0]', //                          29
  '  log.yaml: |', //                                             30
  '    version: 1', //                                            31
  '    root: {level: INFO}', //                                   32
  '  flow.yaml: "worker_app: synapse.app.generic_worker\\nworker_name: flow-1\\n"', // 33
].join('\n');

describe('extractSynapseConfigs: ConfigMaps', () => {
  const { configs, problems } = extract(CONFIGMAP);

  it('finds Synapse keys and skips other YAML', () => {
    expect(problems).toEqual([]);
    expect(configs.map((c) => c.origin)).toEqual([
      { type: 'configmap', configMap: 'synapse-config', namespace: 'matrix', key: 'homeserver.yaml' },
      { type: 'configmap', configMap: 'synapse-config', namespace: 'matrix', key: 'flow.yaml' },
    ]);
  });

  it('maps block-scalar positions line for line into the manifest', () => {
    const hs = configs[0]!;
    expect(hs.source).toEqual(src(6, 20, 29, 33));
    expect(hs.workerApp).toBeUndefined();
    expect(hs.instanceMap).toEqual([
      {
        name: { value: 'main', source: src(16, 7, 16, 11) },
        host: { value: 'synapse-main.matrix.svc.cluster.local', source: src(17, 15, 17, 52) },
        port: { value: 9093, source: src(18, 15, 18, 19) },
        path: undefined,
        source: src(16, 7, 18, 19),
      },
      {
        name: { value: 'event-persister-0', source: src(19, 7, 19, 24) },
        host: undefined,
        port: undefined,
        path: { value: '/run/synapse/ep0.sock', source: src(20, 15, 20, 36) },
        source: src(19, 7, 20, 36),
      },
    ]);
    expect(hs.listeners).toEqual([
      {
        port: { value: 8008, source: src(9, 15, 9, 19) },
        type: 'http',
        bindAddresses: ['0.0.0.0'],
        resources: [
          { value: 'client', source: src(13, 21, 13, 27) },
          { value: 'federation', source: src(13, 29, 13, 39) },
          { value: 'metrics', source: src(14, 21, 14, 28) },
        ],
        source: src(9, 9, 14, 29),
      },
    ]);
  });

  it('reads stream writers, federation senders and settings', () => {
    const hs = configs[0]!;
    expect(hs.streamWriters).toEqual([
      {
        stream: { value: 'events', source: src(22, 7, 22, 13) },
        writers: [
          { value: 'event-persister-0', source: src(22, 16, 22, 33) },
          { value: 'event-persister-1', source: src(22, 35, 22, 52) },
        ],
      },
      { stream: { value: 'typing', source: src(23, 7, 23, 13) }, writers: [{ value: 'master', source: src(23, 15, 23, 21) }] },
    ]);
    expect(hs.federationSenderInstances).toEqual([{ value: 'fed-sender-0', source: src(25, 9, 25, 21) }]);
    expect(hs.settings).toEqual({
      server_name: { value: 'matrix.example.com', source: src(7, 18, 7, 36) },
      // PyYAML reads YAML 1.1: `no` is false.
      enable_media_repo: { value: false, source: src(26, 24, 26, 26) },
      pusher_instances: { value: ['pusher-0'], source: src(29, 23, 29, 33) },
      redis: { value: { enabled: true }, source: src(28, 7, 28, 20) },
      'redis.enabled': { value: true, source: src(28, 16, 28, 20) },
    });
  });

  it('anchors a flow-scalar config at the data value', () => {
    const flow = configs[1]!;
    const anchor = src(33, 14, 33, 77);
    expect(flow.source).toEqual(anchor);
    expect(flow.workerApp).toEqual({ value: 'synapse.app.generic_worker', source: anchor });
    expect(flow.workerName).toEqual({ value: 'flow-1', source: anchor });
  });

  it('maps the same positions when the manifest has CRLF line ends', () => {
    const crlf = extract(CONFIGMAP.replace(/\n/g, '\r\n'));
    expect(crlf.configs[0]!.instanceMap[0]!.name).toEqual({ value: 'main', source: src(16, 7, 16, 11) });
    expect(crlf.configs[0]!.instanceMap).toEqual(configs[0]!.instanceMap);
    expect(crlf.configs[0]!.listeners).toEqual(configs[0]!.listeners);
  });

  it('reports a Synapse-looking key that is not valid YAML at its manifest line', () => {
    const text = [
      'apiVersion: v1', //                  1
      'kind: ConfigMap', //                 2
      'metadata: {name: broken}', //        3
      'data:', //                           4
      '  worker.yaml: |', //                5
      '    worker_app: synapse.app.generic_worker', // 6
      '    worker_listeners:', //            7
      '      - port: 8083', //               8
      '       type: http', //                9
      '  other.yaml: |', //                 10
      '    a: [', //                         11
    ].join('\n');
    const { configs: found, problems: errors } = extract(text);
    expect(found).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.kind).toBe('parse-error');
    expect(errors[0]!.message).toMatch(/^Synapse configuration in ConfigMap broken key worker\.yaml is not valid YAML: /);
    expect(errors[0]!.source.line).toBe(9);
  });
});

describe('extractSynapseConfigs: heredocs', () => {
  const text = [
    'apiVersion: apps/v1', //                                    1
    'kind: StatefulSet', //                                      2
    'metadata:', //                                              3
    '  name: synapse-event-persister', //                        4
    'spec:', //                                                  5
    '  template:', //                                            6
    '    spec:', //                                              7
    '      containers:', //                                      8
    '        - name: synapse', //                                9
    '          command: ["/bin/sh", "-c"]', //                   10
    '          args:', //                                        11
    '            - |', //                                        12
    '              set -eu', //                                  13
    "              cat > /conf/worker.yaml <<'EOF'", //          14
    '              worker_app: synapse.app.generic_worker', //   15
    '              worker_name: ${POD_NAME}', //                 16
    '              worker_listeners:', //                        17
    '                - type: http', //                           18
    '                  port: 9093', //                           19
    '                  resources:', //                           20
    '                    - names: [replication]', //             21
    '              EOF', //                                      22
    '              cat <<EOF > /conf/log.yaml', //               23
    '              version: 1', //                               24
    '              EOF', //                                      25
    '              exec python -m synapse.app.generic_worker', // 26
    '        - name: sidecar', //                                27
    '          args: ["-c", "cat <<EOF | tee /conf/w.yaml\\nworker_app: synapse.app.generic_worker\\nworker_name: $(POD_NAME)\\nEOF\\n"]', // 28
  ].join('\n');
  const { configs, problems } = extract(text);

  it('finds worker configs written by heredocs, with the target path', () => {
    expect(problems).toEqual([]);
    expect(configs.map((c) => c.origin)).toEqual([
      { type: 'heredoc', workload: 'synapse-event-persister', namespace: 'matrix', container: 'synapse', path: '/conf/worker.yaml', script: { index: 2, line: 2, expands: false } },
      { type: 'heredoc', workload: 'synapse-event-persister', namespace: 'matrix', container: 'sidecar', path: '/conf/w.yaml', script: { index: 1, line: 1, expands: true } },
    ]);
  });

  it('maps a heredoc inside a literal block arg line for line', () => {
    const w = configs[0]!;
    expect(w.source).toEqual(src(15, 15, 21, 43));
    expect(w.workerApp).toEqual({ value: 'synapse.app.generic_worker', source: src(15, 27, 15, 53) });
    expect(w.workerName).toEqual({ value: '${POD_NAME}', source: src(16, 28, 16, 39) });
    expect(w.listeners).toEqual([
      {
        port: { value: 9093, source: src(19, 25, 19, 29) },
        type: 'http',
        bindAddresses: [],
        resources: [{ value: 'replication', source: src(21, 31, 21, 42) }],
        source: src(18, 19, 21, 43),
      },
    ]);
  });

  it('anchors a heredoc inside a flow-scalar arg at the arg', () => {
    const w = configs[1]!;
    const anchor = src(28, 24, 28, 127);
    expect(w.source).toEqual(anchor);
    expect(w.workerName).toEqual({ value: '$(POD_NAME)', source: anchor });
  });

  it('maps <<- heredocs whose lines are indented with tabs', () => {
    const manifest = [
      'apiVersion: v1', //                       1
      'kind: Pod', //                            2
      'metadata: {name: p}', //                  3
      'spec:', //                                4
      '  containers:', //                        5
      '    - name: c', //                        6
      '      args:', //                          7
      '        - |', //                          8
      '          cat >/w.yaml <<-END', //        9
      '          \tworker_app: x', //            10
      '          \t\tworker_name: w1', //        11
      '          \tEND', //                      12
    ].join('\n');
    // worker_name indented by two tabs becomes top-level after <<- strips them: both keys at column 1 inside.
    const { configs: found } = extract(manifest);
    expect(found).toHaveLength(1);
    expect(found[0]!.origin).toEqual({ type: 'heredoc', workload: 'p', namespace: 'matrix', container: 'c', path: '/w.yaml', script: { index: 0, line: 1, expands: true } });
    expect(found[0]!.workerApp).toEqual({ value: 'x', source: src(10, 24, 10, 25) });
    expect(found[0]!.workerName).toEqual({ value: 'w1', source: src(11, 26, 11, 28) });
  });
});

describe('findHeredocs', () => {
  it('reads delimiters, bodies and targets', () => {
    const script = ['cat <<EOF >"/a b.yaml"', 'x: 1', 'EOF', 'cat <<< "here-string"', 'tee -a /t.yaml <<"X"', 'y', 'X', 'cat <<EOF', 'unterminated'].join('\n');
    // <<"X" and <<'EOF' (and <<\EOF) keep the body as written; <<EOF expands $… in it.
    expect(findHeredocs(script)).toEqual([
      { firstLine: 1, body: 'x: 1', columnShifts: undefined, expands: true, path: '/a b.yaml' },
      { firstLine: 5, body: 'y', columnShifts: undefined, expands: false, path: '/t.yaml' },
      { firstLine: 8, body: 'unterminated', columnShifts: undefined, expands: true, path: undefined },
    ]);
  });
});

describe('mentionsSynapseKeys', () => {
  it('needs a distinctive key', () => {
    expect(mentionsSynapseKeys('worker_app: x')).toBe(true);
    expect(mentionsSynapseKeys('{"instance_map": {}}')).toBe(true);
    expect(mentionsSynapseKeys('listeners:\n  - port: 1\n    resources: []')).toBe(true);
    expect(mentionsSynapseKeys('server_name: a\ndatabase: {}')).toBe(true);
    expect(mentionsSynapseKeys('server_name: a')).toBe(false);
    expect(mentionsSynapseKeys('version: 1\nroot: {}')).toBe(false);
  });
});
