/**
 * What each process runs, worked out in SQL from osquery's `processes` columns the way
 * the scan works it out from a process (detect/processes.ts `processInvocations`): the
 * process name and argv[0] as program names (a launcher that renames itself through
 * argv[0] is caught by either), a package path in argv[0..2]
 * (`…/node_modules/@anthropic-ai/claude-code/cli.js`), a native install's versioned
 * path (`~/.local/share/claude/versions/2.1.0` names `claude`), and the script or module
 * an interpreter runs (`node …/bin/claude`, `python -m aider`, `bun …`, `deno run npm:…`),
 * following detect/interpreters.ts option by option.
 *
 * The result is the CTE `proc_run(pid, kind, value)`: kind `name` (a program name) or
 * `package`, compared with the matcher table by equality. osquery gives the command line
 * as one string (`cmdline`: the arguments joined by spaces on Linux and macOS, as typed on
 * Windows), so it is cut into words here: at spaces, with double quotes keeping a word
 * together; an argument that itself holds a space reads as two words. Only the first
 * MAX_WORDS words are read. Everything is plain SQLite (recursive CTEs, `instr`,
 * `substr`, `rtrim`), no osquery-only function.
 */
import { BUN_SUBCOMMANDS, DENO_VALUE_OPTIONS, NODE_NO_SCRIPT_OPTIONS, NODE_VALUE_OPTIONS, PYTHON_VALUE_OPTIONS } from '../detect/interpreters';
import { sqlString } from './sqlText';

/** Words of a command line that are read: enough for any interpreter's options before its script. */
const MAX_WORDS = 32;
/** How many `node_modules` a package path may nest. */
const MAX_NESTING = 16;

const list = (values: readonly string[]) => `(${values.map(sqlString).join(', ')})`;
/** `word` is one of `values` (none holds a space): one string literal instead of a list of them, for long lists. */
const oneOf = (word: string, values: readonly string[]) => `instr(${sqlString(` ${values.join(' ')} `)}, ' ' || ${word} || ' ') > 0`;

/** The last segment of a path (either separator): `rtrim` strips everything after the last one. */
const basename = (x: string) => `substr(${x}, length(rtrim(${x}, replace(replace(${x}, '/', ''), '\\', ''))) + 1)`;
/** A path without its last segment and separator ('' for a bare name); `/` only. */
const dirname = (x: string) => `substr(${x}, 1, max(length(rtrim(${x}, replace(${x}, '/', ''))) - 1, 0))`;
/** programNames.ts `programName` of a lower-cased base name: `.exe`, `.cmd`, `.bat`, `.ps1`, `.com` dropped. */
const stripSuffix = (lowered: string) =>
  `CASE WHEN substr(${lowered}, -4) IN ('.exe', '.cmd', '.bat', '.ps1', '.com') THEN substr(${lowered}, 1, length(${lowered}) - 4) ELSE ${lowered} END`;

/** interpreters.ts PYTHON: `python`, `python3`, `python3.12`, `pythonw`, `py`, `pypy`, `pypy3`; `digits` is what follows `python` without a final `w`. */
const isPython = (program: string, digits: string) =>
  `(${program} IN ('py', 'pypy', 'pypy3') OR (${program} GLOB 'python*' AND (${digits} = '' OR (${digits} GLOB '[0-9]*' AND ${digits} GLOB '*[0-9]' AND rtrim(${digits}, '0123456789.') = '' AND instr(${digits}, '..') = 0))))`;

/**
 * One step of each interpreter's reading of its arguments (interpreters.ts), from state
 * `s` and word `t` to the next state. The states that end the walk by naming what runs:
 * S a script (its package path and, without a dot, its name), P a Python script (its
 * name), M / m a Python module (the word, or the word after `-m`), N an npm package
 * (`deno run npm:…`). `done`: nothing runs that names a tool.
 */
