/**
 * Arbitraries for realistic-but-broken docdrift inputs: Markdown docs, Kubernetes
 * manifests (with embedded Synapse config) and haproxy.cfg files. Built from the
 * constructs real deployment repos use, then damaged: unclosed fences and quotes,
 * bad indentation, tabs, stray separators, random unicode. Every input is bounded
 * (a few KB), so a property run stays fast and a hang shows as a test timeout.
 */
import { fc } from './setup.ts';

type Arb<T> = fc.Arbitrary<T>;

const join = (parts: readonly string[], sep = '') => parts.join(sep);

// ---------------------------------------------------------------------------
// Shared vocabulary
// ---------------------------------------------------------------------------

export const SERVICE_NAMES = ['synapse-main', 'synapse-sync-worker', 'synapse-generic-worker', 'synapse-federation-sender', 'haproxy', 'redis', 'postgres', 'mas'];
export const BACKEND_NAMES = ['sync-workers', 'generic-workers', 'media-repo-workers', 'synapse-main', 'room-pagination'];

const workerWords = fc.constantFrom(
  'synchrotron', 'synchrotrons', 'sync workers', 'sync worker', 'generic workers', 'federation sender', 'federation senders',
  'event persister', 'event persisters', 'event-creators', 'media-repo', 'media repository', 'typing writer', 'to-device',
  'receipts writer', 'client-reader', 'federation-inbound', 'user-dir', 'main process', 'initial synchrotron', 'pusher workers',
  'background worker', 'appservice worker', 'presence writer', 'account-data', 'Workers', 'writers',
);
const plainWords = fc.constantFrom(
  'the', 'Synapse', 'HAProxy', 'haproxy', 'Redis', 'PostgreSQL', 'nginx', 'ingress', 'load balancer', 'MAS', 'listens', 'on', 'port',
  'ports', 'replicas', 'pods', 'is', 'are', 'not', 'no', 'never', 'would', 'could', 'e.g.', 'for example', 'future', 'planned',
  'deployed', 'runs', 'serves', 'routes', 'to', 'via', 'behind', 'and', 'or', 'of', 'in', 'namespace', 'matrix', 'Service', 'Deployment',
  'StatefulSet', 'ConfigMap', 'Ingress', 'Table 2:', 'as follows:', '×2', 'x3', '(2-8 replicas)', 'between', 'up to',
);
const serviceWords = fc.constantFrom(...SERVICE_NAMES, ...BACKEND_NAMES);
const numbers = fc.oneof(
  fc.integer({ min: 0, max: 70000 }).map(String),
  fc.constantFrom('8008', '8080', '8083', '9093', '9000', '443', '0', '65535', '65536', '99999', '1-3', '2–4', '2..8', '007', '1e3', '3.5'),
);
const dnsNames = fc
  .tuple(
    fc.constantFrom('', '_http._tcp.'),
    serviceWords,
    fc.constantFrom('', '.matrix', '.default', '.kube-system'),
    fc.constantFrom('', '.svc', '.svc.cluster.local', '.svc.cluster.local.', '.svc.example.org', '.pod.cluster.local'),
    fc.constantFrom('', ':8008', ':8083', ':80', ':99999', ':', ':http'),
  )
  .map((parts) => join(parts));
const paths = fc.constantFrom(
  'deployment/manifests/04-synapse-main.yaml', '../config/haproxy.cfg', './missing.md#anchor', 'docs/x.md', '#section', '#',
  'http://example.com/x', 'https://matrix.org', 'mailto:a@b', 'file:///etc/passwd', '../../../../../etc/passwd', '', ' ', '%zz',
  'manifests/', 'a b.md', '<angle.md>', 'C:\\windows', 'x.yaml#L3', '/abs/path.yaml',
);
const arrows = fc.constantFrom('→', '->', '-->', '==>', '⟶', '──▶', '<->', '|', '▼', '=>', '- >');
/** Any code point, a few at a time: lone surrogates excluded by fast-check, controls included. */
const wildUnicode = fc.string({ unit: 'binary', maxLength: 6 });
const graphemes = fc.string({ unit: 'grapheme', maxLength: 6 });

// ---------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------

const kubectlLines = fc
  .tuple(
    fc.constantFrom('', '$ ', '# ', '> '),
    fc.constantFrom(
      'kubectl apply -f deployment/manifests/04-synapse-main.yaml',
      'kubectl apply -f manifests/',
      'kubectl -n matrix apply -k .',
      'kubectl -n matrix scale statefulset synapse-sync-worker --replicas=',
      'kubectl create configmap haproxy-config --from-file=config/haproxy.cfg',
      'kubectl create secret generic synapse-secrets --from-literal=x=y',
      'kubectl get pods -l app=synapse',
      'kubectl rollout restart deployment/synapse-main',
      'helm install synapse ./chart',
      'kubectl apply -f',
      'kubectl apply -f "quoted file.yaml" \\',
    ),
    fc.oneof(numbers, fc.constant(''), wildUnicode),
  )
  .map((parts) => join(parts));

