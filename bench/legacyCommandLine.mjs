// The command-line tokenizer this project used before it parsed shells with tree-sitter
// (src/core/detect/commandLine.ts and commandMatch.ts at 9b5cbcc), kept only so that
// bench/commandLine.mjs can compare against it in the same run. Generated with esbuild.
// src/core/detect/commandLine.ts
var BREAK = { kind: "break" };
var OPERATOR_CHARS = /* @__PURE__ */ new Set([";", "&", "|", "(", ")", "`", "\n", "\r"]);
var MAX_LINE = 8192;
var MAX_NESTING = 4;
function tokenize(line) {
  const tokens = [];
  let word = "";
  let inWord = false;
  const flush = () => {
    if (inWord) tokens.push({ kind: "word", text: word });
    word = "";
    inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      const stop = end === -1 ? line.length : end;
      word += line.slice(i + 1, stop);
      inWord = true;
      i = stop;
    } else if (ch === '"') {
      inWord = true;
      for (i++; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) i++;
        else if (line[i] === "$" && line[i + 1] === "(") {
          flush();
          tokens.push(BREAK);
          i++;
          break;
        }
        word += line[i];
      }
    } else if (ch === "\\" && i + 1 < line.length && /[\s'"\\$`;&|()<>]/.test(line[i + 1])) {
      word += line[i + 1];
      inWord = true;
      i++;
    } else if (ch === "$" && line[i + 1] === "(") {
      flush();
      tokens.push(BREAK);
      i++;
    } else if (ch === "&" && inWord && /[<>]$/.test(word)) {
      word += ch;
    } else if (OPERATOR_CHARS.has(ch)) {
      flush();
      tokens.push(BREAK);
    } else if (/\s/.test(ch)) {
      flush();
    } else {
      word += ch;
      inWord = true;
    }
  }
  flush();
  return tokens;
}
function commands(tokens) {
  const result = [];
  let current = [];
  for (const token of tokens) {
    if (token.kind === "break") {
      if (current.length > 0) result.push(current);
      current = [];
    } else {
      current.push(token.text);
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}
function programName(word) {
  const base = word.split(/[\\/]/).pop() ?? word;
  return base.toLowerCase().replace(/\.(exe|cmd|bat|ps1|com)$/, "");
}
function packageName(spec) {
  const match = /^(@[a-z0-9][a-z0-9._~-]*\/[a-z0-9][a-z0-9._~-]*|[a-z0-9][a-z0-9._~-]*)(@[^\s@/]+)?$/i.exec(spec);
  return match ? match[1].toLowerCase() : void 0;
}
function packageFromPath(path) {
  const parts = path.split(/[\\/]/);
  for (let i = parts.length - 2; i >= 0; i--) {
    if (parts[i] !== "node_modules") continue;
    const first = parts[i + 1];
    if (!first) return void 0;
    if (first.startsWith("@")) return parts[i + 2] ? `${first}/${parts[i + 2]}`.toLowerCase() : void 0;
    return first.toLowerCase();
  }
  return void 0;
}
var isAssignment = (word) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(word);
var isRedirection = (word) => /^\d*(>>?|<<?|>&|<&|&>)/.test(word);
var WRAPPER_VALUE_OPTIONS = {
  sudo: /* @__PURE__ */ new Set(["-u", "-g", "-U", "-C", "-D", "-r", "-t", "-p", "-h", "--user", "--group", "--chdir"]),
  doas: /* @__PURE__ */ new Set(["-u", "-C"]),
  env: /* @__PURE__ */ new Set(["-u", "-C", "-S", "--unset", "--chdir"]),
  nice: /* @__PURE__ */ new Set(["-n", "--adjustment"]),
  timeout: /* @__PURE__ */ new Set(["-s", "-k", "--signal", "--kill-after"]),
  exec: /* @__PURE__ */ new Set(["-a"]),
  xargs: /* @__PURE__ */ new Set(["-I", "-n", "-P", "-L", "-d", "-s", "-E", "-a", "--max-args", "--max-procs", "--delimiter", "--arg-file"]),
  time: /* @__PURE__ */ new Set(["-f", "-o", "--format", "--output"]),
  stdbuf: /* @__PURE__ */ new Set(["-i", "-o", "-e"]),
  nohup: /* @__PURE__ */ new Set(),
  command: /* @__PURE__ */ new Set(),
  builtin: /* @__PURE__ */ new Set(),
  caffeinate: /* @__PURE__ */ new Set(["-t", "-w"]),
  call: /* @__PURE__ */ new Set()
};
var SHELLS = /* @__PURE__ */ new Set(["sh", "bash", "zsh", "dash", "ksh", "fish"]);
var POWERSHELLS = /* @__PURE__ */ new Set(["powershell", "pwsh"]);
function invocationsOf(words, depth, out) {
  let i = 0;
  while (i < words.length && (isAssignment(words[i]) || isRedirection(words[i]))) i++;
  while (i < words.length) {
    const word = words[i];
    const name = programName(word);
    const valueOptions = WRAPPER_VALUE_OPTIONS[name];
    if (valueOptions) {
      if (name === "command" && (words[i + 1] === "-v" || words[i + 1] === "-V")) return;
      i++;
      if (name === "timeout") {
        while (i < words.length && words[i].startsWith("-")) i += valueOptions.has(words[i]) ? 2 : 1;
        i++;
        continue;
      }
      while (i < words.length) {
        const next = words[i];
        if (next === "--") {
          i++;
          break;
        }
        if ((name === "env" || name === "sudo") && isAssignment(next)) {
          i++;
          continue;
        }
        if (!next.startsWith("-") || next === "-") break;
        i += valueOptions.has(next) ? 2 : 1;
      }
      continue;
    }
    out.push({ program: name, ...packageFromPath(word) ? { package: packageFromPath(word) } : {} });
    const args = words.slice(i + 1);
    runnerPackages(name, args, out);
    scriptArgument(name, args, out);
    nestedCommand(name, args, depth, out);
    return;
  }
}
function runnerPackages(program, args, out) {
  let rest;
  if (program === "npx" || program === "bunx" || program === "pnpx") rest = args;
  else if (program === "npm" && (args[0] === "exec" || args[0] === "x")) rest = args.slice(1);
  else if ((program === "pnpm" || program === "yarn") && args[0] === "dlx") rest = args.slice(1);
  else if (program === "bun" && args[0] === "x") rest = args.slice(1);
  if (!rest) return;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "-p" || arg === "--package") {
      const spec2 = packageName(rest[i + 1] ?? "");
      if (spec2) out.push({ program, package: spec2 });
      i++;
      continue;
    }
    if (arg.startsWith("--package=")) {
      const spec2 = packageName(arg.slice("--package=".length));
      if (spec2) out.push({ program, package: spec2 });
      continue;
    }
    if (arg === "-c" || arg === "--call") {
      const script = rest[i + 1];
      if (script) for (const found of programsInCommandLine(script)) out.push(found);
      return;
    }
    if (arg === "--") continue;
    if (arg.startsWith("-")) continue;
    const spec = packageName(arg);
    if (spec) out.push({ program, package: spec });
    return;
  }
}
function scriptArgument(program, args, out) {
  if (program === "node" || program === "bun" || program === "deno" || program === "tsx") {
    const script = args.find((arg) => !arg.startsWith("-"));
    const pkg = script ? packageFromPath(script) : void 0;
    if (pkg) out.push({ program, package: pkg });
  }
  if (/^python(\d+(\.\d+)?)?$/.test(program) || program === "py") {
    const flag = args.indexOf("-m");
    const module = flag >= 0 ? args[flag + 1] : void 0;
    if (module) out.push({ program: programName(module) });
  }
}
function nestedCommand(program, args, depth, out) {
  if (depth >= MAX_NESTING) return;
  let script;
  if (SHELLS.has(program)) {
    const flag = args.findIndex((arg) => /^-[a-z]*c[a-z]*$/.test(arg));
    if (flag >= 0) script = args[flag + 1];
  } else if (program === "cmd") {
    const flag = args.findIndex((arg) => /^\/[ck]$/i.test(arg));
    if (flag >= 0) script = args.slice(flag + 1).join(" ");
  } else if (POWERSHELLS.has(program)) {
    const flag = args.findIndex((arg) => /^-(c|command)$/i.test(arg));
    if (flag >= 0) script = args.slice(flag + 1).join(" ");
  }
  if (script) collect(script, depth + 1, out);
}
function collect(line, depth, out) {
  for (const words of commands(tokenize(line.slice(0, MAX_LINE)))) invocationsOf(words, depth, out);
}
function programsInCommandLine(line) {
  const out = [];
  collect(line, 0, out);
  return out;
}

// src/core/detect/commandMatch.ts
function matchInvocation(tools, invocation) {
  const matches = [];
  for (const tool of tools) {
    if (tool.commands.some((command) => programName(command) === invocation.program)) {
      matches.push({ toolId: tool.id, matched: invocation.program });
    } else if (invocation.package && tool.packages.some((pkg) => pkg.toLowerCase() === invocation.package)) {
      matches.push({ toolId: tool.id, matched: invocation.package });
    }
  }
  return matches;
}
function matchCommandLine(tools, line) {
  const seen = /* @__PURE__ */ new Set();
  const matches = [];
  for (const invocation of programsInCommandLine(line)) {
    for (const match of matchInvocation(tools, invocation)) {
      if (seen.has(match.toolId)) continue;
      seen.add(match.toolId);
      matches.push(match);
    }
  }
  return matches;
}
export {
  matchCommandLine,
  matchInvocation
};