function stepSql(s: string, t: string): string {
  const node = `CASE WHEN ${s} = 'skip' THEN 'scan' WHEN ${s} = 'next' THEN 'S'
        WHEN ${oneOf(t, NODE_NO_SCRIPT_OPTIONS)} OR ${t} GLOB '--eval=*' OR ${t} GLOB '--print=*' THEN 'done'
        WHEN ${t} = '--' THEN 'next'
        WHEN ${t} GLOB '-*' THEN (CASE WHEN instr(${t}, '=') = 0 AND ${oneOf(t, NODE_VALUE_OPTIONS)} THEN 'skip' ELSE 'scan' END)
        ELSE 'S' END`;
  const python = `CASE WHEN ${s} = 'skip' THEN 'scan' WHEN ${s} = 'module' THEN 'M'
        WHEN ${t} = '-c' THEN 'done' WHEN ${t} = '-m' THEN 'module' WHEN ${t} GLOB '-m?*' THEN 'm'
        WHEN ${t} IN ${list(PYTHON_VALUE_OPTIONS)} THEN 'skip'
        WHEN ${t} GLOB '-*' THEN 'scan' ELSE 'P' END`;
  const bun = `CASE WHEN ${t} GLOB '-*' THEN 'scan' WHEN ${oneOf(t, BUN_SUBCOMMANDS)} THEN 'done' ELSE 'S' END`;
  const scheme = `substr(${t}, 1, instr(${t}, ':') - 1)`;
  const run = `(${s} IN ('r', 'rskip'))`;
  const deno = `CASE WHEN ${s} = 'start' AND ${t} IN ('run', 'x') THEN 'r'
        WHEN ${s} = 'rskip' THEN 'r' WHEN ${s} = 'pskip' THEN 'p'
        WHEN ${t} = '--' THEN (CASE WHEN ${run} THEN 'r' ELSE 'p' END)
        WHEN ${t} GLOB '-*' THEN (CASE WHEN ${oneOf(t, DENO_VALUE_OPTIONS)} THEN (CASE WHEN ${run} THEN 'rskip' ELSE 'pskip' END) ELSE (CASE WHEN ${run} THEN 'r' ELSE 'p' END) END)
        WHEN ${t} GLOB 'npm:*' THEN 'N'
        WHEN lower(${t}) GLOB 'file://*' THEN 'S'
        WHEN instr(${t}, ':') >= 3 AND substr(${t}, 1, 1) GLOB '[A-Za-z]' AND rtrim(lower(${scheme}), 'abcdefghijklmnopqrstuvwxyz0123456789+.-') = '' THEN 'done'
        WHEN ${run} OR ${t} GLOB '*[/\\.]*' THEN 'S'
        ELSE 'done' END`;
  return `CASE w.mode WHEN 'node' THEN (${node}) WHEN 'python' THEN (${python}) WHEN 'bun' THEN (${bun}) ELSE (${deno}) END`;
}

/** States in which the walk reads the next word. */
const WALKING = ['start', 'scan', 'skip', 'next', 'module', 'r', 'p', 'rskip', 'pskip'];

