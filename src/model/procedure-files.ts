/**
 * What a procedure makes, as an operator reads it: files its commands write (redirections, `tee`,
 * `cp`/`mv`, `curl -O`, `wget`, `helm pull`, `git clone`, `tar -x` …) and files its prose says to
 * save ("Save as `conf/gw.toml`:" before a fenced block). A doc that later applies or names such a
 * file names the reader's copy, not a repository file. And paths that are no files at all:
 * placeholders (`backup-YYYYMMDD.yaml`, `<your-file>`) and remote targets.
 */
import { argv, type ShellCommand, type ShellWord } from '../parse/shell.ts';

/** The files and folders one doc's procedure makes, in document order. */
export class MadeFiles {
  /** File names made, each with the first line that makes it. */
  private readonly names = new Map<string, number>();
  /** Folder names made (or that may be folders), each with its first line. */
  private readonly folders = new Map<string, number>();

  /** Records a path a step at `line` makes; `folder` when it is (or may be) a folder. */
  add(path: string, line: number, folder = false): void {
    const name = fileName(path);
    if (name === '' || name === '-' || path.startsWith('/dev/')) return;
    for (const map of folder ? [this.names, this.folders] : [this.names]) map.set(name, Math.min(map.get(name) ?? line, line));
  }

  /** Whether a path referenced at `line` is one the procedure made at or before it (by file name, or inside a made folder). */
  covers(path: string, line: number): boolean {
    if (this.names.size === 0) return false;
    const segments = stripVariableFolders(path).split('/').filter((segment) => segment !== '' && segment !== '.');
    const madeBy = (map: Map<string, number>, name: string): boolean => (map.get(name) ?? Infinity) <= line;
    return madeBy(this.names, segments[segments.length - 1] ?? '') || segments.slice(0, -1).some((segment) => madeBy(this.folders, segment));
  }

  /** What one shell command makes. */
  command(command: ShellCommand): void {
    for (const redirection of command.redirections) {
      if ((redirection.operator === '>' || redirection.operator === '>>' || redirection.operator === '<>') && redirection.target) {
        this.add(redirection.target.text, redirection.line);
      }
    }
    const words = command.words;
    const args = argv(command);
    const name = programName(args[0] ?? '');
    const line = command.line;
    const rest = words.slice(1);
    switch (name) {
      case 'tee':
      case 'touch':
        for (const word of operands(rest)) this.add(word.text, line);
        break;
      case 'cp':
      case 'mv':
      case 'install':
      case 'ln':
      case 'rsync':
      case 'scp': {
        const targets = operands(rest);
        const target = targets[targets.length - 1];
        if (target && targets.length >= 2 && !isRemote(target.text)) this.add(target.text, line, true);
        break;
      }
      case 'curl':
        this.curl(rest, line);
        break;
      case 'wget': {
        const output = optionValue(rest, ['-O', '--output-document']);
        if (output) this.add(output.text, line);
        else for (const url of operands(rest, ['-O', '--output-document', '-P', '--directory-prefix'])) this.add(urlFileName(url.text), line);
        break;
      }
      case 'git':
        if (args[1] === 'clone') {
          const [url, directory] = operands(rest.slice(1), ['-b', '--branch', '--depth', '-o', '--origin']);
          if (directory) this.add(directory.text, line, true);
          else if (url) this.add(urlFileName(url.text).replace(/\.git$/, ''), line, true);
        }
        break;
      case 'helm':
        this.helm(args, rest, line);
        break;
      case 'tar':
        this.tar(rest, line);
        break;
      case 'unzip': {
        const directory = optionValue(rest, ['-d']);
        if (directory) this.add(directory.text, line, true);
        break;
      }
      case 'kustomize':
      case 'docker':
      case 'podman':
      case 'skopeo': {
        const output = optionValue(rest, ['-o', '--output']);
        if (output) this.add(output.text, line);
        break;
      }
      case 'openssl':
      case 'ssh-keygen':
      case 'htpasswd':
      case 'cfssljson':
      case 'step': {
        for (const option of ['-out', '-keyout', '-f', '-bare']) {
          const output = optionValue(rest, [option]);
          if (output) this.add(output.text, line);
        }
        if (name === 'cfssljson' || name === 'step') for (const word of operands(rest)) this.add(word.text, line, true);
        if (name === 'htpasswd' && /^-\w*c/.test(args[1] ?? '')) {
          const [file] = operands(rest);
          if (file) this.add(file.text, line);
        }
        break;
      }
      case 'kubectl':
        // `kubectl cp pod:/x ./x`
        if (args[1] === 'cp') {
          const target = operands(rest.slice(1), ['-c', '--container', '-n', '--namespace']).pop();
          if (target && !target.text.includes(':')) this.add(target.text, line, true);
        }
        break;
    }
  }

