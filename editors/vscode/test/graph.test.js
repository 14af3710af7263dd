// Tests of the graph command's editor-free logic (graph.js).
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { workflows, workflowAt, graphText, graphLanguage } = require('../graph.js');

const program = [
  'import "hooks.wf"', //             0
  '',
  'task hello(s: str) -> str {', //   2
  '    shell = """',
  '        workflow not_one', //      4: text inside a script
  '        """',
  '}',
  '',
  '# Greets.', //                     8
  'workflow greet(s: str) -> str {',
  '    return hello(s = s)', //      10
  '}',
  'echo pass(x: int)', //            12
  'workflow other() {}', //          13
  'launchplan nightly = greet {', // 14
  '}',
].join('\n');

test('workflows are found with the lines they span', () => {
  assert.deepEqual(workflows(program), [
    { name: 'greet', start: 9, end: 12 },
    { name: 'other', start: 13, end: 14 },
  ]);
});

test('the workflow under the cursor', () => {
  assert.equal(workflowAt(program, 10), 'greet');
  assert.equal(workflowAt(program, 9), 'greet');
  assert.equal(workflowAt(program, 13), 'other');
  assert.equal(workflowAt(program, 4), undefined, 'a line of a task');
  assert.equal(workflowAt(program, 12), undefined, 'an echo task after a workflow');
  assert.equal(workflowAt(program, 15), undefined, 'a launch plan');
});

test('every example workflow is found', () => {
  const dir = path.resolve(__dirname, '..', '..', '..', 'examples');
  const text = fs.readFileSync(path.join(dir, 'notify.wf'), 'utf8');
  const [w] = workflows(text);
  assert.equal(w.name, 'announce');
  // Its header spans two lines; the body is inside the span.
  const bodyLine = text.split('\n').findIndex((l) => l.includes('return a, b, c, d'));
  assert.equal(workflowAt(text, bodyLine), 'announce');
});

test("the server's answer: text, or an object holding it", () => {
  assert.equal(graphText('flowchart TD\n'), 'flowchart TD\n');
  assert.equal(graphText({ text: 'digraph {}' }), 'digraph {}');
  assert.equal(graphText({ graph: 'g' }), 'g');
  assert.equal(graphText(null), undefined);
  assert.equal(graphText({ other: 1 }), undefined);
});

test('the language of a graph editor falls back to plain text', () => {
  assert.equal(graphLanguage('mermaid', ['mermaid', 'wf']), 'mermaid');
  assert.equal(graphLanguage('dot', ['dot']), 'dot');
  assert.equal(graphLanguage('dot', ['mermaid']), 'plaintext');
  assert.equal(graphLanguage('mermaid', []), 'plaintext');
});
