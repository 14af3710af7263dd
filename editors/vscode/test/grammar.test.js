// Tests of the TextMate grammar, run by `npm test` and by the Go test in
// editors/ (which `go test ./...` runs).
//
// - Every example program's tokens match a golden file in
//   testdata/golden/textmate/ (refreshed with WFC_UPDATE_GOLDEN=1, or
//   `go test ./editors -update`).
// - Snippets pin down the lexer's corner cases, one construct each.
// - With WFC_PARSER_FACTS set (the Go test sets it), every token of every
//   program of the repository must be coloured as wfc's own lexer and
//   parser read it.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { tokenize, formatTokens } = require('./tokenize.js');

const repo = path.resolve(__dirname, '..', '..', '..');
const examples = path.join(repo, 'examples');
const goldenDir = path.join(repo, 'testdata', 'golden', 'textmate');
const update = process.env.WFC_UPDATE_GOLDEN === '1';

/** Lists the .wf files under dir, as paths relative to it, sorted. */
function wfFiles(dir) {
  return fs.readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.wf'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** Returns the tokens with exactly this text. */
function tokensWithText(tokens, text) {
  return tokens.filter((t) => t.text === text);
}

function hasScope(token, scope) {
  return token.scopes.some((s) => s === scope || s.startsWith(scope + '.'));
}

test('every example matches its golden tokens', async (t) => {
  const files = wfFiles(examples);
  assert.ok(files.length > 0, `no .wf files under ${examples}`);
  for (const file of files) {
    await t.test(file, async () => {
      const text = fs.readFileSync(path.join(examples, file), 'utf8');
      const got = formatTokens(text, await tokenize(text));
      const golden = path.join(goldenDir, file + '.tokens');
      if (update) {
        fs.mkdirSync(path.dirname(golden), { recursive: true });
        fs.writeFileSync(golden, got);
        return;
      }
      assert.ok(fs.existsSync(golden), `${golden} is missing: run with WFC_UPDATE_GOLDEN=1`);
      assert.equal(got, fs.readFileSync(golden, 'utf8'), `tokens of ${file} differ from ${golden}`);
    });
  }
});

// A golden file whose example is gone would never be checked again.
test('no golden file outlives its example', () => {
  if (!fs.existsSync(goldenDir)) return;
  const want = new Set(wfFiles(examples).map((f) => f + '.tokens'));
  const have = fs.readdirSync(goldenDir, { recursive: true })
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.tokens'));
  const stale = have.filter((f) => !want.has(f));
  if (update) {
    for (const f of stale) fs.rmSync(path.join(goldenDir, f));
    return;
  }
  assert.deepEqual(stale, [], 'golden files without an example (remove them, or run with WFC_UPDATE_GOLDEN=1)');
});

test('examples: nothing is marked invalid and each declaration starts at the top level', async () => {
  for (const file of wfFiles(examples)) {
    const text = fs.readFileSync(path.join(examples, file), 'utf8');
    for (const tok of await tokenize(text)) {
      const where = `${file}:${tok.line}:${tok.column} ${JSON.stringify(tok.text)}`;
      assert.ok(!tok.scopes.some((s) => s.startsWith('invalid')), `${where} is marked invalid: ${tok.scopes}`);
      if (tok.column === 1 && /^(task|echo|webhook|workflow|launchplan)$/.test(tok.text)) {
        assert.equal(tok.scopes.length, 2, `${where} is inside another construct: ${tok.scopes}`);
      }
    }
  }
});

// Snippets: each names tokens by their text and says which scope each has
// (a scope or a prefix of one, ending at a dot), or must not have ("!").
// A text that occurs more than once is written "text#n" for the n-th.
const snippets = [
  {
    name: 'comments run to the end of the line',
    src: 'task a() { # a comment with "quotes" and {inputs.x}\n}',
    expect: [['#', 'punctuation.definition.comment'], [' a comment with "quotes" and {inputs.x}', 'comment.line.number-sign']],
  },
  {
    name: 'task kinds',
    src: 'task a() {}\necho b(x: int)\nwebhook c {}\n',
    expect: [['task', 'storage.type.task'], ['echo', 'storage.type.echo'], ['webhook', 'storage.type.webhook'],
      ['a', 'entity.name.function'], ['b', 'entity.name.function'], ['c', 'entity.name.function']],
  },
  {
    name: 'an echo task without a body ends where the next declaration starts',
    src: 'echo pass(a: int)\nworkflow w() -> int {\n    return pass(a = 1)\n}\n',
    expect: [['workflow', 'storage.type.workflow'], ['workflow', '!meta.declaration.task'], ['w', 'entity.name.function'],
      ['return', 'keyword.control.return'], ['pass#2', 'entity.name.function.call']],
  },
  {
    name: 'types: simple, list, map, optional, file and dir with formats',
    src: 'task t(a: str, b: list[int], c: map[str, list[dict?]], d: file["csv"], e: dir, f: datetime?, g: error?, h: duration, i: float, j: bool) -> (o: file, p: mytype) {}',
    expect: [['str#1', 'support.type.primitive'], ['list#1', 'support.type'], ['int', 'support.type.primitive'],
      ['map', 'support.type'], ['dict', 'support.type.primitive'], ['?#1', 'keyword.operator.optional'],
      ['file#1', 'support.type'], ['csv', 'string.quoted.double'], ['dir', 'support.type'], ['datetime', 'support.type.primitive'],
      ['error', 'support.type.primitive'], ['duration', 'support.type.primitive'], ['float', 'support.type.primitive'],
      ['bool', 'support.type.primitive'], ['o', 'variable.parameter.output'], ['file#2', 'support.type'],
      ['mytype', 'entity.name.type'], ['a', 'variable.parameter'], ['j', 'variable.parameter']],
  },
  {
    name: 'type names are not reserved: a variable may be called dict',
    src: 'workflow w(dict: dict) -> dict {\n    return dict\n}',
    expect: [['dict#1', 'variable.parameter'], ['dict#2', 'support.type.primitive'], ['dict#4', 'variable.other'], ['dict#4', '!support']],
  },
  {
    name: 'results on a line of their own and parameter defaults',
    src: 'workflow w(s: str = "x", n: int = -3, l: list[str] = ["a", "b"], m: dict = {"k": 1})\n        -> (a: int, b: str) {\n}',
    expect: [['->', 'keyword.operator.arrow'], ['a#2', 'variable.parameter.output'], ['-', 'keyword.operator.arithmetic'],
      ['3', 'constant.numeric.integer'], ['k', 'meta.mapping.key'], ['{#2', 'punctuation.section.block.begin']],
  },
  {
    name: 'strings: escapes, and an invalid escape as the lexer rejects it',
    src: 'task t() {\n    shell = "a\\n\\t\\r\\\\\\"\\u00e9 \\q"\n}',
    expect: [['\\n', 'constant.character.escape'], ['\\u00e9', 'constant.character.escape'], ['\\"', 'constant.character.escape'],
      ['\\q', 'invalid.illegal.escape']],
  },
  {
    name: 'placeholders inside strings, and not inside dict keys',
    src: 'webhook h(x: dict) {\n    url = "http://h/{inputs.x.id}?t={secrets.TOKEN}&{id}"\n    data = {"{inputs.x}": "{inputs.x}"}\n}',
    expect: [['inputs#1', 'variable.language'], ['x#2', 'variable.other.property'], ['id', 'variable.other.property'],
      ['secrets', 'variable.language'], ['TOKEN', 'variable.other.property'], ['&{id}', 'string.quoted.double'],
      ['&{id}', '!meta.template'], ['{inputs.x}', 'meta.mapping.key'], ['inputs#2', 'meta.template.expression']],
  },
  {
    name: 'triple-quoted strings span lines, take no escapes and hold placeholders',
    src: 'task t(n: int) {\n    shell = """\n        echo \\n {inputs.n}\n        """\n}\nworkflow w() {}',
    expect: [['"""#1', 'string.quoted.triple'], ['        echo \\n ', 'string.quoted.triple'], ['        echo \\n ', '!constant.character.escape'],
      ['inputs', 'variable.language'], ['"""#2', 'punctuation.definition.string.end'], ['workflow', 'storage.type.workflow']],
  },
  {
    name: 'numbers, floats and durations as the lexer reads them',
    src: 'workflow w() {\n    a = f(i = 42, f = 2.5, e = 6.02e23, g = -1e-3, d = 1m30s, u = 250ms, v = 1.5h, w = 3µs, x = 10sx, y = 1m30, z = 1.e)\n}',
    expect: [['42', 'constant.numeric.integer'], ['2.5', 'constant.numeric.float'], ['6.02e23', 'constant.numeric.float'],
      ['1e-3', 'constant.numeric.float'], ['1m30s', 'constant.numeric.duration'], ['250ms', 'constant.numeric.duration'],
      ['1.5h', 'constant.numeric.duration'], ['3µs', 'constant.numeric.duration'],
      ['10', 'constant.numeric.integer'], ['sx', '!constant.numeric'], ['m30', '!constant.numeric'], ['1', 'constant.numeric.integer']],
  },
  {
    name: 'keywords, constants and operators of workflow bodies',
    src: [
      'workflow w(n: int, xs: list[int], ys: list[int]) -> int with {on_failure = alert, keep_going = true} {',
      '    a = if n > 10 and n != 3 or (n <= 1) { big(n = n) } else if n >= 0 { small(n = n) } else { fail("no") }',
      '    b, c = [pair(x = x, y = y) for x, y in zip(xs, ys)] with {concurrency = 4}',
      '    a >> c',
      '    d = f(v = null, t = true, u = false, r = a.o0.key)',
      '    return a',
      '}',
    ].join('\n'),
    expect: [['with#1', 'keyword.other.with'], ['on_failure', 'variable.other.property'], ['alert', 'variable.other'],
      ['if#1', 'keyword.control.conditional'], ['else#1', 'keyword.control.conditional'], ['and', 'keyword.operator.logical'],
      ['or', 'keyword.operator.logical'], ['>', 'keyword.operator.comparison'], ['!=', 'keyword.operator.comparison'],
      ['<=', 'keyword.operator.comparison'], ['>=', 'keyword.operator.comparison'], ['fail', 'support.function.builtin'],
      ['zip', 'support.function.builtin'], ['for', 'keyword.control.loop'], ['in', 'keyword.control.loop'],
      ['with#2', 'keyword.other.with'], ['concurrency', 'variable.other.property'], ['>>', 'keyword.operator.chain'],
      ['a#1', 'variable.other.assignment'], ['a#2', 'variable.other'], ['b', 'variable.other.assignment'], ['c#1', 'variable.other.assignment'],
      ['null', 'constant.language.null'], ['true#2', 'constant.language.boolean'], ['false', 'constant.language.boolean'],
      ['o0', 'variable.other.property'], ['key', 'variable.other.property'], ['big', 'entity.name.function.call'],
      ['n#5', 'variable.parameter'], ['n#6', 'variable.other'], ['return', 'keyword.control.return'], ['}#6', 'punctuation.section.block.end'], ['}#6', '!meta.brace']],
  },
  {
    name: 'a workflow whose with-block closes on the line of the body',
    src: 'workflow w() -> str with {\n    keep_going = true\n} {\n    return x()\n}\ntask t() {}',
    expect: [['keep_going', 'variable.other.property'], ['return', 'meta.block.workflow'], ['task', '!meta.declaration.workflow']],
  },
  {
    name: "a workflow whose body's { starts the line after its with-block",
    src: 'workflow w() -> str with {\n    keep_going = true\n}\n{\n    v = x(a = 1)\n    return v\n}\ntask t() {}',
    expect: [['keep_going', 'variable.other.property'], ['v#1', 'variable.other.assignment'], ['a', 'variable.parameter'],
      ['return', 'keyword.control.return'], ['task', 'storage.type.task'], ['task', '!meta.block']],
  },
  {
    name: "a declaration's name on a later line than its keyword, after a comment",
    src: 'echo # after a keyword\n    e(x: int)\nlaunchplan # c\n    p = w {\n}\nworkflow\n    v() {}',
    expect: [['e', 'entity.name.function'], ['p', 'entity.name.function'], ['w', 'entity.name.function.call'],
      ['v', 'entity.name.function'], ['workflow', '!meta.declaration.launchplan']],
  },
  {
    name: 'imports and launch plans',
    src: 'import "hooks.wf"\nlaunchplan nightly = report {\n    fixed    = {regions = ["eu", "us"]}\n    schedule = "0 3 * * *"\n    max_parallelism = 4\n}',
    expect: [['import', 'keyword.control.import'], ['hooks.wf', 'string.quoted.double'], ['launchplan', 'storage.type.launchplan'],
      ['nightly', 'entity.name.function'], ['report', 'entity.name.function.call'], ['fixed', 'variable.other.property'],
      ['regions', 'variable.other.property'], ['schedule', 'variable.other.property'], ['4', 'constant.numeric.integer']],
  },
  {
    name: 'names that start with a keyword are names',
    src: 'workflow w() {\n    tasks = iffy(format = returned, infos = nullable)\n}',
    expect: [['tasks', 'variable.other.assignment'], ['iffy', 'entity.name.function.call'], ['format', 'variable.parameter'],
      ['returned', 'variable.other'], ['infos', 'variable.parameter'], ['nullable', 'variable.other']],
  },
  {
    name: 'a keyword misused as a name is coloured as the keyword it is',
    src: 'task if(in: int, ok: int) {}\nworkflow w(for: int) -> (with: int) {\n    else = zip(x = 1)\n    a = t(or = 1)\n}',
    expect: [['if', 'keyword.control.conditional'], ['in', 'keyword.control.loop'], ['ok', 'variable.parameter'],
      ['for', 'keyword.control.loop'], ['with', 'keyword.other.with'], ['else', 'keyword.control.conditional'],
      ['zip', 'support.function.builtin'], ['or', 'keyword.operator.logical'], ['a', 'variable.other.assignment']],
  },
  {
    name: 'characters the lexer rejects are marked invalid',
    src: 'workflow w() {\n    a = f(x = 1 + 2) ; b ! c @\n}',
    expect: [['+', 'invalid.illegal.character'], [';', 'invalid.illegal.character'], ['!', 'invalid.illegal.character'],
      ['@', 'invalid.illegal.character']],
  },
];

for (const s of snippets) {
  test(`snippet: ${s.name}`, async () => {
    const tokens = await tokenize(s.src);
    const dump = () => formatTokens(s.src, tokens);
    for (const [spec, scope] of s.expect) {
      const [text, nth] = spec.length > 1 && /#\d+$/.test(spec) ? [spec.replace(/#\d+$/, ''), Number(spec.match(/#(\d+)$/)[1])] : [spec, 1];
      const tok = tokensWithText(tokens, text)[nth - 1];
      assert.ok(tok, `no token ${JSON.stringify(text)} number ${nth} in:\n${dump()}`);
      if (scope.startsWith('!')) {
        assert.ok(!hasScope(tok, scope.slice(1)), `${JSON.stringify(spec)} has ${scope.slice(1)}: ${tok.scopes}\n${dump()}`);
      } else {
        assert.ok(hasScope(tok, scope), `${JSON.stringify(spec)} lacks ${scope}: ${tok.scopes}\n${dump()}`);
      }
    }
  });
}

// The Go test (editors/vscode_test.go) lexes and parses every program of
// the repository with wfc's own lexer and parser and hands over what they
// found: comments, strings, numbers, keywords, names and punctuation, and
// declarations, parameters, types, fields, arguments, calls and literals,
// each with the scope it must have (one of several, separated by |) or must
// not have. The grammar must agree with them wherever they all look.
test('the grammar agrees with the lexer and the parser on every program of the repository', async (t) => {
  const factsPath = process.env.WFC_PARSER_FACTS;
  if (!factsPath) {
    t.skip('WFC_PARSER_FACTS is not set: `go test ./editors` runs this part');
    return;
  }
  const files = JSON.parse(fs.readFileSync(factsPath, 'utf8'));
  assert.ok(files.length > 0, 'no programs in the facts file');
  let checked = 0;
  for (const { file, facts } of files) {
    const text = fs.readFileSync(path.join(repo, file), 'utf8');
    const byPosition = new Map();
    for (const tok of await tokenize(text)) byPosition.set(`${tok.line}:${tok.column}`, tok);
    for (const f of facts) {
      const where = `${file}:${f.line}:${f.column}`;
      const tok = byPosition.get(`${f.line}:${f.column}`);
      assert.ok(tok, `${where}: the parser has ${JSON.stringify(f.text)} (${f.scope}) here, but no token starts here`);
      if (f.text !== '') {
        assert.equal(tok.text, f.text, `${where}: the parser's token is ${JSON.stringify(f.text)}, the grammar's ${JSON.stringify(tok.text)}`);
      }
      if (f.scope) {
        assert.ok(f.scope.split('|').some((s) => hasScope(tok, s)), `${where}: ${JSON.stringify(tok.text)} should be ${f.scope}, is ${tok.scopes.join(' ')}`);
      }
      if (f.not) {
        assert.ok(!f.not.split('|').some((s) => hasScope(tok, s)), `${where}: ${JSON.stringify(tok.text)} should not be ${f.not}, is ${tok.scopes.join(' ')}`);
      }
      checked++;
    }
  }
  assert.ok(checked > 1000, `only ${checked} facts checked`);
  t.diagnostic(`${checked} tokens of ${files.length} programs checked`);
});
