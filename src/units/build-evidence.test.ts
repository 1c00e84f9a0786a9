import { describe, expect, it } from 'vitest';
import { makefileRecipes } from '../parse/makefile.ts';
import { buildSteps, type BuildFile } from './build-evidence.ts';

const PATHS = new Set([
  'deploy',
  'deploy/all.yaml',
  'deploy/parts',
  'deploy/parts/web.yaml',
  'deploy/parts/db.yaml',
  'deploy/parts/notes.txt',
  'k',
  'k/prod',
  'k/prod/kustomization.yaml',
  'charts/web',
  'charts/web/Chart.yaml',
  'release',
  'release/prod.yaml',
  'release/web.yaml',
  'release/merged.yaml',
  'tools',
  'tools/bundle.sh',
]);

/** Each step as `output <- inputs (command) @ file:line:column-endLine:endColumn`. */
function steps(files: BuildFile[]): string[] {
  return buildSteps(files, PATHS).map(
    (step) => `${step.output} <- ${step.inputs.join(' ')} (${step.command}) @ ${step.source.file}:${step.source.line}:${step.source.column}-${step.source.endLine}:${step.source.endColumn}`,
  );
}

describe('makefileRecipes', () => {
  it('expands the automatic variables of a rule with one target and leaves the others as written', () => {
    const recipes = makefileRecipes(['OUT ?= out', 'all.yaml: a.yaml b.yaml | dir', '\t@cat $^ > $@', '\tfor f in $$(ls); do echo $$f; done', '', 'x y: a.yaml', '\tcat $< > $@', 'one: ; echo $(OUT)'].join('\n'));
    expect(recipes.map((recipe) => `${recipe.source.line}:${recipe.source.column} ${recipe.text}`)).toEqual([
      '3:3 cat a.yaml b.yaml > all.yaml',
      '4:2 for f in $(ls); do echo $f; done',
      // Two targets: `$@` differs per target, so it stays unknown.
      '7:2 cat $< > $@',
      '8:8 echo $(OUT)',
    ]);
  });

  it('reads assignments, target-specific variables and comments as what they are', () => {
    const recipes = makefileRecipes(['A = b:c', '\tcat a.yaml > b.yaml', 't: A = b', '\tcat a.yaml > b.yaml', 'u: x.yaml # the parts', '\tcat $^ > $@'].join('\n'));
    expect(recipes.map((recipe) => recipe.text)).toEqual(['cat x.yaml > u']);
  });

  it('stays linear on hostile lines (a long line of blanks, of colons, of continuations)', () => {
    const text = [' '.repeat(200_000), ':'.repeat(200_000), `a:${' \\\n'.repeat(50_000)}`, `\t${'> '.repeat(50_000)}`].join('\n');
    expect(makefileRecipes(text)).toHaveLength(1);
    const redirections = 'cat missing.yaml | sort > deploy/all.yaml\n'.repeat(50_000);
    expect(buildSteps([{ path: 'Makefile', role: 'build', text }, { path: 'README.md', role: 'doc', text: `\`\`\`sh\n${'cat a > '.repeat(50_000)}\n\`\`\`` }, { path: 'run.sh', role: 'script', text: redirections }], PATHS)).toEqual([]);
  });

  it('keeps continued recipe lines together, and ends a rule at the next line that is not a recipe', () => {
    const recipes = makefileRecipes(['all.yaml:', '\tcat a.yaml \\', '\t  b.yaml > $@', 'VAR = 1', '\tcat c.yaml > d.yaml'].join('\n'));
    expect(recipes.map((recipe) => ({ text: recipe.text, source: recipe.source }))).toEqual([{ text: 'cat a.yaml \\\n  b.yaml > all.yaml', source: { line: 2, column: 2, endLine: 3, endColumn: 15 } }]);
  });
});

