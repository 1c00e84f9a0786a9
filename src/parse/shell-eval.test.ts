import { describe, expect, it } from 'vitest';
import { expandHeredoc, expandWord, ShellVars, variablesBefore } from './shell-eval.ts';

const pod = (name: string): Array<[string, string]> => [
  ['POD_NAME', name],
  ['HOSTNAME', name],
];

/** The value of N when the script has run to its end. */
function valueAfter(script: string, name: string, initial: Array<[string, string | undefined]>): string | undefined {
  return variablesBefore(script, Number.MAX_SAFE_INTEGER, initial).get(name);
}

describe('variablesBefore', () => {
  it('evaluates the ordinal arithmetic of the shapes page', () => {
    const script = `set -eu\nN=$(echo $POD_NAME | sed 's/ev-//' | awk '{print $1+1}')\n`;
    expect(valueAfter(script, 'N', pod('ev-0'))).toBe('1');
    expect(valueAfter(script, 'N', pod('ev-1'))).toBe('2');
  });

  it('evaluates parameter expansion, $((…)), cut, expr, printf and hostname', () => {
    expect(valueAfter('ORD=${HOSTNAME##*-}\nN=$((ORD + 1))', 'N', pod('fed-sender-3'))).toBe('4');
    expect(valueAfter('export I="$(hostname | cut -d- -f2)"', 'I', pod('ev-7'))).toBe('7');
    expect(valueAfter('I=`expr ${POD_NAME#ev-} \\* 2`', 'I', pod('ev-3'))).toBe('6');
    expect(valueAfter('W=$(printf "writer%d" "${POD_NAME##*-}")', 'W', pod('ev-2'))).toBe('writer2');
    expect(valueAfter("N=$(echo $POD_NAME | sed -E 's/^ev-([0-9]+)$/\\1/')", 'N', pod('ev-12'))).toBe('12');
    expect(valueAfter("N=$(echo $POD_NAME | awk -F- '{print \"w\" $2*10}')", 'N', pod('ev-4'))).toBe('w40');
    expect(valueAfter('B=${POD_NAME%-*}', 'B', pod('synapse-ev-4'))).toBe('synapse-ev');
  });

  it('does not guess what it cannot evaluate', () => {
    // A pod name Kubernetes makes up (Deployment): unknown in, unknown out.
    expect(valueAfter('N=$((${POD_NAME##*-} + 1))', 'N', [['POD_NAME', undefined]])).toBeUndefined();
    // Assigned in a branch, read from a file, after `source`, from a variable the image may set.
    expect(valueAfter('if [ -n "$X" ]; then N=1; fi', 'N', [])).toBeUndefined();
    expect(valueAfter('read N < /etc/ordinal', 'N', [])).toBeUndefined();
    expect(valueAfter('N=1\n. /env.sh', 'N', [])).toBeUndefined();
    expect(valueAfter('N=$((ORDINAL + 1))', 'N', [])).toBeUndefined();
    expect(valueAfter("N=$(echo $POD_NAME | tr -d a)", 'N', pod('ev-0'))).toBeUndefined();
  });

  it('gives up on values and scripts too long to be start-up scripts', () => {
    const long = 'x-'.repeat(50_000);
    expect(valueAfter('N=${POD_NAME##*-}', 'N', [['POD_NAME', long]])).toBeUndefined();
    expect(valueAfter(`N=1\n${'# padding\n'.repeat(3_000)}`, 'N', [])).toBeUndefined();
  });

  it('stops at the given line', () => {
    const script = 'N=1\nN=2\n';
    expect(variablesBefore(script, 1, []).get('N')).toBe('1');
  });

  it('skips heredoc bodies', () => {
    const script = 'N=1\ncat > /w.yaml <<EOF\nN=2\nEOF\n';
    expect(valueAfter(script, 'N', [])).toBe('1');
  });
});

describe('expansion', () => {
  it('expands heredoc text, keeping quotes literal', () => {
    const vars = new ShellVars([['N', '2']]);
    expect(expandHeredoc('writer_${N}', vars)).toBe('writer_2');
    expect(expandHeredoc('"writer_$N"', vars)).toBe('"writer_2"');
    expect(expandHeredoc('cost \\$5', vars)).toBe('cost $5');
  });

  it('removes quotes from words and keeps single-quoted text as written', () => {
    const vars = new ShellVars([['N', '2']]);
    expect(expandWord(`"w_$N"'_$N'`, vars)).toBe('w_2_$N');
    expect(expandWord('${UNSET:-x}', vars)).toBeUndefined();
  });
});