const inlineToken: Arb<string> = fc.oneof(
  { weight: 6, arbitrary: plainWords },
  { weight: 4, arbitrary: workerWords },
  { weight: 3, arbitrary: serviceWords },
  { weight: 3, arbitrary: numbers },
  { weight: 2, arbitrary: dnsNames },
  { weight: 1, arbitrary: arrows },
  { weight: 2, arbitrary: fc.oneof(serviceWords, dnsNames, paths).map((s) => `\`${s}\``) },
  { weight: 2, arbitrary: fc.tuple(fc.oneof(plainWords, workerWords), paths).map(([t, p]) => `[${t}](${p})`) },
  { weight: 1, arbitrary: fc.tuple(plainWords, paths).map(([t, p]) => `![${t}](${p})`) },
  { weight: 1, arbitrary: fc.tuple(plainWords, fc.constantFrom('ref', 'x', 'Missing')).map(([t, r]) => `[${t}][${r}]`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('*', '**', '_', '__', '~~', '`', '``'), fc.oneof(workerWords, plainWords)).map(([m, t]) => `${m}${t}${m}`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '*', '_', '[', ']', '(', ')', '`', '\\', '\\|', '|', '&amp;', '&#0;', '&#x1F600;', '&bogus;', '<span>', '</span>', '<br>',
      '<!-- docdrift-disable-next-line -->', '<!--', '-->', '😀', 'é', 'e\u0301', '\u200b', '\u00a0', '\t', '  ', '\u2028', '\ufeff',
    ),
  },
  { weight: 1, arbitrary: wildUnicode },
  { weight: 1, arbitrary: graphemes },
);
const inlineText: Arb<string> = fc.array(inlineToken, { minLength: 1, maxLength: 10 }).chain((tokens) =>
  fc.array(fc.constantFrom(' ', ' ', ' ', '', '  ', ', ', '. ', ': ', ' — '), { minLength: tokens.length, maxLength: tokens.length }).map((seps) =>
    tokens.map((t, i) => (i === 0 ? t : seps[i] + t)).join(''),
  ),
);

const ruleIds = fc.constantFrom('', 'k8s/dangling-service', 'docs/port-mismatch', 'parse-error', 'bogus-rule', 'a,b', '-- because', '!!', 'docs/*');
const directive = fc
  .tuple(
    fc.constantFrom(
      'docdrift scope=future', 'docdrift scope=example', 'docdrift scope=historical', 'docdrift scope=current', 'docdrift scope=bogus',
      'docdrift scope:', 'docdrift', 'docdrift-disable-next-line', 'docdrift-disable', 'docdrift-enable', 'docdrift-disable-file',
      'docdrift-bogus', 'DOCDRIFT-DISABLE', 'not a directive',
    ),
    ruleIds,
    fc.constantFrom(' ', '\n', '  \n  ', ''),
  )
  .map(([head, ids, gap]) => `<!--${gap}${head} ${ids}${gap}-->`);

const tableRow = (cols: number): Arb<string> =>
  fc
    .tuple(
      fc.array(fc.oneof(inlineText, numbers, fc.constant(''), workerWords, fc.constant('\\|')), { minLength: Math.max(0, cols - 1), maxLength: cols + 1 }),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([cells, lead, trail]) => `${lead ? '| ' : ''}${cells.join(' | ')}${trail ? ' |' : ''}`);
const table: Arb<string> = fc.integer({ min: 1, max: 5 }).chain((cols) =>
  fc
    .tuple(
      fc.constantFrom('', 'Table 1: workers', 'Workers are as follows:'),
      fc.array(fc.constantFrom('Worker', 'Port', 'Replicas', 'Service', 'Backend', 'Endpoints', 'Kind', '', 'Count'), { minLength: cols, maxLength: cols }),
      fc.array(fc.constantFrom('---', ':--', ':-:', '--:', '-', ''), { minLength: cols, maxLength: cols }),
      fc.array(tableRow(cols), { maxLength: 6 }),
    )
    .map(([caption, header, align, rows]) =>
      [caption, `| ${header.join(' | ')} |`, `|${align.join('|')}|`, ...rows].filter((line, i) => i > 0 || line !== '').join('\n'),
    ),
);

const boxDiagram: Arb<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom('┌──────────────┐', '└──────────────┘', '│              │', '╔══════╗', '╚══════╝', '   │', '   ▼', '├──┬──┤'),
      fc.tuple(fc.oneof(workerWords, serviceWords, dnsNames), arrows, fc.oneof(workerWords, serviceWords), numbers).map(([a, arrow, b, n]) => `│ ${a} ×2 :${n} │ ${arrow} │ ${b} │`),
      fc.tuple(fc.oneof(serviceWords, workerWords), arrows, dnsNames).map(([a, arrow, b]) => `${a} ${arrow} ${b}`),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((lines) => lines.join('\n'));

const yamlishLine = fc.constantFrom(
  'apiVersion: v1', 'kind: Service', 'metadata:', '  name: synapse-main', '  replicas: 3', '    - port: 8008', 'worker_app: synapse.app.generic_worker',
  'worker_listeners:', '  - type: http', '    port: 8083', '\tbad: tab', 'key: [unclosed', '---', '...',
);
const codeLine = fc.oneof(kubectlLines, yamlishLine, inlineText, boxDiagram, fc.constantFrom('graph LR', '  A[sync] --> B[haproxy]', 'sequenceDiagram', '```', '~~~'));

