export const HELP = `Usage: docdrift <command> [options]

Keep infrastructure documentation true: reconciles Markdown docs, Kubernetes
manifests and haproxy.cfg, and reports where they disagree.

Commands:
  check [root]          Check a deployment folder (default: the current folder)
  report [root]         Write the architecture review (Markdown, HTML or JSON)
  rules [rule-id]       List the rules, or explain one with a bad and a good example
  site build|dev [root] Publish the architecture, guide, expansion path and drift
                        report as a static site (see docdrift site --help)

Options for check:
  -f, --format NAME     stylish (default), json, sarif, github or junit;
                        repeat it to write several reports in one run
  -o, --output FILE     Where the report goes; - is standard output (default).
                        The Nth --output takes the Nth --format, so give one
                        per --format: -f stylish -f sarif -o - -o docdrift.sarif
  -c, --config FILE     Use this config file instead of looking one up
      --fail-on LEVEL   Exit 1 on findings of LEVEL or worse: error (default),
                        warning or info
      --max-warnings N  Also exit 1 when there are more than N warnings
      --changed-since REF
                        Report only findings in files changed since the git
                        ref REF (or with a related place in one)
      --quiet           Report errors only (exit policy counts what is reported)
      --no-color        Never colour the output (also: NO_COLOR)
      --cache           Reuse parse results and external renders (helm
                        template, kustomize build) of unchanged files
      --cache-location DIR
                        Where the cache lives (default:
                        node_modules/.cache/docdrift); implies --cache
      --watch           Re-check on every change; print only what changed

Options for report:
  -f, --format NAME     markdown (default), html, or json (the issues as data)
  -o, --output FILE     Write it to FILE instead of standard output
  -c, --config FILE     Use this config file instead of looking one up
      --date YYYY-MM-DD The review date (no date is printed otherwise)

Options for rules:
  -f, --format NAME     text (default), json; markdown for the list

General options:
  -h, --help            Show this help
  -v, --version         Print the version
      --debug           Print stack traces of internal errors

Environment:
  DOCDRIFT_NO_EXTERNAL_RENDER=1
                        Never run kustomize, kubectl or helm to render units
                        (as config render.external: false)

Exit codes: 0 no finding at the --fail-on level, 1 drift found, 2 docdrift
could not do its job (bad arguments, root or config).
`;
