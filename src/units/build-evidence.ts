/**
 * Build evidence: the Makefile, script and guide (fenced shell) lines that write a manifest file from other manifests
 * (`cat parts/*.yaml > all.yaml`, `for f in parts/*.yaml; do cat $f; done > all.yaml`,
 * `kustomize build k/prod > release/prod.yaml`, `helm template web ./chart > web.yaml`, `>>` too).
 * The file written is then a packaging of what it is built from, however far it has drifted.
 * Pure: a function of the files' texts and the paths below the root. A target or a source that
 * holds a variable docdrift cannot evaluate (`$(OUT)/all.yaml`, `${DIR}/x.yaml`) is skipped.
 */
import picomatch from 'picomatch';
import type { Source } from '../model/types.ts';
import { joinPath, SHELL_LANGS } from '../model/build-claims.ts';
import { makefileRecipes } from '../parse/makefile.ts';
import { parseShell, type ShellCommand } from '../parse/shell.ts';

export interface BuildStep {
  /** The manifest file written, root-relative. */
  output: string;
  /** What it is built from, root-relative: files, and folders a renderer reads (`kustomize build DIR`). */
  inputs: string[];
  /** The command that builds it: `cat`, `awk`, `kustomize build`, `helm template` … */
  command: string;
  /** The command line, in the Makefile or script. */
  source: Source;
}

export interface BuildFile {
  path: string;
  /** 'build' for Makefiles; 'script' for shell scripts; 'doc' for Markdown (its fenced shell blocks). */
  role: string;
  text: string;
}

const MANIFEST = /\.(?:ya?ml|json)$/;
/** Commands whose second word says what they do (`kustomize build`, `helm template`). */
const SUBCOMMANDS = new Set(['kustomize', 'kubectl', 'helm', 'yq', 'kpt']);
/** Commands that render a folder (a kustomization, a chart); the one given, else the current one. */
const RENDERERS = new Set(['kustomize build', 'kubectl kustomize', 'helm template']);
/** Files that make a folder something a renderer reads. */
const RENDERED_FOLDER_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization', 'Chart.yaml'];

/** The build steps of Makefiles and shell scripts, in path and line order. */
export function buildSteps(files: readonly BuildFile[], paths: ReadonlySet<string>): BuildStep[] {
  const steps: BuildStep[] = [];
  const tree: Tree = { paths, globs: new Map() };
  for (const file of files) {
    // Cheap test first: nothing is built without a redirection.
    if (!file.text.includes('>')) continue;
    const folder = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '';
    if (file.role === 'build') {
      // make runs each recipe line in its own shell, in the Makefile's folder.
      for (const recipe of makefileRecipes(file.text)) {
        steps.push(...stepsOf(parseShell(recipe.text, { firstLine: recipe.source.line }).commands, [folder], tree, file.path, { file: file.path, ...recipe.source }));
      }
    } else if (file.role === 'script') {
      // A script runs from wherever it is started: its own folder or the repository root, whichever holds the file it writes.
      steps.push(...stepsOf(parseShell(file.text).commands, folder === '' ? [''] : [folder, ''], tree, file.path, undefined));
    } else if (file.role === 'doc') {
      for (const block of shellBlocks(file.text)) {
        if (!block.text.includes('>')) continue;
        steps.push(...stepsOf(parseShell(block.text, { firstLine: block.line, firstColumn: block.column }).commands, folder === '' ? [''] : [folder, ''], tree, file.path, undefined));
      }
    }
  }
  return steps;
}

/** The paths below the root, and the manifests each glob seen so far matches. */
interface Tree {
  paths: ReadonlySet<string>;
  globs: Map<string, string[]>;
}

