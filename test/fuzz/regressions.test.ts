/**
 * Bugs the fuzz properties found, each pinned by its shrunk counterexample so it stays
 * fixed whatever the seed of later runs.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/load.ts';
import { analyze } from '../../src/engine/analyze.ts';
import { parseKubernetes } from '../../src/parse/kubernetes.ts';
import { rules } from '../../src/rules/index.ts';
import { parseMarkdown } from '../../src/parse/markdown.ts';
import { extractSynapseConfigs } from '../../src/parse/synapse.ts';
import { expectPositionsInside } from './positions.ts';

const options = { defaultNamespace: 'default' };

describe('fuzz regressions', () => {
  it('keeps positions after a broken multi-line plain scalar on their lines (the yaml LineCounter loses those line breaks)', () => {
    const text = '    host: synapse-main\nzz\nyy\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n';
    const parsed = parseKubernetes('svc.yaml', text, options);
    expectPositionsInside(parsed, text, 'svc.yaml', 'lf');
    expect(parsed.problems.map((p) => p.source)).toEqual([{ file: 'svc.yaml', line: 2, column: 1, endLine: 3, endColumn: 3 }]);
    expect(parsed.services[0]?.source).toEqual({ file: 'svc.yaml', line: 8, column: 9, endLine: 8, endColumn: 12 });
  });

  it('maps Synapse YAML errors in a heredoc after such a scalar to the right manifest line', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: w',
      'spec:',
      '  containers:',
      '    - name: synapse',
      '      command:',
      '        - |',
      '          cat > /conf/worker.yaml <<EOF',
      '              host: synapse-main',
      '          𐀀',
      '          worker_app: synapse.app.generic_worker',
      '          EOF',
      '',
    ].join('\n');
    const k8s = parseKubernetes('pod.yaml', text, options);
    const synapse = extractSynapseConfigs(k8s);
    expectPositionsInside(synapse, text, 'pod.yaml', 'lf');
    expect(synapse.problems.map((p) => p.source)).toEqual([{ file: 'pod.yaml', line: 12, column: 11, endLine: 13, endColumn: 21 }]);
  });

  it('keeps the Source of a heredoc body that starts with a blank line on that line', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: w',
      'spec:',
      '  containers:',
      '    - name: synapse',
      '      command:',
      '        - |',
      '          cat > /conf/worker.yaml <<EOF',
      '',
      '          worker_app: synapse.app.generic_worker',
      '          EOF',
      '',
    ].join('\n');
    const synapse = extractSynapseConfigs(parseKubernetes('pod.yaml', text, options));
    expectPositionsInside(synapse, text, 'pod.yaml', 'lf');
    expect(synapse.configs[0]?.source).toEqual({ file: 'pod.yaml', line: 11, column: 1, endLine: 12, endColumn: 49 });
  });

  it('refuses self-referential frontmatter, which no consumer could print', () => {
    const doc = parseMarkdown('doc.md', '---\nx: &a [*a]\n---\n');
    expect(doc.frontmatter).toBeUndefined();
    expect(doc.problems.map((p) => p.message)).toEqual(['frontmatter is not valid YAML: an alias refers to the node that contains it']);
    expect(() => JSON.stringify(doc)).not.toThrow();
  });

  it('places the text of a code span that starts with a CRLF on the next line, as with LF', () => {
    const lf = '````bad`\n  A[sync] --> B[haproxy]\n`x` y';
    const crlf = lf.replace(/\n/g, '\r\n');
    const lines = (text: string) => parseMarkdown('doc.md', text).blocks.flatMap((block) => (block.kind === 'text' ? block.lines : []));
    expect(lines(crlf)).toEqual(lines(lf));
    expect(lines(lf)[1]).toEqual({ line: 2, column: 1, text: '  A[sync] --> B[haproxy]' });
  });

  it('maps the lines of an indented fence opened with a lone CR line ending to the file (micromark drops its first blank line)', () => {
    const text = '   ```\r  \nmedia-repo ──▶\rsynchrotron\n';
    const doc = parseMarkdown('doc.md', text);
    expect(doc.blocks).toMatchObject([{ kind: 'code', firstLine: 2, value: '\nmedia-repo ──▶\nsynchrotron' }]);
    expectPositionsInside(doc, text, 'doc.md', 'markdown');
  });

  it('puts a YAML error at the end of the input on the last line, not on the line after the final newline', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "web\n\n';
    const parsed = parseKubernetes('svc.yaml', text, options);
    expectPositionsInside(parsed, text, 'svc.yaml', 'lf');
    expect(parsed.problems.map((p) => [p.message, p.source])).toEqual([
      ['YAML syntax error: Missing closing "quote', { file: 'svc.yaml', line: 4, column: 13, endLine: 4, endColumn: 13 }],
    ]);
  });

  it('places a name in a fence indented more than its lines at the column it is written (CommonMark strips only what a line has)', () => {
    const text = '   ```\nkubectl apply -f deployment/manifests/04-synapse-main.yaml\n     kubectl apply -f deployment/b.yaml\n   ```\n';
    const result = analyze('.', [{ path: 'README.md', role: 'doc', size: text.length, text }], [], defaultConfig(), rules);
    expectPositionsInside(result.findings, text, 'README.md', 'lf');
    expect(result.findings.map((f) => `${f.ruleId} ${f.line}:${f.column}-${f.endColumn}`)).toEqual(['docs/missing-file 2:18-59', 'docs/missing-file 3:23-40']);
  });

  it('places an unused haproxy.cfg suppression on its own line when a lone CR precedes it (HAProxy ends lines at LF only)', () => {
    // Ends with a line feed: without one, haproxy/missing-final-newline would report the last line.
    const text = '# docdrift-ignore\r\r\n# docdrift-ignore\r\n.else\n';
    const result = analyze('.', [{ path: 'haproxy.cfg', role: 'haproxy', size: text.length, text }], [], defaultConfig(), rules);
    expectPositionsInside(result.findings, text, 'haproxy.cfg', 'lf');
    expect(result.findings.map((f) => `${f.ruleId} ${f.line}:${f.column}-${f.endLine}:${f.endColumn}`)).toEqual([
      'unused-suppression 1:1-1:18',
      'unused-suppression 2:1-2:18',
    ]);
  });

  it('places a haproxy.cfg suppression after a BOM at its column, as the parser reads the file', () => {
    const text = '\ufeff# docdrift-ignore\n';
    const result = analyze('.', [{ path: 'haproxy.cfg', role: 'haproxy', size: text.length, text }], [], defaultConfig(), rules);
    expect(result.findings.map((f) => `${f.ruleId} ${f.line}:${f.column}-${f.endLine}:${f.endColumn}`)).toEqual(['unused-suppression 1:1-1:18']);
  });
});
