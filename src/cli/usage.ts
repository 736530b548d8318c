export const USAGE = `Usage:
  tool-policy scan [--policy FILE]... [--home DIR] [--all-users] [--format text|json|sarif] [--now ISO] [--lang TAG]
  tool-policy validate FILE...
  tool-policy export --format osquery|fleet|vscode-policy [--policy FILE]... [--now ISO] [--platform linux|macos|windows]
                    [--fail-from warning]
  tool-policy catalog [--format text|json]
  tool-policy migrate [--policy FILE]... [--from TOOL] [--to TOOL] [--project DIR]... [--home DIR] [--format text|json] [--apply]
  tool-policy --help | --version

scan      Checks this machine against the policy for one person, the owner of the home
          folder: every editor's extensions folder under it, the owner's processes, the
          policy's command-line tools on PATH and in the usual install folders, and MCP
          server definitions in editors' and agents' config files.
validate  Checks policy files; prints FILE:LINE:COL: error: PATH: message for each problem
          (and warning: for warnings, which leave the exit code at 0).
export    Prints the policy as osquery SQL, Fleet policies, or VS Code's AllowedExtensions policy.
catalog   Lists the built-in tools: id, name and every matcher.
migrate   Plans moving your setup of a banned tool (claude-code) to the sanctioned one (qoder,
          github-copilot or cursor): instructions, rules, commands, agents, skills, hooks,
          permissions and MCP servers, user level and per project; what carries over, what is
          converted, what is lost and why, and what the sanctioned tool still runs unchanged.
          Writes only with --apply, and then only new files or new entries: nothing is
          overwritten or deleted. Values of MCP servers' env and headers are never printed.

Options:
  --policy FILE   A policy file; repeat for layers, highest first. Default: the managed policy
                  (/etc/tool-policy/policy.yaml on Linux) and TOOL_POLICY_FILE.
  --home DIR      The home folder to look in (default: the current user's). It must exist and
                  be readable; its owner is the person whose processes and exceptions count.
  --all-users     Count every user's processes, not only the home folder owner's.
  --format        scan: text (default), json or sarif. catalog: text or json.
                  export: osquery, fleet or vscode-policy. migrate: text (default) or json.
  --now ISO       The time to judge deadlines at (YYYY-MM-DD or ISO 8601 with offset).
  --lang TAG      Language of policy texts and of scan's words (default: LC_ALL, LANG).
  --platform      export: linux, macos or windows (vscode-policy default: linux; osquery and
                  fleet default: all three).
  --fail-from warning
                  export --format fleet: a host fails a rule's policy from the start of the
                  rule's warning window (default: from its deadline).
  --from TOOL     migrate: the banned tool (default: each one a rule covers whose setup can be read).
  --to TOOL       migrate: the sanctioned tool (default: the rule's alternative.tool).
  --project DIR   migrate: a project folder; repeat for more (default: the current folder).
  --apply         migrate: write the plan (without it nothing is written).

Exit codes: 0 compliant (notices allowed), 1 warnings, 2 violations, 3 policy error,
4 usage error, 5 incomplete (something could not be read and no violation was found),
70 internal error, 74 output error. migrate: 0 everything carried over (or nothing to do),
1 something is left for you (a conflict, a loss, or a file that could not be read),
3 policy error, 4 usage error.
`;
