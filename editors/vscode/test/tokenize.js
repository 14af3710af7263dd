// Tokenizes wfc source with the extension's grammar, using the TextMate
// engine and Oniguruma build that VS Code itself uses.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const grammarPath = path.join(__dirname, '..', 'syntaxes', 'wf.tmLanguage.json');

let grammarPromise;

/** Returns the wf grammar, loaded once. */
function loadGrammar() {
  grammarPromise ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName) => {
        if (scopeName !== 'source.wf') return null;
        return vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath);
      },
    });
    return registry.loadGrammar('source.wf');
  })();
  return grammarPromise;
}

/**
 * Tokenizes text line by line, as an editor does, and returns every token
 * that is not only blanks: its line and column (1-based), text and scopes
 * (the root scope source.wf left out).
 */
async function tokenize(text) {
  const grammar = await loadGrammar();
  const tokens = [];
  let state = vsctm.INITIAL;
  const lines = text.replace(/^\uFEFF/, '').split('\n'); // editors hide a byte-order mark
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, i) => {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      const value = line.slice(t.startIndex, t.endIndex);
      if (value.trim() === '') continue;
      tokens.push({ line: i + 1, column: t.startIndex + 1, text: value, scopes: t.scopes.slice(1) });
    }
    state = r.ruleStack;
  });
  return tokens;
}

/**
 * Formats tokens one per line, under the source line they belong to, with
 * their scopes less the language suffix .wf that all of them end in.
 */
function formatTokens(text, tokens) {
  const lines = text.split('\n');
  const out = [];
  let last = 0;
  for (const t of tokens) {
    if (t.line !== last) {
      out.push(`${t.line}: ${lines[t.line - 1]}`);
      last = t.line;
    }
    out.push(`  ${t.column} ${JSON.stringify(t.text)} ${t.scopes.map((s) => s.replace(/\.wf$/, '')).join(' ')}`);
  }
  return out.join('\n') + '\n';
}

module.exports = { tokenize, formatTokens };