/** The CTEs, in order; the last one is `proc_run(pid, kind, value)`. */
export function processRunCtes(): string[] {
  const firstWordQuoted = `(CASE WHEN instr(substr(rest, 2), '"') > 0 THEN substr(rest, 2, instr(substr(rest, 2), '"') - 1) ELSE substr(rest, 2) END)`;
  const afterQuoted = `(CASE WHEN instr(substr(rest, 2), '"') > 0 THEN ltrim(substr(rest, instr(substr(rest, 2), '"') + 2)) ELSE '' END)`;
  const npmSpec = 'spec';
  const npmName = `lower(CASE WHEN ${npmSpec} GLOB '@*' THEN (CASE WHEN instr(substr(${npmSpec}, 2), '@') > 0 THEN substr(${npmSpec}, 1, instr(substr(${npmSpec}, 2), '@')) ELSE ${npmSpec} END)
        WHEN instr(${npmSpec}, '@') > 0 THEN substr(${npmSpec}, 1, instr(${npmSpec}, '@') - 1) ELSE ${npmSpec} END)`;
  // MATERIALIZED: a CTE read in several places is worked out once, and its expressions
  // are not copied into every place that reads it (that copying made the statement's
  // compiled program some 70,000 steps long).
  return [
    // Zombies have exited: nothing of them runs.
    `proc(pid, uid, name, cmdline) AS MATERIALIZED (SELECT pid, uid, name, cmdline FROM processes WHERE coalesce(state, '') <> 'Z')`,
    // The command line's words: i = 0 is argv[0].
    `proc_arg(pid, i, word, rest) AS MATERIALIZED (
    SELECT pid, -1, '', trim(coalesce(cmdline, '')) FROM proc
    UNION ALL
    SELECT pid, i + 1,
      CASE WHEN substr(rest, 1, 1) = '"' THEN ${firstWordQuoted} WHEN instr(rest, ' ') > 0 THEN substr(rest, 1, instr(rest, ' ') - 1) ELSE rest END,
      CASE WHEN substr(rest, 1, 1) = '"' THEN ${afterQuoted} WHEN instr(rest, ' ') > 0 THEN ltrim(substr(rest, instr(rest, ' ') + 1)) ELSE '' END
    FROM proc_arg WHERE rest <> '' AND i < ${MAX_WORDS - 1})`,
    // Each word's program name; i = -1 is the process name.
    `proc_base(pid, i, word, base) AS MATERIALIZED (
    SELECT pid, i, word, lower(${basename('word')}) FROM proc_arg WHERE i >= 0
    UNION ALL SELECT pid, -1, name, lower(${basename('name')}) FROM proc WHERE name IS NOT NULL)`,
    `proc_word(pid, i, word, program) AS MATERIALIZED (SELECT pid, i, word, ${stripSuffix('base')} FROM proc_base)`,
    // The npm package of a word that is a path into node_modules: the last one, as packageFromPath reads it.
    `proc_nm(pid, i, rest, depth) AS (
    SELECT pid, i, '/' || replace(word, '\\', '/'), 0 FROM proc_arg WHERE i >= 0 AND instr(word, 'node_modules') > 0
    UNION ALL
    SELECT pid, i, substr(rest, instr(rest, '/node_modules/') + 13), depth + 1 FROM proc_nm WHERE instr(rest, '/node_modules/') > 0 AND depth < ${MAX_NESTING})`,
    `proc_tail(pid, i, first, after) AS MATERIALIZED (
    SELECT pid, i, CASE WHEN instr(tail, '/') > 0 THEN substr(tail, 1, instr(tail, '/') - 1) ELSE tail END,
      CASE WHEN instr(tail, '/') > 0 THEN substr(tail, instr(tail, '/') + 1) ELSE '' END
    FROM (SELECT pid, i, substr(rest, 2) AS tail FROM proc_nm WHERE depth > 0 AND instr(rest, '/node_modules/') = 0))`,
    `proc_pkg(pid, i, package) AS MATERIALIZED (
    SELECT pid, i, lower(CASE WHEN first GLOB '@*' THEN first || '/' || second ELSE first END) FROM (
      SELECT pid, i, first, CASE WHEN instr(after, '/') > 0 THEN substr(after, 1, instr(after, '/') - 1) ELSE after END AS second FROM proc_tail)
    WHERE first <> '' AND (first NOT GLOB '@*' OR second <> ''))`,
    // A native install run by its versioned path: …/share/<name>/versions/<version>[/<file>];
    // argv[0]'s last five segments, n = 0 the last.
    `proc_seg(pid, n, seg, rest) AS (
    SELECT pid, -1, '', replace(word, '\\', '/') FROM proc_arg WHERE i = 0 AND instr(lower(replace(word, '\\', '/')), '/share/') > 0
    UNION ALL
    SELECT pid, n + 1, ${basename('rest')}, ${dirname('rest')} FROM proc_seg WHERE n < 4)`,
    `proc_versioned(pid, name) AS (
    SELECT pid, CASE WHEN lower(b1) = 'versions' AND lower(b3) = 'share' AND b0 <> '' THEN b2 WHEN lower(b2) = 'versions' AND lower(b4) = 'share' AND b1 <> '' THEN b3 END FROM (
      SELECT pid, max(CASE WHEN n = 0 THEN seg END) AS b0, max(CASE WHEN n = 1 THEN seg END) AS b1, max(CASE WHEN n = 2 THEN seg END) AS b2,
        max(CASE WHEN n = 3 THEN seg END) AS b3, max(CASE WHEN n = 4 THEN seg END) AS b4
      FROM proc_seg GROUP BY pid))`,
    // Interpreters among the process name and argv[0], and what each runs.
    `proc_mode(pid, mode) AS MATERIALIZED (
    SELECT DISTINCT pid, CASE WHEN program IN ('node', 'nodejs', 'tsx', 'ts-node') THEN 'node' WHEN program IN ('bun', 'deno') THEN program ELSE 'python' END FROM (
      SELECT pid, program, CASE WHEN suffix GLOB '*w' THEN substr(suffix, 1, length(suffix) - 1) ELSE suffix END AS digits FROM (
        SELECT pid, program, substr(program, 7) AS suffix FROM proc_word WHERE i IN (-1, 0)))
    WHERE program IN ('node', 'nodejs', 'tsx', 'ts-node', 'bun', 'deno') OR ${isPython('program', 'digits')})`,
    `proc_walk(pid, mode, i, state) AS (
    SELECT pid, mode, 0, 'start' FROM proc_mode
    UNION ALL
    SELECT w.pid, w.mode, a.i, ${stepSql('w.state', 'a.word')}
    FROM proc_walk AS w JOIN proc_arg AS a ON a.pid = w.pid AND a.i = w.i + 1
    WHERE w.state IN ${list(WALKING)})`,
    // Where a walk ended by naming what runs: the word and its program name.
    `proc_emit(pid, i, state, word, program) AS MATERIALIZED (
    SELECT w.pid, w.i, w.state, p.word, p.program FROM proc_walk AS w JOIN proc_word AS p ON p.pid = w.pid AND p.i = w.i
    WHERE w.state IN ('S', 'P', 'M', 'm', 'N'))`,
    // A Python module's first part: `-m aider.main` runs aider.
    `proc_module(pid, program) AS (
    SELECT pid, ${stripSuffix('base')} FROM (SELECT pid, lower(${basename('head')}) AS base FROM (
      SELECT pid, CASE WHEN instr(module, '.') > 0 THEN substr(module, 1, instr(module, '.') - 1) ELSE module END AS head FROM (
        SELECT pid, CASE WHEN state = 'm' THEN substr(word, 3) ELSE word END AS module FROM proc_emit WHERE state IN ('M', 'm')) LIMIT -1) LIMIT -1))`,
    `proc_npm(pid, spec) AS (SELECT pid, substr(word, 5) FROM proc_emit WHERE state = 'N' LIMIT -1)`,
    `proc_run(pid, kind, value) AS (
    SELECT pid, 'name', program FROM proc_word WHERE i IN (-1, 0) AND program <> ''
    UNION SELECT pid, 'package', package FROM proc_pkg WHERE i BETWEEN 0 AND 2
    UNION SELECT g.pid, 'name', w.program FROM proc_pkg AS g JOIN proc_word AS w ON w.pid = g.pid AND w.i = g.i WHERE g.i BETWEEN 0 AND 2 AND w.program <> ''
    UNION SELECT pid, 'name', ${stripSuffix('lower(name)')} FROM proc_versioned WHERE name IS NOT NULL AND name <> ''
    UNION SELECT e.pid, 'package', g.package FROM proc_emit AS e JOIN proc_pkg AS g ON g.pid = e.pid AND g.i = e.i WHERE e.state = 'S'
    UNION SELECT pid, 'name', program FROM proc_emit WHERE state IN ('S', 'P') AND program <> '' AND instr(program, '.') = 0
    UNION SELECT pid, 'name', program FROM proc_module WHERE program <> ''
    UNION SELECT pid, 'package', ${npmName} FROM proc_npm)`,
  ];
}
