/**
 * What a doc says a shell script deploys, read from prose: "`deploy-all.sh` deploys the workers and
 * HAProxy", "Run `./up.sh`, which applies the main process, the workers and the proxy.", and
 * "`deploy-all.sh` deploys:" followed by a list (or "It deploys:" under a heading naming the script).
 * Only the words are read here; docs/script-drift resolves them in the model, and compares only the
 * ones that name a workload, a Service or a worker type.
 *
 * Linear in the line: fixed regular expressions without nested quantifiers, one split of the list.
 */
import type { ShellCommand } from '../parse/shell.ts';

/** A statement read from one line of prose. */
export interface ScriptStatement {
  /** The script as written, undefined when the line speaks of the script its section is about ("It deploys …"). */
  script: string | undefined;
  /** Where the script's name (or, without one, the verb) starts in the line, and its length. */
  index: number;
  length: number;
  /** What the line says it deploys, as written, with where each starts in the line. */
  items: { text: string; index: number }[];
  /** The line ends in "deploys:" or "deploys the following:": the list items after it are the items. */
  opensList: boolean;
}

/** A script's name: `deploy-all.sh`, `./scripts/up.sh`, `bin/install.bash` (not a URL's last segment). */
const SCRIPT_NAME = /(?<![\w/.:-])((?:\.{1,2}\/)?(?:[\w.-]+\/)*[\w-][\w.-]*\.(?:sh|bash))(?![\w-])/;
/** A verb that says what a script puts in the cluster. */
const DEPLOY_VERB = /\b(?:deploys?|deploying|applies|apply|installs?|installing|creates?|sets? up|brings? up|rolls? out|starts|launches)\b/i;
/**
 * What may stand between the script's name and the verb: "`x.sh` deploys", "`x.sh`: deploys", "`x.sh`,
 * which deploys", "`x.sh` to deploy", "the `x.sh` script will also apply". A bare comma may not ("After
 * `x.sh`, apply the HPA" tells the reader what to do next), nor other words ("`x.sh` first, then apply").
 */
const GAP = /^[`'"*)\s]*(?:script\b\s*)?(?:[:—–-]\s*|,?\s*(?:which|that)\b\s*|to\b\s*)?(?:(?:will|also|automatically|simply|only|then)\b\s*)*$/i;
/** Under a heading naming the script, a verb that says what it does (not the imperative, which tells the reader). */
const THIRD_PERSON = /^(?:deploys|applies|installs|creates|sets up|brings up|rolls out|starts|launches)$/i;
/** How a line about the heading's script starts: "It deploys", "This script applies", "Deploys:". */
const PRONOUN_START = /^\s*(?:(?:it|this script|the script|this|running it)\s+(?:(?:also|will|only|then|first)\s+)*)?$/i;
/** The end of the sentence the list is in: `.`, `;`, `!` or `?` before a space or the end ("e.g." is hedged away before). */
const SENTENCE_END = /[.;!?](?=\s|$)/;
/** "the following:", "these:", "everything below:": the list comes next. */
const LIST_NEXT = /^\s*(?:(?:the\s+)?following(?:\s+\w+)?|these(?:\s+\w+)?|everything below|below)?\s*:?\s*$/i;
// Each starts at a fixed character or at the first space of a run: no run is scanned twice (linear on any line).
const ITEM_SEPARATOR = /,\s*(?:and\s+|&\s+|plus\s+)?|(?<!\s)\s+(?:and|&|plus|as well as)\s+|\+/gi;
/** Words after an item that say where or how, not what: "the workers to the `matrix` namespace". */
const ITEM_TAIL = /(?<!\s)\s+(?:to|into|in|on|onto|with|from|using|via|for|under|at|behind|across|-)\s|[(:—–]/i;
const TRAILING = new Set([' ', '\t', '*', '`', "'", '"', '”', '.', ',', ';', ':', '!', '?']);
const LEADING_WORDS = /^(?:(?:the|a|an|all|both|every|each|its|our|their|of|then)\s+)+/i;

/** The script a line (a heading) names, if any. */
export function scriptNamed(text: string): string | undefined {
  if (!text.includes('.sh') && !text.includes('.bash')) return undefined;
  return SCRIPT_NAME.exec(text)?.[1];
}

/**
 * Reads "`x.sh` deploys A, B and C" in a line. `aboutScript`: the line is in a section whose heading
 * names a script, so "It deploys A and B" counts too.
 */
export function readScriptStatement(text: string, aboutScript: boolean): ScriptStatement | undefined {
  const named = scriptNamed(text) === undefined ? undefined : SCRIPT_NAME.exec(text);
  let from: number;
  let verb: RegExpExecArray | null;
  if (named) {
    from = named.index + named[0].length;
    verb = DEPLOY_VERB.exec(text.slice(from));
    if (!verb || !GAP.test(text.slice(from, from + verb.index))) return undefined;
  } else {
    if (!aboutScript) return undefined;
    from = 0;
    verb = DEPLOY_VERB.exec(text);
    if (!verb || !THIRD_PERSON.test(verb[0]) || !PRONOUN_START.test(text.slice(0, verb.index))) return undefined;
  }
  const restStart = from + verb.index + verb[0].length;
  const end = SENTENCE_END.exec(text.slice(restStart));
  const rest = text.slice(restStart, end ? restStart + end.index : text.length);
  const index = named ? named.index : verb.index;
  const length = named ? named[0].length : verb[0].length;
  const script = named?.[1];
  if (LIST_NEXT.test(rest)) return { script, index, length, items: [], opensList: text.trimEnd().endsWith(':') || rest.trim() === '' };
  return { script, index, length, items: splitItems(rest, restStart), opensList: false };
}

/** A list item's subject: the words before any explanation ("HAProxy (the load balancer)", "`web` — the shop"). */
export function listItemSubject(text: string): { text: string; index: number } | undefined {
  return cleanItem(text, 0);
}

function splitItems(text: string, offset: number): { text: string; index: number }[] {
  const items: { text: string; index: number }[] = [];
  let start = 0;
  for (const separator of text.matchAll(ITEM_SEPARATOR)) {
    const item = cleanItem(text.slice(start, separator.index), offset + start);
    if (item) items.push(item);
    start = separator.index + separator[0].length;
  }
  const last = cleanItem(text.slice(start), offset + start);
  if (last) items.push(last);
  return items;
}

function cleanItem(raw: string, offset: number): { text: string; index: number } | undefined {
  const tail = ITEM_TAIL.exec(raw);
  let text = tail ? raw.slice(0, tail.index) : raw;
  let index = offset;
  const lead = /^[\s*`'"“]*/.exec(text)![0].length;
  text = text.slice(lead);
  index += lead;
  const words = LEADING_WORDS.exec(text);
  if (words) {
    text = text.slice(words[0].length);
    index += words[0].length;
  }
  let end = text.length;
  while (end > 0 && TRAILING.has(text[end - 1]!)) end--;
  text = text.slice(0, end);
  return text === '' ? undefined : { text, index };
}

/**
 * Whether a script's command stops it for sure: `exit` at the top level, not behind `&&`/`||` nor in
 * a pipeline. `set -e` stops a script only when a step fails, which reading cannot tell.
 */
export function isUnconditionalExit(command: ShellCommand, previous: ShellCommand | undefined): boolean {
  if (command.words[0]?.text !== 'exit' || command.depth !== 0 || command.next === '|') return false;
  return previous === undefined || (previous.next !== '&&' && previous.next !== '||' && previous.next !== '|');
}