  private curl(rest: ShellWord[], line: number): void {
    const output = optionValue(rest, ['-o', '--output']);
    if (output) this.add(output.text, line);
    const remoteName = rest.some((word) => word.text === '--remote-name' || word.text === '--remote-name-all' || /^-[a-zA-Z]*O[a-zA-Z]*$/.test(word.text));
    if (!remoteName) return;
    for (const word of rest) if (/^[a-z][a-z0-9+.-]*:\/\//i.test(word.text)) this.add(urlFileName(word.text), line);
  }

  private helm(args: string[], rest: ShellWord[], line: number): void {
    if (args[1] === 'pull' || args[1] === 'fetch') {
      const chart = operands(rest.slice(1), ['--version', '--repo', '-d', '--destination', '--untardir'])[0];
      const name = chart ? urlFileName(chart.text) : '';
      if (name) {
        this.add(name, line, true); // --untar, and helm pull's `chart-VERSION.tgz` is matched by name below
        const version = optionValue(rest, ['--version'])?.text;
        this.add(version ? `${name}-${version}.tgz` : `${name}.tgz`, line);
      }
      for (const option of ['-d', '--destination', '--untardir']) {
        const directory = optionValue(rest, [option]);
        if (directory) this.add(directory.text, line, true);
      }
    }
    if (args[1] === 'template') {
      const directory = optionValue(rest, ['--output-dir']);
      if (directory) this.add(directory.text, line, true);
    }
  }

  private tar(rest: ShellWord[], line: number): void {
    const first = rest[0]?.text ?? '';
    const extracts = /^-?[a-zA-Z]*x/.test(first) || rest.some((word) => word.text === '--extract' || word.text === '--get');
    if (!extracts) return;
    const directory = optionValue(rest, ['-C', '--directory']);
    if (directory) this.add(directory.text, line, true);
    // Without -C, the archive's stem is the usual top folder (`chart-1.2.tgz` → `chart-1.2/`, and `chart/`).
    const archive = optionValue(rest, ['-f', '--file'])?.text ?? rest.map((word) => word.text).find((word) => /\.(tar(\.\w+)?|tgz|tbz2?|txz)$/.test(word));
    if (archive) {
      const stem = fileName(archive).replace(/\.(tar(\.\w+)?|tgz|tbz2?|txz)$/, '');
      this.add(stem, line, true);
      const unversioned = stem.replace(/-v?\d[\w.-]*$/, '');
      if (unversioned !== stem) this.add(unversioned, line, true);
    }
  }
}

/** The command's name without its folder or a `sudo`: `/usr/bin/curl` → curl. */
function programName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** Words that are not options nor option values (the options listed take a value). */
function operands(words: ShellWord[], withValue: string[] = []): ShellWord[] {
  const result: ShellWord[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (word.text.startsWith('-') && word.text !== '-') {
      if (withValue.includes(word.text)) index++;
      continue;
    }
    result.push(word);
  }
  return result;
}

/** The value of the first of the options given: `-o x`, `-ox` (one-letter options), `--output=x`. */
function optionValue(words: ShellWord[], names: string[]): ShellWord | undefined {
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    for (const name of names) {
      if (word.text === name) return words[index + 1];
      if (name.startsWith('--') && word.text.startsWith(`${name}=`)) return { ...word, text: word.text.slice(name.length + 1) };
      if (/^-[a-zA-Z]$/.test(name) && word.text.startsWith(name) && word.text.length > 2 && !word.text.startsWith('--')) return { ...word, text: word.text.slice(2) };
    }
  }
  return undefined;
}

/** The last path segment of a URL, without its query or fragment. */
function urlFileName(url: string): string {
  const path = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Folders written as variables or command substitutions say nothing of where a file lands: `$DIR/x.yaml` → `x.yaml`. */
function stripVariableFolders(path: string): string {
  return path.replace(/^(?:.*\/)?(?:\$\{[^}]*\}|\$\([^)]*\)|\$\w+)\//, '');
}

function fileName(path: string): string {
  const stripped = stripVariableFolders(path).replace(/\/+$/, '');
  return stripped.slice(stripped.lastIndexOf('/') + 1);
}

/**
 * Paths that stand for a file the reader picks: `backup-YYYYMMDD.yaml`, `HHMMSS`, `TIMESTAMP`,
 * `<your-file>`, `{name}`, `${X}`, `$(date +%F)`, `XXXX`, `my-values.yaml`, `path/to/x`, globs.
 */
export function isPlaceholder(path: string): boolean {
  return PLACEHOLDER.test(path);
}

const PLACEHOLDER =
  /[$<>{}*?…]|\.\.\.|(?:YYYY|YY-?MM|MM-?DD|HHMM|MMSS|TIMESTAMP|DATETIME|X{3,}|N{3,})|(?:^|[/_.-])(?:DATE|TIME|VERSION|NAME)(?:$|[/_.-])|(?:^|\/)(?:my|your)[-_.]|(?:^|\/)path\/to\//;

/**
 * Targets that are not local files: URLs, `git@host:…`, and kustomize remote targets
 * (`host.tld/org/repo//dir?ref=v1`).
 */
export function isRemote(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/|^[\w.-]+@[\w.-]+:|\?ref=|^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|io|org|net|dev|tld|cloud|sh|co|app|xyz)\//i.test(path);
}

/**
 * "Save as `conf/gw.toml`:", "Create `x.yaml` with the following content:", "a file named
 * `values.yaml`:" — text ending in a colon that says to save a file, whose content is the fenced
 * block after it. "Edit `x`", "add to `x`" and "update `x`" name a file that must already exist.
 */
export function announcesSavedFile(text: string): boolean {
  const trimmed = text.trimEnd();
  return trimmed.endsWith(':') && SAVE_VERB.test(trimmed) && !EDIT_VERB.test(trimmed);
}

const SAVE_VERB = /\b(?:save[sd]?|saving|create[sd]?|creating|write|writing|store|named|called)\b/i;
const EDIT_VERB = /\b(?:edit|editing|update|updating|modify|change|append|add|adding|replace|open)\b/i;