const fence: Arb<string> = fc
  .tuple(
    fc.constantFrom('```', '~~~', '````', '``', '   ```', '    ```'),
    fc.constantFrom('', 'sh', 'bash', 'console', 'shell-session', 'yaml', 'text', 'mermaid', 'haproxy', 'sh {title="x"}', '`bad`'),
    fc.array(codeLine, { maxLength: 8 }),
    fc.boolean(),
  )
  .map(([marker, lang, lines, closed]) => [`${marker}${lang}`, ...lines, ...(closed ? [marker.trim()] : [])].join('\n'));

const listItem: Arb<string> = fc
  .tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom('-', '*', '+', '1.', '2)', '10.', '- [ ]', '- [x]'), inlineText, fc.boolean())
  .map(([depth, marker, text, lazy]) => `${'  '.repeat(depth)}${marker} ${text}${lazy ? `\n${text}` : ''}`);
const list: Arb<string> = fc.array(listItem, { minLength: 1, maxLength: 6 }).map((items) => items.join('\n'));

const blockquote: Arb<string> = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.array(fc.oneof(inlineText, listItem), { minLength: 1, maxLength: 3 }))
  .map(([depth, lines]) => lines.map((line) => `${'> '.repeat(depth)}${line}`).join('\n'));

const heading: Arb<string> = fc
  .tuple(fc.integer({ min: 1, max: 7 }), inlineText, fc.constantFrom('', ' #', ' ###', ' {#custom-id}'))
  .map(([depth, text, tail]) => `${'#'.repeat(depth)} ${text}${tail}`);
const setextHeading: Arb<string> = fc.tuple(inlineText, fc.constantFrom('===', '---', '=', '-')).map(([text, underline]) => `${text}\n${underline}`);

const htmlBlock: Arb<string> = fc
  .tuple(fc.constantFrom('<div>', '<details>\n<summary>x</summary>', '<table><tr><td>', '<pre>', '<!--', '<?php', '<![CDATA['), inlineText, fc.boolean())
  .map(([open, text, closed]) => `${open}\n${text}${closed ? `\n${open.startsWith('<!--') ? '-->' : '</div>'}` : ''}`);

const definition: Arb<string> = fc
  .tuple(fc.constantFrom('ref', 'x', 'Missing', 'REF'), paths, fc.constantFrom('', ' "title"', " 'title'", ' (title'))
  .map(([label, url, title]) => `[${label}]: ${url}${title}`);

/** Small doses of what the Markdown guard defuses: deep containers, long delimiter runs, bracket piles. */
const pathological: Arb<string> = fc.oneof(
  fc.integer({ min: 60, max: 90 }).map((n) => `${'> '.repeat(n)}deep`),
  fc.integer({ min: 60, max: 90 }).map((n) => `${'- '.repeat(n)}deep`),
  fc.integer({ min: 20, max: 70 }).map((n) => `${'*'.repeat(n)}x${'*'.repeat(n)}`),
  fc.integer({ min: 20, max: 200 }).map((n) => `${'[!['.repeat(n)}x`),
  fc.integer({ min: 20, max: 200 }).map((n) => `${'_a '.repeat(n)}`),
);

const frontmatter: Arb<string> = fc
  .tuple(
    fc.array(fc.constantFrom('title: Deployment guide', 'title:', 'tags: [a, b', 'x: &a [*a]', 'a: 1\na: 2', '- list', '\tbad: tab', 'description: "x"'), { maxLength: 4 }),
    fc.boolean(),
  )
  .map(([lines, closed]) => ['---', ...lines, ...(closed ? ['---'] : [])].join('\n'));