function stepsOf(commands: ShellCommand[], bases: string[], tree: Tree, file: string, fixedSource: Source | undefined): BuildStep[] {
  const { paths } = tree;
  const steps: BuildStep[] = [];
  const loops = new Map<string, string[]>();
  // Commands joined by `|` are consecutive and share a number: a pipeline starts where its number does.
  const pipelineStart = new Map<number, number>();
  let loopStart: number | undefined;
  for (const [index, command] of commands.entries()) {
    if (!pipelineStart.has(command.pipeline)) pipelineStart.set(command.pipeline, index);
    const [name, variable, keyword, ...list] = command.words.map((word) => word.text);
    if (name === 'for' && variable !== undefined && keyword === 'in') {
      loops.set(variable, list);
      loopStart = index;
    }
    for (const redirection of command.redirections) {
      if ((redirection.operator !== '>' && redirection.operator !== '>>') || (redirection.fd !== undefined && redirection.fd !== 1) || !redirection.target) continue;
      const target = redirection.target.text;
      if (target.includes('$') || !MANIFEST.test(target)) continue;
      const base = bases.find((candidate) => isFile(joinPath(candidate, target), paths));
      if (base === undefined) continue;
      const output = joinPath(base, target)!;
      // `done > out.yaml` redirects the whole loop: its commands and its list are the statement.
      const statement = commands.slice(command.words.length === 0 && loopStart !== undefined ? loopStart : pipelineStart.get(command.pipeline)!, index + 1);
      // The loop's first command says what it does (`cat`), not `for`.
      const first = statement.find((entry) => entry.words.length > 0 && entry !== commands[loopStart ?? -1]) ?? statement.find((entry) => entry.words.length > 0);
      if (!first) continue;
      const tool = commandName(first);
      const renders = RENDERERS.has(tool);
      const inputs = new Set<string>();
      for (const entry of statement) for (const word of operands(entry, loops)) for (const input of resolve(base, word, tree, renders)) if (input !== output) inputs.add(input);
      if (renders && inputs.size === 0 && tool !== 'helm template' && isRendered(base, paths)) inputs.add(base);
      if (inputs.size === 0) continue;
      const start = statement[0]!;
      const source = fixedSource ?? { file, line: start.line, column: start.column, endLine: redirection.endLine, endColumn: redirection.endColumn };
      steps.push({ output, inputs: [...inputs].sort(), command: tool, source });
    }
  }
  return steps;
}

/** The fenced shell blocks of a Markdown text (```sh, ~~~bash …), each with the file line and column of its first line. */
function shellBlocks(text: string): { text: string; line: number; column: number }[] {
  const blocks: { text: string; line: number; column: number }[] = [];
  const lines = text.split(/\r?\n/);
  let open: { fence: string; indent: number; lang: string; start: number } | undefined;
  for (const [index, line] of lines.entries()) {
    const fence = /^([ \t]*)(`{3,}|~{3,})[ \t]*([\w-]*)/.exec(line);
    if (!open) {
      if (fence) open = { fence: fence[2]!, indent: fence[1]!.length, lang: fence[3]!.toLowerCase(), start: index + 1 };
      continue;
    }
    if (!fence || fence[2]![0] !== open.fence[0] || fence[2]!.length < open.fence.length || line.trim() !== fence[2]) continue;
    if (SHELL_LANGS.has(open.lang)) {
      const body = lines.slice(open.start, index).map((entry) => entry.slice(Math.min(open!.indent, /^[ \t]*/.exec(entry)![0].length)));
      blocks.push({ text: body.join('\n'), line: open.start + 1, column: open.indent + 1 });
    }
    open = undefined;
  }
  return blocks;
}

function commandName(command: ShellCommand): string {
  const [name = '', sub] = command.words.map((word) => word.text);
  return SUBCOMMANDS.has(name) && sub !== undefined && !sub.startsWith('-') ? `${name} ${sub}` : name;
}

/** The words of a command that may name what it reads: its arguments, `<` files and loop lists, with loop variables replaced by their lists. */
function operands(command: ShellCommand, loops: ReadonlyMap<string, string[]>): string[] {
  const [name, ...args] = command.words.map((word) => word.text);
  const words = name === 'for' ? args.slice(2) : SUBCOMMANDS.has(name ?? '') ? args.slice(1) : args;
  for (const redirection of command.redirections) if (redirection.operator === '<' && redirection.target) words.push(redirection.target.text);
  return words.flatMap((word) => {
    const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(word)?.[1];
    if (variable !== undefined) return loops.get(variable) ?? [];
    return word.startsWith('-') || word.includes('$') ? [] : [word];
  });
}

/**
 * What a word names, seen from `base`: for a renderer, a folder it renders (a kustomization's, a
 * chart's); for other commands, a manifest file, or the manifests a glob matches.
 */
function resolve(base: string, word: string, tree: Tree, renders: boolean): string[] {
  const joined = joinPath(base, word);
  if (joined === undefined) return [];
  if (renders) return isRendered(joined, tree.paths) ? [joined] : [];
  if (!/[*?[]/.test(joined)) return MANIFEST.test(joined) && tree.paths.has(joined) ? [joined] : [];
  let matched = tree.globs.get(joined);
  if (!matched) {
    const matches = picomatch(joined, { dot: false });
    tree.globs.set(joined, (matched = [...tree.paths].filter((path) => MANIFEST.test(path) && matches(path))));
  }
  return matched;
}

function isRendered(folder: string, paths: ReadonlySet<string>): boolean {
  return RENDERED_FOLDER_FILES.some((name) => paths.has(folder === '' ? name : `${folder}/${name}`));
}

function isFile(path: string | undefined, paths: ReadonlySet<string>): boolean {
  return path !== undefined && paths.has(path);
}
