// The contract between the extension and the real `wfc lsp`, over the
// protocol as VS Code's client speaks it: the server starts as the
// extension starts it, offers wfc.graph and a code lens per workflow, and
// answers wfc.graph, called with the arguments extension.js passes, with
// text the extension can show. WFC_BINARY names the wfc to run (the Go test
// in editors/ builds it); without it the test skips.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const cp = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const rpc = require('vscode-languageserver-protocol/node');
const { workflows, workflowAt, graphText } = require('../graph.js');

const examples = path.resolve(__dirname, '..', '..', '..', 'examples');

test('wfc lsp serves the extension its workflow graphs', { timeout: 60_000 }, async (t) => {
  const wfc = process.env.WFC_BINARY;
  if (!wfc) {
    t.skip('WFC_BINARY is not set: `go test ./editors` builds wfc and runs this test');
    return;
  }
  // As extension.js starts it: the binary, the one argument lsp, stdio.
  const server = cp.spawn(wfc, ['lsp'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));
  conn.listen();
  t.after(() => { conn.dispose(); server.kill(); });

  const init = await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(examples).href,
    capabilities: { textDocument: { codeLens: {} }, workspace: { executeCommand: {} } },
    workspaceFolders: null,
  });
  assert.deepEqual(init.capabilities.executeCommandProvider?.commands, ['wfc.graph'], 'the command extension.js runs');
  assert.ok(init.capabilities.codeLensProvider, 'code lenses');
  await conn.sendNotification(rpc.InitializedNotification.type, {});

  for (const file of ['design.wf', 'fanout.wf', 'notify.wf']) {
    const text = fs.readFileSync(path.join(examples, file), 'utf8');
    const uri = pathToFileURL(path.join(examples, file)).href;
    await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'wf', version: 1, text } });

    const lenses = await conn.sendRequest(rpc.CodeLensRequest.type, { textDocument: { uri } });
    const names = workflows(text).map((w) => w.name);
    assert.deepEqual(lenses.map((l) => l.command?.arguments?.[1]), names, `${file}: one lens per workflow, as graph.js finds them`);
    for (const lens of lenses) {
      assert.equal(lens.command.command, 'wfc.graph');
      assert.equal(workflowAt(text, lens.range.start.line), lens.command.arguments[1], `${file}: the lens's line is in its workflow`);
    }

    for (const name of names) {
      for (const [format, start] of [['mermaid', /^flowchart /m], ['dot', /^digraph /m]]) {
        // As showGraph and the middleware pass them.
        const result = await conn.sendRequest(rpc.ExecuteCommandRequest.type, { command: 'wfc.graph', arguments: [uri, name, format] });
        const graph = graphText(result);
        assert.ok(graph && start.test(graph), `${file} ${name} ${format}: ${JSON.stringify(result)?.slice(0, 200)}`);
      }
    }
  }

  await conn.sendRequest(rpc.ShutdownRequest.type);
  await conn.sendNotification(rpc.ExitNotification.type);
  assert.equal(await exited, 0, `wfc lsp exit status; stderr:\n${stderr}`);
});