const markdownBlock: Arb<string> = fc.oneof(
  { weight: 5, arbitrary: fc.array(inlineText, { minLength: 1, maxLength: 4 }).map((l) => l.join('\n')) },
  { weight: 3, arbitrary: heading },
  { weight: 1, arbitrary: setextHeading },
  { weight: 3, arbitrary: table },
  { weight: 3, arbitrary: fence },
  { weight: 1, arbitrary: fc.array(codeLine, { minLength: 1, maxLength: 3 }).map((l) => l.map((x) => `    ${x}`).join('\n')) },
  { weight: 3, arbitrary: list },
  { weight: 2, arbitrary: blockquote },
  { weight: 3, arbitrary: directive },
  { weight: 1, arbitrary: htmlBlock },
  { weight: 2, arbitrary: boxDiagram },
  { weight: 2, arbitrary: kubectlLines },
  { weight: 1, arbitrary: definition },
  { weight: 1, arbitrary: fc.constantFrom('---', '***', '___', '- - -', '') },
  { weight: 1, arbitrary: pathological },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

const lineEnding = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');

/** Line endings of a text replaced: all LF, all CRLF, or mixed (a lone CR included). */
function withLineEndings(text: string, style: 'lf' | 'crlf' | 'mixed', picks: string[]): string {
  if (style === 'lf') return text;
  if (style === 'crlf') return text.replace(/\r?\n/g, '\r\n');
  let i = 0;
  return text.replace(/\n/g, () => picks[i++ % picks.length] ?? '\n');
}

/** A Markdown document: optional frontmatter and BOM, 0–14 blocks, any line endings. */
export const markdownDocument: Arb<string> = fc
  .tuple(
    fc.option(frontmatter, { freq: 5 }),
    fc.array(markdownBlock, { maxLength: 14 }),
    fc.array(fc.constantFrom('\n\n', '\n', '\n\n\n', '\n  \n'), { maxLength: 14 }),
    fc.constantFrom<'lf' | 'crlf' | 'mixed'>('lf', 'lf', 'crlf', 'mixed'),
    fc.array(lineEnding, { minLength: 1, maxLength: 8 }),
    fc.boolean(),
    fc.constantFrom('', '\n', '\n\n', '\r\n'),
  )
  .map(([front, blocks, seps, style, picks, bom, tail]) => {
    let body = front === null ? '' : `${front}\n`;
    blocks.forEach((block, i) => (body += (i === 0 ? '' : (seps[i] ?? '\n\n')) + block));
    return `${bom ? '\ufeff' : ''}${withLineEndings(body + tail, style, picks)}`;
  });

/** A Markdown document with LF endings and no BOM: for comparing with its CRLF/BOM variants. */
export const plainMarkdownDocument: Arb<string> = fc
  .tuple(fc.array(markdownBlock, { maxLength: 12 }), fc.constantFrom('', '\n'))
  .map(([blocks, tail]) => (blocks.join('\n\n') + tail).replace(/\r\n?/g, '\n').replace(/^\ufeff/, ''));

// ---------------------------------------------------------------------------
// YAML / Kubernetes
// ---------------------------------------------------------------------------

/** A YAML value before serialization; anchors, aliases, merges and raw text are explicit. */
type YamlValue =
  | { t: 'scalar'; text: string }
  | { t: 'block'; style: string; lines: string[] }
  | { t: 'map'; entries: [string, YamlValue][]; flow: boolean; anchor?: string | undefined }
  | { t: 'seq'; items: YamlValue[]; flow: boolean; anchor?: string | undefined }
  | { t: 'alias'; name: string };

const anchorNames = fc.constantFrom('a', 'b', 'base', 'x1', 'defaults');
const yamlScalar: Arb<YamlValue> = fc
  .oneof(
    { weight: 10, arbitrary: fc.constantFrom('synapse-main', 'matrix', 'v1', 'apps/v1', 'http', 'TCP', 'None', 'ClusterIP', 'synapse', 'sync-worker', 'x') },
    { weight: 6, arbitrary: numbers },
    { weight: 2, arbitrary: fc.constantFrom('yes', 'no', 'on', 'true', 'null', '~', '', '0x1F', '0o17', '.inf', '1_000', '2001-01-01', '!!str 5', '!custom x') },
    { weight: 2, arbitrary: fc.oneof(serviceWords, dnsNames).map((s) => `"${s}"`) },
    { weight: 1, arbitrary: fc.constantFrom('"unterminated', "'it''s'", '"esc \\x41 \\u263A \\q"', "'", '"', '"a\\', '{{ .Values.image }}', '{{- include "x" . }}', '${{ github.sha }}', '#not-a-comment', 'a # comment', 'a: b', '- x', '[', '{', '&', '*', '!', '|', '>', '%YAML', '@x', '`x`') },
    { weight: 1, arbitrary: wildUnicode.map((s) => s.replace(/[\n\r]/g, ' ')) },
  )
  .map((text) => ({ t: 'scalar' as const, text }));

/** A coherent Synapse worker or homeserver config: a random subset of its sections, random names and ports. */
const coherentSynapse: Arb<string[]> = fc
  .tuple(
    fc.constantFrom('synapse-sync-worker-0', 'event-persister-0', 'federation-sender-0', 'main', 'x y', ''),
    fc.oneof(numbers, fc.constant('8083')),
    fc.subarray(['app', 'listeners', 'instance_map', 'stream_writers', 'senders', 'redis', 'server', 'anchors', 'plain_listeners'], { minLength: 1 }),
  )
  .map(([name, port, sections]) =>
    sections.flatMap((section) => {
      switch (section) {
        case 'app':
          return ['worker_app: synapse.app.generic_worker', `worker_name: ${name}`];
        case 'listeners':
          return ['worker_listeners:', '  - type: http', `    port: ${port}`, "    bind_addresses: ['0.0.0.0']", '    resources:', '      - names: [client, federation]'];
        case 'plain_listeners':
          return ['listeners:', `  - port: ${port}`, '    type: http', '    x_forwarded: true', '    resources:', '      - names: [replication]', '        compress: false'];
        case 'instance_map':
          return ['instance_map:', '  main:', '    host: synapse-main', `    port: ${port}`, `  ${name || 'w'}:`, `    host: ${name || 'w'}.synapse`, '    port: 9093'];
        case 'stream_writers':
          return ['stream_writers:', `  events: [${name}]`, `  typing: ${name}`, '  to_device:', `    - ${name}`];
        case 'senders':
          return ['send_federation: no', 'federation_sender_instances:', `  - ${name}`];
        case 'redis':
          return ['redis:', '  enabled: yes', '  host: redis'];
        case 'server':
          return ['server_name: example.org', 'public_baseurl: https://matrix.example.org/', 'database:', '  name: psycopg2', 'enable_media_repo: false'];
        default:
          return ['base: &base {port: 8008, type: http}', 'listeners:', '  - <<: *base', '    resources: [{names: [client]}]'];
      }
    }),
  );

const synapseJunk: Arb<string[]> = fc.array(
  fc.oneof(
    fc.constantFrom(
      'worker_app: synapse.app.generic_worker', 'worker_name: synapse-sync-worker-0', 'worker_listeners:', '  - type: http', '    port: 8083',
      '    port: 9093', '    bind_addresses: ["0.0.0.0"]', '    resources:', '      - names: [client, federation]', '      - names: [replication]',
      'instance_map:', '  main:', '    host: synapse-main', '    port: 9093', '  event-persister-0:', '    host: synapse-event-persister-0.synapse-event-persister',
      'stream_writers:', '  events: [event-persister-0, event-persister-1]', '  typing: synapse-typing-0', 'federation_sender_instances:', '  - synapse-federation-sender-0',
      'server_name: example.org', 'redis:', '  enabled: yes', 'database:', '  name: psycopg2', 'listeners:', 'enable_media_repo: false', 'send_federation: no',
      'run_background_tasks_on: background-0', 'x: &a {port: 1}', 'y: *a', '<<: *a', '\tport: 8008', '  bad indent: [', 'EOF',
    ),
    wildUnicode.map((s) => s.replace(/[\n\r]/g, ' ')),
  ),
  { maxLength: 14 },
);

const synapseLines = fc.oneof({ weight: 3, arbitrary: coherentSynapse }, { weight: 1, arbitrary: synapseJunk });

/** Literal/folded block scalars: Synapse configs, heredoc scripts, haproxy.cfg text, junk. */
const yamlBlock: Arb<YamlValue> = fc.oneof(
  fc.tuple(fc.constantFrom('|', '|', '|', '|-', '|+', '|2', '>', '>-', '|\t', '| # c'), synapseLines).map(([style, lines]) => ({ t: 'block' as const, style, lines })),
  fc
    .tuple(
      fc.constantFrom('|', '|-', '>'),
      fc.constantFrom('cat > /conf/worker.yaml <<EOF', 'cat <<-EOF > /data/w.yaml', "tee /conf/x.yaml <<'END'", 'python -m synapse.app.generic_worker <<"EOF"', 'cat <<<EOF', 'exec <<EOF'),
      synapseLines,
      fc.constantFrom('EOF', '\tEOF', 'END', '', 'exec python -m synapse.app.homeserver'),
    )
    .map(([style, head, lines, tail]) => ({ t: 'block' as const, style, lines: [head, ...lines, tail] })),
);

const k8sKeys = fc.constantFrom(
  'apiVersion', 'kind', 'metadata', 'name', 'namespace', 'labels', 'annotations', 'spec', 'selector', 'matchLabels', 'ports', 'port', 'targetPort',
  'containerPort', 'protocol', 'containers', 'initContainers', 'image', 'command', 'args', 'env', 'valueFrom', 'configMapKeyRef', 'envFrom',
  'configMapRef', 'secretRef', 'volumes', 'configMap', 'secret', 'secretName', 'projected', 'sources', 'items', 'key', 'optional', 'replicas',
  'template', 'serviceName', 'rules', 'host', 'http', 'paths', 'path', 'pathType', 'backend', 'service', 'number', 'data', 'stringData',
  'binaryData', 'scaleTargetRef', 'maxReplicas', 'minReplicas', 'clusterIP', 'type', 'jobTemplate', '<<', 'generateName', '"quoted key"',
  '? complex', 'random_key', '1', 'true', 'null', '', '- item',
);

const yamlValue: Arb<YamlValue> = fc.letrec<{ value: YamlValue; map: YamlValue; seq: YamlValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: yamlScalar },
    { weight: 1, arbitrary: yamlBlock },
    { weight: 1, arbitrary: anchorNames.map((name) => ({ t: 'alias' as const, name })) },
    { weight: 3, arbitrary: tie('map') },
    { weight: 2, arbitrary: tie('seq') },
  ),
  map: fc
    .tuple(fc.array(fc.tuple(k8sKeys, tie('value')), { maxLength: 5 }), fc.boolean(), fc.option(anchorNames, { freq: 6 }), fc.nat(9))
    .map(([entries, flow, anchor, f]) => ({ t: 'map' as const, entries, flow: flow && f < 2, anchor: anchor ?? undefined })),
  seq: fc
    .tuple(fc.array(tie('value'), { maxLength: 4 }), fc.boolean(), fc.option(anchorNames, { freq: 8 }), fc.nat(9))
    .map(([items, flow, anchor, f]) => ({ t: 'seq' as const, items, flow: flow && f < 3, anchor: anchor ?? undefined })),
})).value;

