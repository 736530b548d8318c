export const USAGE = `Usage:
  tool-policy scan [--policy FILE]... [--home DIR] [--all-users] [--format text|json|sarif] [--now ISO] [--lang TAG]
  tool-policy validate FILE...
  tool-policy export --format osquery|fleet|vscode-policy [--policy FILE]... [--now ISO] [--platform linux|macos|windows]
  tool-policy catalog [--format text|json]
  tool-policy --help | --version

scan      Checks this machine against the policy for one person, the owner of the home
          folder: every editor's extensions folder under it, the owner's processes, the
          policy's command-line tools on PATH and in the usual install folders, and MCP
          server definitions in editors' and agents' config files.
validate  Checks policy files; prints FILE:LINE:COL: error: PATH: message for each problem
          (and warning: for warnings, which leave the exit code at 0).
export    Prints the policy as osquery SQL, Fleet policies, or VS Code's AllowedExtensions policy.
catalog   Lists the built-in tools: id, name and every matcher.

Options:
  --policy FILE   A policy file; repeat for layers, highest first. Default: the managed policy
                  (/etc/tool-policy/policy.yaml on Linux) and TOOL_POLICY_FILE.
  --home DIR      The home folder to look in (default: the current user's). It must exist and
                  be readable; its owner is the person whose processes and exceptions count.
  --all-users     Count every user's processes, not only the home folder owner's.
  --format        scan: text (default), json or sarif. catalog: text or json.
                  export: osquery, fleet or vscode-policy.
  --now ISO       The time to judge deadlines at (YYYY-MM-DD or ISO 8601 with offset).
  --lang TAG      Language of policy texts and of scan's words (default: LC_ALL, LANG).
  --platform      export: linux, macos or windows (vscode-policy default: linux; osquery and
                  fleet default: all three).

Exit codes: 0 compliant (notices allowed), 1 warnings, 2 violations, 3 policy error,
4 usage error, 5 incomplete (something could not be read and no violation was found),
70 internal error, 74 output error.
`;
