/**
 * Helm releases, from the words of a `helm install` / `helm upgrade --install` command (docs' shell
 * blocks today, scripts later: any reader that splits a command into words can feed it).
 */

/** What one `helm install|upgrade --install` command installs. */
export interface HelmCommand {
  release: string;
  /** The chart as written: `bitnami/redis`, `oci://registry-1.docker.io/bitnamicharts/redis`, `./charts/app`. */
  chart: string;
  /** `--repo URL`, when given. */
  repo: string | undefined;
  namespace: string | undefined;
  /** `-f/--values` files as written, in order. */
  valuesFiles: string[];
  /** `--set`, `--set-string` pairs in order (later wins), typed as Helm types them. */
  set: [string, unknown][];
  createNamespace: boolean;
}

/** Options of `helm install|upgrade` that take a value (the others are flags). */
const WITH_VALUE = new Set([
  '-n', '--namespace', '-f', '--values', '--set', '--set-string', '--set-file', '--set-json', '--set-literal', '--version', '--repo',
  '--kube-context', '--kubeconfig', '--timeout', '--description', '--post-renderer', '--post-renderer-args', '-o', '--output',
  '--username', '--password', '--ca-file', '--cert-file', '--key-file', '--registry-config', '--repository-config',
  '--repository-cache', '--name-template', '-l', '--labels', '--history-max', '--kube-apiserver', '--kube-as-user', '--kube-as-group',
  '--kube-token', '--burst-limit', '--qps',
]);

/**
 * Reads `helm [global options] install|upgrade … RELEASE CHART …` from a command's words (quotes
 * already removed); undefined for any other command, for `upgrade` without `--install`, and for
 * releases whose name comes from the shell or `--generate-name` (not known statically).
 */
export function readHelmCommand(words: readonly string[]): HelmCommand | undefined {
  const start = words.indexOf('helm');
  if (start === -1) return undefined;
  const positionals: string[] = [];
  const options: [string, string | undefined][] = [];
  const args = words.slice(start + 1);
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    if (arg.startsWith('--') && equals !== -1) options.push([arg.slice(0, equals), arg.slice(equals + 1)]);
    else if (WITH_VALUE.has(arg)) options.push([arg, args[++index]]);
    else options.push([arg, undefined]);
  }
  const [command, release, chart] = positionals;
  const flag = (...names: string[]) => options.some(([name]) => names.includes(name));
  const values = (...names: string[]) => options.filter(([name, value]) => names.includes(name) && value !== undefined).map(([, value]) => value!);
  const installs = command === 'install' || (command === 'upgrade' && flag('-i', '--install'));
  if (!installs || release === undefined || chart === undefined || flag('--generate-name', '-g') || release.includes('$')) return undefined;
  const set: [string, unknown][] = [];
  for (const [name, value] of options) {
    if (value === undefined || (name !== '--set' && name !== '--set-string')) continue;
    for (const pair of splitOutsideBraces(value)) {
      const equals = pair.indexOf('=');
      if (equals > 0) set.push([pair.slice(0, equals), name === '--set' ? helmValue(pair.slice(equals + 1)) : pair.slice(equals + 1)]);
    }
  }
  return {
    release,
    chart,
    repo: values('--repo').at(-1),
    namespace: values('-n', '--namespace').at(-1),
    valuesFiles: values('-f', '--values').flatMap((value) => value.split(',')).filter((file) => file !== ''),
    set,
    createNamespace: flag('--create-namespace'),
  };
}

/** `a=1,b={x,y}` → [`a=1`, `b={x,y}`]: commas inside a `{…}` list belong to it; `\,` is a comma. */
function splitOutsideBraces(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char === '\\' && text[index + 1] === ',') {
      current += ',';
      index++;
      continue;
    }
    if (char === '{') depth++;
    else if (char === '}') depth = Math.max(0, depth - 1);
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

/** How `--set` types a value: booleans, null, integers and `{a,b}` lists; the rest are strings. */
function helmValue(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (/^-?(0|[1-9]\d{0,15})$/.test(text)) return Number(text);
  if (text.startsWith('{') && text.endsWith('}')) return text.slice(1, -1).split(',').map(helmValue);
  return text;
}