const scalar = (text: string): YamlValue => ({ t: 'scalar', text });
const map = (entries: [string, YamlValue][]): YamlValue => ({ t: 'map', entries, flow: false });
const seq = (items: YamlValue[]): YamlValue => ({ t: 'seq', items, flow: false });

/** Objects shaped like the kinds docdrift reads, with random names, ports and extra keys. */
const k8sObject: Arb<YamlValue> = fc
  .tuple(
    fc.constantFrom('ConfigMap', 'ConfigMap', 'StatefulSet', 'Deployment', 'Deployment', 'StatefulSet', 'Service', 'Ingress', 'ConfigMap', 'Secret', 'HorizontalPodAutoscaler', 'List', 'Pod', 'CronJob', 'DaemonSet', 'Job', 'ConfigList', 'Kustomization', 'Namespace'),
    fc.constantFrom('v1', 'apps/v1', 'networking.k8s.io/v1', 'autoscaling/v2', 'batch/v1', 'kustomize.config.k8s.io/v1beta1', 'extensions/v1beta1'),
    fc.option(yamlScalar, { freq: 8 }),
    fc.option(yamlScalar, { freq: 3 }),
    yamlScalar,
    yamlScalar,
    yamlValue,
    fc.oneof({ weight: 4, arbitrary: yamlBlock }, { weight: 1, arbitrary: yamlScalar }),
    fc.array(fc.tuple(k8sKeys, yamlValue), { maxLength: 2 }),
  )
  .map(([kind, apiVersion, name, namespace, port, target, extra, embedded, more]) => {
    const metadata: [string, YamlValue][] = [];
    if (name) metadata.push(['name', name]);
    if (namespace) metadata.push(['namespace', namespace]);
    metadata.push(['labels', map([['app', scalar('synapse')], ['component', target]])]);
    const container = map([
      ['name', scalar('synapse')],
      ['image', scalar('matrixdotorg/synapse:v1.120')],
      ['command', seq([scalar('sh'), scalar('-c'), embedded])],
      ['ports', seq([map([['name', scalar('http')], ['containerPort', port]])])],
      ['env', seq([map([['name', scalar('X')], ['valueFrom', map([['configMapKeyRef', map([['name', target], ['key', scalar('k')]])]])]])])],
    ]);
    const podSpec = map([
      ['containers', seq([container])],
      ['volumes', seq([map([['name', scalar('conf')], ['configMap', map([['name', target], ['items', seq([map([['key', scalar('worker.yaml')]])])]])]])])],
    ]);
    let spec: YamlValue;
    switch (kind) {
      case 'Service':
        spec = map([['selector', map([['app', scalar('synapse')]])], ['ports', seq([map([['port', port], ['targetPort', target]])])], ['clusterIP', scalar('None')]]);
        break;
      case 'Ingress':
        spec = map([['rules', seq([map([['host', scalar('matrix.example.org')], ['http', map([['paths', seq([map([['path', scalar('/')], ['backend', map([['service', map([['name', target], ['port', map([['number', port]])]])]])]])])]])]])])]]);
        break;
      case 'HorizontalPodAutoscaler':
        spec = map([['scaleTargetRef', map([['kind', scalar('StatefulSet')], ['name', target]])], ['maxReplicas', port], ['minReplicas', scalar('1')]]);
        break;
      case 'CronJob':
        spec = map([['jobTemplate', map([['spec', map([['template', map([['spec', podSpec]])]])]])]]);
        break;
      default:
        spec = map([['replicas', port], ['serviceName', target], ['template', map([['metadata', map([['labels', map([['app', scalar('synapse')]])]])], ['spec', podSpec]])], ['extra', extra]]);
    }
    const entries: [string, YamlValue][] = [['apiVersion', scalar(apiVersion)], ['kind', scalar(kind)], ['metadata', map(metadata)]];
    if (kind === 'ConfigMap' || kind === 'Secret') entries.push(['data', map([['homeserver.yaml', embedded], ['other', extra]])]);
    else if (kind === 'List' || kind === 'ConfigList') entries.push(['items', seq([extra, map([['apiVersion', scalar('v1')], ['kind', scalar('Service')], ['metadata', map([['name', target]])]])])]);
    else if (kind !== 'Pod') entries.push(['spec', spec]);
    else entries.push(['spec', podSpec]);
    return map([...entries, ...more]);
  });