describe('buildSteps', () => {
  it('reads the Makefile recipes that write a manifest from others, from the Makefile\'s folder', () => {
    const makefile = [
      'deploy/all.yaml: deploy/parts/web.yaml deploy/parts/db.yaml',
      '\tcat $^ > $@',
      'release/prod.yaml:',
      '\tkustomize build k/prod > $@',
      'release/web.yaml:',
      '\thelm template web ./charts/web -f values.yaml --namespace shop >> release/web.yaml',
      '# A target it cannot evaluate: no evidence, whatever the sources.',
      'export:',
      '\tcat deploy/parts/*.yaml > $(OUT)/all.yaml',
      'logs:',
      '\tkubectl logs deploy/web > web.log 2> deploy/all.yaml',
    ].join('\n');
    expect(steps([{ path: 'Makefile', role: 'build', text: makefile }])).toEqual([
      'deploy/all.yaml <- deploy/parts/db.yaml deploy/parts/web.yaml (cat) @ Makefile:2:2-2:13',
      'release/prod.yaml <- k/prod (kustomize build) @ Makefile:4:2-4:29',
      'release/web.yaml <- charts/web (helm template) @ Makefile:6:2-6:84',
    ]);
  });

  it('reads scripts from their folder or the root: globs, loops redirected whole, loop variables, appends, awk, yq, kubectl kustomize', () => {
    const script = [
      '#!/bin/sh',
      'for f in ../deploy/parts/*.yaml; do',
      '  cat "$f"; echo ---',
      'done > ../deploy/all.yaml',
      'awk \'FNR==1{print "---"}{print}\' deploy/parts/*.yaml >> deploy/all.yaml',
      'for part in deploy/parts/web.yaml; do cat $part >> release/web.yaml; done',
      'yq eval-all \'.\' release/prod.yaml release/web.yaml > release/merged.yaml',
      'cd k/prod && kubectl kustomize > ../../release/prod.yaml',
      'cat "${DIR}/web.yaml" > release/web.yaml',
      'kubectl get deploy -o yaml > release/prod.yaml',
      'cat deploy/parts/web.yaml > /tmp/web.yaml',
    ].join('\n');
    expect(steps([{ path: 'tools/bundle.sh', role: 'script', text: script }])).toEqual([
      'deploy/all.yaml <- deploy/parts/db.yaml deploy/parts/web.yaml (cat) @ tools/bundle.sh:2:1-4:26',
      'deploy/all.yaml <- deploy/parts/db.yaml deploy/parts/web.yaml (awk) @ tools/bundle.sh:5:1-5:72',
      'release/web.yaml <- deploy/parts/web.yaml (cat) @ tools/bundle.sh:6:39-6:68',
      'release/merged.yaml <- release/prod.yaml release/web.yaml (yq eval-all) @ tools/bundle.sh:7:1-7:73',
    ]);
  });

  it('renders the current folder when a renderer is given none', () => {
    expect(steps([{ path: 'k/prod/build.mk', role: 'build', text: 'render:\n\tkubectl kustomize > ../../release/prod.yaml\n' }])).toEqual([
      'release/prod.yaml <- k/prod (kubectl kustomize) @ k/prod/build.mk:2:2-2:45',
    ]);
  });

  it('reads the fenced shell blocks of a guide, nothing else of it', () => {
    const guide = [
      '# Deploy',
      '',
      'Regenerate the bundle with `cat parts/*.yaml > all.yaml`:',
      '',
      '- In `deploy/`:',
      '',
      '  ```bash',
      '  cat parts/web.yaml \\',
      '    parts/db.yaml > all.yaml',
      '  ```',
      '',
      '```yaml',
      'command: cat parts/web.yaml > all.yaml',
      '```',
    ].join('\n');
    expect(steps([{ path: 'deploy/README.md', role: 'doc', text: guide }])).toEqual(['deploy/all.yaml <- deploy/parts/db.yaml deploy/parts/web.yaml (cat) @ deploy/README.md:8:3-9:29']);
  });

  it('is nothing for files without a redirection, other roles, and outputs that are not in the repository', () => {
    expect(steps([{ path: 'README.md', role: 'doc', text: 'cat deploy/parts/*.yaml > deploy/all.yaml' }])).toEqual([]);
    expect(steps([{ path: 'run.sh', role: 'script', text: 'kubectl apply -f deploy/parts/' }])).toEqual([]);
    expect(steps([{ path: 'run.sh', role: 'script', text: 'cat deploy/parts/*.yaml > deploy/missing.yaml' }])).toEqual([]);
  });
});
