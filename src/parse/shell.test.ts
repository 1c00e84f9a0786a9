import { describe, expect, it } from 'vitest';
import { argv, parseShell, type ShellCommand } from './shell.ts';

const argvs = (text: string): string[][] => parseShell(text).commands.map(argv);
const at = (command: ShellCommand | undefined, index: number) => {
  const word = command?.words[index];
  return word && `${word.line}:${word.column}-${word.endLine}:${word.endColumn}`;
};

describe('parseShell', () => {
  it('reads argv words with quotes and escapes removed, expansions kept as written', () => {
    expect(argvs(`kubectl create secret generic "db pass" --from-literal='pw=a b' x\\ y "$DIR/x.yaml" \${NS:-default} $(date +%F) \`id -u\``)).toEqual([
      ['kubectl', 'create', 'secret', 'generic', 'db pass', '--from-literal=pw=a b', 'x y', '$DIR/x.yaml', '${NS:-default}', '$(date +%F)', '`id -u`'],
    ]);
    expect(argvs(`echo "a \\"quoted\\" \\$HOME and \\n" 'it''s' "$(echo "nested ) quote")"`)).toEqual([
      ['echo', 'a "quoted" $HOME and \\n', 'its', '$(echo "nested ) quote")'],
    ]);
  });

  it('gives each word its file line and column, continuations and an offset block included', () => {
    const script = parseShell('kubectl apply \\\n  -f k8s/app.yaml', { firstLine: 10, firstColumn: 4 });
    expect(script.commands).toHaveLength(1);
    expect(argv(script.commands[0]!)).toEqual(['kubectl', 'apply', '-f', 'k8s/app.yaml']);
    expect(at(script.commands[0], 0)).toBe('10:4-10:11');
    expect(at(script.commands[0], 3)).toBe('11:9-11:21');
    expect(script.commands[0]).toMatchObject({ line: 10, column: 4, endLine: 11, endColumn: 21 });
  });

  it('splits commands at pipes, && || ; & and newlines, and says what joins them', () => {
    const script = parseShell('a 1 | b 2 && c; d & e || f\n(g) |& h');
    expect(script.commands.map((command) => [argv(command)[0], command.next, command.pipeline])).toEqual([
      ['a', '|', 0],
      ['b', '&&', 0],
      ['c', ';', 1],
      ['d', '&', 2],
      ['e', '||', 3],
      ['f', undefined, 4],
      ['g', ';', 6],
      ['h', undefined, 7],
    ]);
  });

  it('reads redirections with their fd and target, and tee as an ordinary command', () => {
    const [get, tee] = parseShell('kubectl get secret x -o yaml > "$DIR/x.yaml" 2>>err.log 2>&1 &>all.log </dev/null | tee -a out.yaml').commands;
    expect(argv(get!)).toEqual(['kubectl', 'get', 'secret', 'x', '-o', 'yaml']);
    expect(get!.redirections.map((r) => [r.fd, r.operator, r.target?.text])).toEqual([
      [undefined, '>', '$DIR/x.yaml'],
      [2, '>>', 'err.log'],
      [2, '>&', '1'],
      ['all', '>', 'all.log'],
      [undefined, '<', '/dev/null'],
    ]);
    expect(get!.redirections[0]).toMatchObject({ line: 1, column: 30, endColumn: 45 });
    expect(argv(tee!)).toEqual(['tee', '-a', 'out.yaml']);
    // Digits inside a word are not an fd.
    expect(parseShell('echo a2>f').commands[0]!.redirections.map((r) => [r.fd, r.target?.text])).toEqual([[undefined, 'f']]);
    expect(argv(parseShell('echo a2>f').commands[0]!)).toEqual(['echo', 'a2']);
  });

  it('keeps heredoc bodies with their first line, quoted and tab-stripped delimiters included', () => {
    const script = parseShell(["cat <<'EOF' > conf/gw.toml", 'port = 80', 'EOF', 'kubectl apply -f - <<-YAML', '\tkind: Secret', '\tYAML', 'echo done'].join('\n'), { firstLine: 5 });
    expect(script.commands.map(argv)).toEqual([['cat'], ['kubectl', 'apply', '-f', '-'], ['echo', 'done']]);
    const [heredoc, file] = script.commands[0]!.redirections;
    expect(heredoc).toMatchObject({ operator: '<<', heredoc: { delimiter: 'EOF', body: 'port = 80', firstLine: 6, closed: true } });
    expect(file?.target?.text).toBe('conf/gw.toml');
    expect(script.commands[1]!.redirections[0]!.heredoc).toEqual({ delimiter: 'YAML', body: 'kind: Secret', firstLine: 9, closed: true });
    expect(script.commands[2]!.line).toBe(11);
  });

  it('reads a heredoc that never ends to the end of the text', () => {
    const script = parseShell('cat <<EOF\nkubectl delete ns x\nmore');
    expect(script.commands.map(argv)).toEqual([['cat']]);
    expect(script.commands[0]!.redirections[0]!.heredoc).toEqual({ delimiter: 'EOF', body: 'kubectl delete ns x\nmore', firstLine: 2, closed: false });
  });

  it('separates env assignments from argv, and drops reserved words that only join commands', () => {
    const [first, second, third] = parseShell('NS=prod KUBECONFIG="$HOME/k" kubectl get pods\nif kubectl get ns x; then kubectl create ns x; fi').commands;
    expect(first!.assignments.map((word) => word.text)).toEqual(['NS=prod', 'KUBECONFIG=$HOME/k']);
    expect(argv(first!)).toEqual(['kubectl', 'get', 'pods']);
    expect(argv(second!)).toEqual(['kubectl', 'get', 'ns', 'x']);
    expect(argv(third!)).toEqual(['kubectl', 'create', 'ns', 'x']);
    expect(argvs('for f in a.yaml b.yaml; do kubectl apply -f "$f"; done')).toEqual([
      ['for', 'f', 'in', 'a.yaml', 'b.yaml'],
      ['kubectl', 'apply', '-f', '$f'],
    ]);
  });

  it('keeps comments apart from words', () => {
    const script = parseShell('# deploy it\nkubectl apply -f x.yaml # the app\necho a#b');
    expect(script.commands.map(argv)).toEqual([['kubectl', 'apply', '-f', 'x.yaml'], ['echo', 'a#b']]);
    expect(script.comments.map((comment) => [comment.text, comment.line, comment.column])).toEqual([
      [' deploy it', 1, 1],
      [' the app', 2, 25],
    ]);
  });

  it('drops a leading $ prompt, and reads only prompted lines of a console transcript', () => {
    expect(argvs('$ kubectl get pods\nNAME   READY\nweb-0  1/1\n$ kubectl logs \\\n> web-0\n  $ echo "two\nlines"')).toEqual([
      ['kubectl', 'get', 'pods'],
      ['kubectl', 'logs', 'web-0'],
      ['echo', 'two\nlines'],
    ]);
    expect(argvs('kubectl get pods\necho $HOME')).toEqual([['kubectl', 'get', 'pods'], ['echo', '$HOME']]);
  });

  it('ends a quote or substitution that never closes at the end of its line', () => {
    expect(argvs("echo it's here\nkubectl get pods")).toEqual([['echo', 'its here'], ['kubectl', 'get', 'pods']]);
    expect(argvs('echo "open\nkubectl get pods $(date\nls ${X')).toEqual([['echo', 'open'], ['kubectl', 'get', 'pods', '$(date'], ['ls', '${X']]);
  });

  it('says how many compound commands enclose each command', () => {
    const script = [
      'set -e',
      'if [ -n "$X" ]; then exit 1; else echo no; fi',
      'for f in a b; do apply "$f"; done',
      'case "$1" in',
      '  up) (cd k8s && exit 2) ;;',
      'esac',
      'deploy() {',
      '  exit 3',
      '}',
      'function undeploy {',
      '  exit 4',
      '}',
      'while true; do',
      '  { exit 5; }',
      'done',
      'fi',
      'exit 0',
    ].join('\n');
    const depths = parseShell(script).commands.map((command) => `${argv(command).slice(0, 2).join(' ')}@${command.depth}`);
    expect(depths).toEqual([
      'set -e@0',
      '[ -n@1', 'exit 1@1', 'echo no@1',
      'for f@0', 'apply $f@1',
      'case $1@0', 'up@1', 'cd k8s@2', 'exit 2@2',
      'deploy@0', 'exit 3@1',
      'function undeploy@0', 'exit 4@1',
      'true@1', 'exit 5@2',
      // A stray `fi` closes nothing: the top level stays the top level.
      'exit 0@0',
    ]);
  });

  it('reads CRLF text as LF', () => {
    expect(argvs('a \\\r\n b\r\nc\r\n')).toEqual([['a', 'b'], ['c']]);
  });

  it('is linear and total on hostile input', () => {
    const many = `kubectl apply ${Array.from({ length: 10_000 }, (_, i) => `-f f${i}.yaml`).join(' ')}`;
    expect(parseShell(many).commands[0]!.words).toHaveLength(20_002);
    const quotes = Array.from({ length: 20_000 }, () => `echo "a $(b 'c`).join('\n');
    expect(parseShell(quotes).commands).toHaveLength(20_000);
    const nested = `echo ${'"$('.repeat(50_000)}`;
    expect(parseShell(nested).commands).toHaveLength(1);
    const heredocs = Array.from({ length: 5_000 }, () => 'cat <<A <<B').join('\n');
    expect(parseShell(heredocs).commands).toHaveLength(1);
    // 50,000 openers that never close, then 50,000 closers that match none of them.
    const nesting = [...Array.from({ length: 50_000 }, (_, i) => ['if a; then', '(', '{'][i % 3]), ...Array.from({ length: 50_000 }, () => 'done'), 'exit 0'].join('\n');
    const commands = parseShell(nesting).commands;
    expect(commands.at(-1)).toMatchObject({ depth: 50_000 });
  });
});