/** Block-style YAML text for a value at an indentation. */
function render(value: YamlValue, indent: number): { inline: string; lines: string[] } {
  const pad = ' '.repeat(indent);
  switch (value.t) {
    case 'scalar':
      return { inline: value.text, lines: [] };
    case 'alias':
      return { inline: `*${value.name}`, lines: [] };
    case 'block':
      return { inline: value.style, lines: value.lines.map((line) => (line === '' ? '' : `${pad}  ${line}`)) };
    case 'map':
    case 'seq': {
      const anchor = value.anchor ? `&${value.anchor} ` : '';
      if (value.flow) return { inline: anchor + flow(value), lines: [] };
      const lines: string[] = [];
      const children: [string, YamlValue][] = value.t === 'map' ? value.entries : value.items.map((item) => ['-', item]);
      for (const [key, child] of children) {
        const prefix = value.t === 'map' ? `${pad}${key}:` : `${pad}-`;
        const nested = child.t === 'map' || child.t === 'seq' ? !child.flow && (child.t === 'map' ? child.entries.length : child.items.length) > 0 : false;
        if (nested) {
          const childAnchor = (child as { anchor?: string | undefined }).anchor;
          lines.push(childAnchor ? `${prefix} &${childAnchor}` : prefix);
          lines.push(...render({ ...child, anchor: undefined } as YamlValue, indent + 2).lines);
        } else {
          const r = render(child, indent);
          lines.push(`${prefix} ${r.inline}`.trimEnd(), ...r.lines);
        }
      }
      if (lines.length === 0) return { inline: anchor + (value.t === 'map' ? '{}' : '[]'), lines: [] };
      return { inline: anchor.trim(), lines };
    }
  }
}

function flow(value: YamlValue): string {
  switch (value.t) {
    case 'scalar':
      return value.text;
    case 'alias':
      return `*${value.name}`;
    case 'block':
      return JSON.stringify(value.lines.join('\n'));
    case 'map':
      return `{${value.entries.map(([k, v]) => `${k}: ${flow(v)}`).join(', ')}}`;
    case 'seq':
      return `[${value.items.map(flow).join(', ')}]`;
  }
}

