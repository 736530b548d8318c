export const USAGE = `Usage:
  tool-policy scan [--policy FILE]... [--home DIR] [--format text|json|sarif] [--now ISO] [--lang TAG]
  tool-policy validate FILE...
  tool-policy export --format osquery|fleet|vscode-policy [--policy FILE]... [--now ISO] [--platform linux|macos|windows]
                    [--fail-from warning]
  tool-policy --help | --version

scan      Checks this machine against the policy: every editor's extensions folder under the
          home folder, every process, the policy's command-line tools on PATH and in the usual
          install folders, and MCP server definitions in editors' and agents' config files.
validate  Checks policy files; prints FILE:LINE:COL: error: PATH: message for each problem
          (and warning: for warnings, which leave the exit code at 0).
export    Prints the policy as osquery SQL, Fleet policies, or VS Code's AllowedExtensions policy.

Options:
  --policy FILE   A policy file; repeat for layers, highest first. Default: the managed policy
                  (/etc/tool-policy/policy.yaml on Linux) and TOOL_POLICY_FILE.
  --home DIR      The home folder to look in (default: the current user's).
  --format        scan: text (default), json or sarif. export: osquery, fleet or vscode-policy.
  --now ISO       The time to judge deadlines at (YYYY-MM-DD or ISO 8601 with offset).
  --lang TAG      Language of policy texts (default: the system's).
  --platform      export: linux, macos or windows (vscode-policy default: linux; osquery and
                  fleet default: all three).
  --fail-from warning
                  export --format fleet: a host fails a rule's policy from the start of the
                  rule's warning window (default: from its deadline).

Exit codes: 0 compliant (notices allowed), 1 warnings, 2 violations, 3 policy error,
4 usage error.
`;
