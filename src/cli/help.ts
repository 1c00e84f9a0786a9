export const HELP = `Usage: docdrift <command> [options]

Keep infrastructure documentation true: reconciles Markdown docs, Kubernetes
manifests and haproxy.cfg, and reports where they disagree.

Commands:
  check [root]          Check a deployment folder (default: the current folder)
  report [root]         Write the architecture review (Markdown, or --format html)

Options for check and report:
  -f, --format NAME     check: stylish (default), json, sarif, github,
                        junit; report: markdown (default), html
  -o, --output FILE     Write the report to FILE instead of standard output
  -c, --config FILE     Use this config file instead of looking one up
      --quiet           Report errors only
      --no-color        Never colour the output (also: NO_COLOR)
      --date YYYY-MM-DD report: the review date (no date is printed otherwise)

General options:
  -h, --help            Show this help
  -v, --version         Print the version
      --debug           Print stack traces of internal errors

Exit codes: 0 no errors, 1 drift found, 2 docdrift could not do its job.
`;