/** Damage applied to YAML text: a line re-indented, a tab, a stray separator, a deleted or duplicated line. */
type Mutation = { at: number; kind: 'indent' | 'tab' | 'separator' | 'delete' | 'duplicate' | 'colon' | 'dash' | 'truncate' | 'junk'; junk: string };
const mutation: Arb<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('indent', 'tab', 'separator', 'delete', 'duplicate', 'colon', 'dash', 'truncate', 'junk'),
  junk: fc.oneof(wildUnicode, fc.constantFrom('{{ .Values.x }}', '&a', '*a', '<<: *a', '? ', '"', "'", '[', ']', '{', '}', '#', '%TAG ! x', '...')),
});

function mutate(lines: string[], mutations: readonly Mutation[]): string[] {
  const out = [...lines];
  for (const m of mutations) {
    if (out.length === 0) break;
    const i = m.at % out.length;
    const line = out[i]!;
    switch (m.kind) {
      case 'indent':
        out[i] = (m.at % 3 === 0 ? ' ' : m.at % 3 === 1 ? '   ' : '') + line.replace(/^ {1,2}/, m.at % 2 ? '' : ' ');
        break;
      case 'tab':
        out[i] = line.replace(/^ */, (spaces) => `${spaces}\t`);
        break;
      case 'separator':
        out.splice(i, 0, m.at % 2 ? '---' : '--- # doc');
        break;
      case 'delete':
        out.splice(i, 1);
        break;
      case 'duplicate':
        out.splice(i, 0, line);
        break;
      case 'colon':
        out[i] = line.replace(/: /, m.at % 2 ? ':' : ': : ');
        break;
      case 'dash':
        out[i] = `- ${line}`;
        break;
      case 'truncate':
        out[i] = line.slice(0, m.at % (line.length + 1));
        break;
      case 'junk': {
        const at = m.at % (line.length + 1);
        out[i] = line.slice(0, at) + m.junk + line.slice(at);
        break;
      }
    }
  }
  return out;
}

const yamlDocument: Arb<string[]> = fc
  .tuple(fc.oneof({ weight: 3, arbitrary: k8sObject }, { weight: 1, arbitrary: yamlValue }), fc.constantFrom('', '', '# comment', '--- !!map', '---'))
  .map(([value, head]) => {
    const r = render(value, 0);
    const body = r.lines.length > 0 ? (r.inline ? [r.inline, ...r.lines] : r.lines) : [r.inline];
    return head ? [...head.split('\n'), ...body] : body;
  });

/** A manifest file: 1–4 documents, some damaged, separators, comments, any line endings, maybe a BOM. */
export const kubernetesManifest: Arb<string> = fc
  .tuple(
    fc.array(yamlDocument, { minLength: 1, maxLength: 4 }),
    fc.oneof(fc.constant<Mutation[]>([]), fc.array(mutation, { minLength: 1, maxLength: 4 })),
    fc.constantFrom<'lf' | 'crlf' | 'mixed'>('lf', 'lf', 'lf', 'crlf', 'mixed'),
    fc.array(fc.constantFrom('\n', '\r\n'), { minLength: 1, maxLength: 4 }),
    fc.boolean(),
    fc.constantFrom('', '\n', '\n\n', '\n...\n', '\n---\n'),
    fc.nat(9).map((n) => n === 0),
  )
  .map(([docs, mutations, style, picks, bom, tail, directive]) => {
    const lines = docs.flatMap((doc, i) => (i === 0 ? doc : ['---', ...doc]));
    if (directive) lines.unshift('%YAML 1.2', '---');
    const text = mutate(lines, mutations).join('\n') + tail;
    return `${bom ? '\ufeff' : ''}${withLineEndings(text, style, picks)}`;
  });

/** An undamaged manifest with LF endings and no BOM: for comparing with its CRLF/BOM variants. */
export const plainKubernetesManifest: Arb<string> = fc
  .array(yamlDocument, { minLength: 1, maxLength: 3 })
  .map((docs) => `${docs.flatMap((doc, i) => (i === 0 ? doc : ['---', ...doc])).join('\n')}\n`);

// ---------------------------------------------------------------------------
// haproxy.cfg
// ---------------------------------------------------------------------------

const hapWord: Arb<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...BACKEND_NAMES, 'is_sync', 'is_media', 'path_beg', 'path_reg', 'hdr(host)', '-i', '-m', 'str', 'reg', 'beg', 'if', 'unless', '!', '||', 'or', '{', '}', 'check', 'backup', 'resolvers', 'dns', 'init-addr', 'none', 'ssl', 'crt', 'weight', '10', 'inter', '2s') },
  { weight: 3, arbitrary: fc.oneof(dnsNames, numbers, paths) },
  { weight: 2, arbitrary: fc.constantFrom('/_matrix/client/(r0|v3)/sync$', '^/_matrix/media/', '(unclosed', '[z-a]', '*', '\\', '\\\\', '\\ ', '\\x41', '\\xZZ', '\\x4', '\\"', "\\'", '#', '# comment', '"${HOME}"', '$HOME', '"${"', '}') },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('"', "'"), fc.oneof(dnsNames, plainWords, wildUnicode), fc.constantFrom('"', "'", '')).map(([open, body, close]) => `${open}${body}${close}`) },
  { weight: 1, arbitrary: wildUnicode.map((s) => s.replace(/[\n]/g, ' ')) },
);
const hapWords = (min: number, max: number) => fc.array(hapWord, { minLength: min, maxLength: max }).map((w) => w.join(' '));

