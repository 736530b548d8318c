const { Parser, Language } = require('web-tree-sitter');
const fs = require('fs');
(async () => {
  await Parser.init({ wasmBinary: fs.readFileSync('node_modules/web-tree-sitter/web-tree-sitter.wasm') });
  const bash = await Language.load(fs.readFileSync('node_modules/tree-sitter-bash/tree-sitter-bash.wasm'));
  const parser = new Parser(); parser.setLanguage(bash);
  const units = [')', ') ', '))x', ';;', ';; ', ']]', ']] ', '}', '} ', 'esac ', 'then ', '| ', '&& ', 'fi ', '|| ', '& ', ';& ', '<< ', '> ', 'x) ', '((', 'do ', 'in ', '] ', '( ', '$( ', '${ ', '`', '"$(', '<(', '{ ', '[[ ', 'case ', 'if ', 'function ', '! ', 'a=( ', 'x=', '=', '\\', "$'", '#', 'elif ', 'else ', 'done ', '[ ', '<<<', '&>'];
  for (const u of units) {
    const row = [];
    for (const n of [1000, 4000]) {
      const text = u.repeat(n);
      const t = performance.now();
      const tree = parser.parse(text);
      row.push(`${n}: ${(performance.now() - t).toFixed(0)}ms`);
      tree?.delete();
    }
    console.log(JSON.stringify(u).padEnd(12), row.join('  '));
  }
})();
