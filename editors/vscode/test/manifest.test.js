// Checks of what VS Code reads from the extension's files and would only
// report, if at all, in its logs: paths, ids and regular expressions.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const { contributes } = manifest;

test('the files the manifest names exist', () => {
  assert.ok(fs.existsSync(path.join(root, manifest.main)), manifest.main);
  for (const lang of contributes.languages) assert.ok(fs.existsSync(path.join(root, lang.configuration)), lang.configuration);
  for (const g of contributes.grammars) assert.ok(fs.existsSync(path.join(root, g.path)), g.path);
});

test('the grammar, the language and the activation agree on names', () => {
  const [lang] = contributes.languages;
  assert.equal(lang.id, 'wf');
  assert.deepEqual(lang.extensions, ['.wf']);
  const [g] = contributes.grammars;
  assert.equal(g.language, lang.id);
  const grammar = JSON.parse(fs.readFileSync(path.join(root, g.path), 'utf8'));
  assert.equal(grammar.scopeName, g.scopeName);
  assert.deepEqual(manifest.activationEvents, [`onLanguage:${lang.id}`]);
});

test('every command in a menu is contributed, and every setting is read under wfc.', () => {
  const commands = new Set(contributes.commands.map((c) => c.command));
  for (const m of contributes.menus.commandPalette) assert.ok(commands.has(m.command), m.command);
  const source = fs.readFileSync(path.join(root, manifest.main), 'utf8');
  for (const c of commands) assert.ok(source.includes(`'${c}'`), `${c} is registered in ${manifest.main}`);
  for (const key of Object.keys(contributes.configuration.properties)) {
    assert.match(key, /^wfc\./);
    const setting = key.slice('wfc.'.length);
    // wfc.trace.server is read by the client library, by the client's id.
    if (setting !== 'trace.server') assert.ok(source.includes(`'${setting}'`), `${key} is read in ${manifest.main}`);
  }
});

test("the language configuration's patterns compile and do what they say", () => {
  const conf = JSON.parse(fs.readFileSync(path.join(root, 'language-configuration.json'), 'utf8'));
  assert.equal(conf.comments.lineComment, '#', 'lang/lexer.go: a comment runs from # to the end of the line');
  const increase = new RegExp(conf.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(conf.indentationRules.decreaseIndentPattern);
  assert.ok(increase.test('task hello(s: str) -> str {'));
  assert.ok(increase.test('    data = {  # a comment'));
  assert.ok(increase.test('    v = f('));
  assert.ok(!increase.test('    v = f(x = 1)'));
  assert.ok(decrease.test('}'));
  assert.ok(decrease.test('    ]'));
  assert.ok(!decrease.test('    x = 1'));
  const word = new RegExp(conf.wordPattern, 'g');
  assert.deepEqual('v1 = step(x = -1m30s, y = 2.5)'.match(word), ['v1', 'step', 'x', '-1m30s', 'y', '2.5']);
  for (const rule of conf.onEnterRules) {
    new RegExp(rule.beforeText);
    if (rule.afterText) new RegExp(rule.afterText);
  }
});