const hapStatement: Arb<string> = fc.oneof(
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('global', 'defaults', 'frontend', 'backend', 'listen', 'resolvers', 'peers', 'userlist', 'program', 'cache', 'defaults from', 'frontend'), fc.oneof(fc.constantFrom(...BACKEND_NAMES, 'http-in', 'main', ''), hapWord)).map(([s, n]) => `${s} ${n}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('acl'), fc.constantFrom('is_sync', 'is_media', 'a', '!bad', ''), fc.constantFrom('path_beg', 'path_reg', 'path', 'hdr(host)', 'path,lower', 'req.hdr(x) -m', 'nbsrv(sync-workers) gt', 'method'), hapWords(0, 4)).map((p) => p.join(' ')) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('use_backend', 'default_backend', 'use-server'), fc.constantFrom(...BACKEND_NAMES, 'missing', '%[req.hdr(host)]', ''), fc.constantFrom('', ' if', ' if is_sync', ' unless is_media', ' if { path_beg /x }', ' if is_sync !is_media || { path_reg ^/x$ }', ' if {', ' if }'), hapWords(0, 2)).map(([k, b, c, w]) => `${k} ${b}${c} ${w}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('server', 'server-template', 'default-server'), fc.constantFrom('s1', 'w', 'main', ''), fc.constantFrom('1-3', '5', '0-', 'x', ''), fc.oneof(dnsNames, fc.constantFrom('10.0.0.1:8008', '[::1]:80', 'host:', ':8008', 'host:99999', 'host:http', 'unix@/tmp/x', '_http._tcp.synapse-sync-worker.matrix.svc.cluster.local')), hapWords(0, 4)).map((p) => p.join(' ')) },
  { weight: 2, arbitrary: fc.constantFrom('bind :8008', 'bind *:443 ssl crt /etc/x.pem', 'mode http', 'mode tcp', 'balance roundrobin', 'balance uri whole', 'option httpchk GET /health', 'http-check send meth GET uri /health', 'timeout connect 5s', 'timeout client 30s', 'log global', 'nameserver dns 10.96.0.10:53', 'hold valid 10s', 'http-request set-header X-Forwarded-Proto https', 'http-request deny if !is_sync', 'maxconn 2000', '.if defined(HAPROXY_X)', '.else', '.endif', '.elif', '.diag "x"', 'option forwardfor', 'reqrep ^x y', 'option redispatch', 'stats uri /stats') },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('# docdrift-ignore', '# docdrift-ignore haproxy/undefined-backend', '# docdrift-ignore a, b -- reason', '#docdrift-ignore', '# just a comment', '#'), fc.constantFrom('', ' x', ' \\')).map(([c, t]) => c + t) },
  { weight: 2, arbitrary: hapWords(1, 8) },
  { weight: 1, arbitrary: fc.constant('') },
);

/** A haproxy.cfg: sections and statements with random indentation, quoting, escapes, comments, continuations. */
export const haproxyConfig: Arb<string> = fc
  .tuple(
    fc.array(
      fc.tuple(fc.constantFrom('', '    ', '\t', '  ', ' \t '), hapStatement, fc.constantFrom('', '', '', ' # trailing', ' \\', '\\', '   ', ' #docdrift-ignore', '\r')),
      { maxLength: 40 },
    ),
    fc.constantFrom('\n', '\n', '\r\n'),
    fc.boolean(),
    fc.constantFrom('', '\n', '\n\n'),
  )
  .map(([lines, eol, bom, tail]) => `${bom ? '\ufeff' : ''}${lines.map(([indent, statement, trail]) => indent + statement + trail).join(eol)}${tail}`);

/** An haproxy.cfg with LF endings and no BOM: for comparing with its CRLF/BOM variants. */
export const plainHaproxyConfig: Arb<string> = fc
  .array(fc.tuple(fc.constantFrom('', '    ', '\t'), hapStatement), { maxLength: 30 })
  .map((lines) => `${lines.map(([indent, statement]) => (indent + statement).replace(/\r/g, '')).join('\n')}\n`);

// ---------------------------------------------------------------------------
// A small repository
// ---------------------------------------------------------------------------

export interface RepoFile {
  path: string;
  role: 'doc' | 'manifest' | 'haproxy';
  text: string;
}

/** 1–6 files of every role under distinct paths, as discover() would return them. */
export const miniRepo: Arb<RepoFile[]> = fc
  .tuple(
    fc.array(markdownDocument, { maxLength: 3 }),
    fc.array(kubernetesManifest, { maxLength: 3 }),
    fc.array(haproxyConfig, { maxLength: 1 }),
  )
  .map(([docs, manifests, cfgs]) => [
    ...docs.map((text, i) => ({ path: i === 0 ? 'README.md' : `docs/guide-${i}.md`, role: 'doc' as const, text })),
    ...manifests.map((text, i) => ({ path: `manifests/0${i}-synapse.yaml`, role: 'manifest' as const, text })),
    ...cfgs.map((text) => ({ path: 'config/haproxy.cfg', role: 'haproxy' as const, text })),
  ])
  .filter((files) => files.length > 0);

export { withLineEndings };
