const { Parser, Language } = require('web-tree-sitter');
const fs = require('fs');
(async () => {
  await Parser.init({ wasmBinary: fs.readFileSync('node_modules/web-tree-sitter/web-tree-sitter.wasm') });
  const bash = await Language.load(fs.readFileSync('node_modules/tree-sitter-bash/tree-sitter-bash.wasm'));
  const parser = new Parser(); parser.setLanguage(bash);
  const cases = {
    'parens only': (n) => ')'.repeat(n),
    'echo + parens': (n) => 'echo ' + ')'.repeat(n),
    '64 open + parens': (n) => '$(declare '.repeat(64) + ')'.repeat(n),
    '8 open + parens': (n) => '$(declare '.repeat(8) + ')'.repeat(n),
    '1 open + parens': (n) => '$(declare ' + ')'.repeat(n),
    'open ( + }': (n) => '( '.repeat(64) + '}'.repeat(n),
    'fi fi': (n) => 'fi '.repeat(n),
    'done': (n) => 'if true; then '.repeat(64) + 'done '.repeat(n),
  };
  for (const [name, make] of Object.entries(cases)) {
    const row = [];
    for (const n of [1000, 2000, 4000]) {
      const text = make(n);
      let calls = 0;
      const t = performance.now();
      const tree = parser.parse(text, null, { progressCallback: () => { calls++; return false; } });
      row.push(`${n}: ${(performance.now() - t).toFixed(0)}ms/${calls}`);
      tree?.delete();
    }
    console.log(name.padEnd(20), row.join('  '));
  }
})();
