// @ts-check
// The VS Code client of the wfc language server. It starts `wfc lsp` on
// stdio (the binary named by the wfc.path setting) for .wf files; the
// server does the rest (diagnostics, hover, navigation, completion, rename,
// formatting, symbols, semantic tokens, code lenses). This file adds the
// command that shows a workflow's graph, since only the editor can open it.
//
// Plain JavaScript rather than TypeScript: the extension is small, and
// without a compile step `npm ci` is all that running, testing or packaging
// it needs. `// @ts-check` still gets it type-checked in the editor.
'use strict';

const vscode = require('vscode');
const { LanguageClient, State } = require('vscode-languageclient/node');
const { workflowAt, workflows, graphText, graphLanguage } = require('./graph.js');

/** The server's command that returns a workflow's graph as text. */
const graphCommand = 'wfc.graph';

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel} */
let output;

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  output = vscode.window.createOutputChannel('wfc');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('wfc.showGraph', showGraph),
    vscode.commands.registerCommand('wfc.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('wfc.path')) restart();
    }),
  );
  await start();
}

async function deactivate() {
  await client?.stop();
  client = undefined;
}

async function start() {
  const command = vscode.workspace.getConfiguration('wfc').get('path', 'wfc') || 'wfc';
  client = new LanguageClient(
    'wfc',
    'wfc language server',
    // No transport: the client talks over the process's stdin and stdout
    // without adding a --stdio flag, which `wfc lsp` does not take.
    { command, args: ['lsp'] },
    {
      // The server checks files, with their unsaved changes, and buffers
      // never saved (whose imports are found from the server's directory).
      documentSelector: [
        { scheme: 'file', language: 'wf' },
        { scheme: 'untitled', language: 'wf' },
      ],
      outputChannel: output,
      middleware: {
        // Code lenses and wfc.showGraph both run the server's wfc.graph,
        // whose arguments are a URI, a workflow and a format; the format is
        // the setting's, and the answer is text, which is shown here.
        executeCommand: async (cmd, args, next) => {
          if (cmd !== graphCommand) return next(cmd, args);
          const format = graphFormat();
          const result = await next(cmd, [args[0], args[1], format]);
          await openGraph(result, format);
          return result;
        },
      },
    },
  );
  try {
    await client.start();
  } catch (err) {
    const choice = await vscode.window.showErrorMessage(
      `Could not start the wfc language server with \`${command} lsp\`: ${err instanceof Error ? err.message : err}. ` +
        'Install wfc (go install ./cmd/wfc) or set wfc.path.',
      'Open Settings',
    );
    if (choice === 'Open Settings') vscode.commands.executeCommand('workbench.action.openSettings', 'wfc.path');
  }
}

async function restart() {
  if (client?.state === State.Running) await client.stop();
  await start();
}

function graphFormat() {
  return vscode.workspace.getConfiguration('wfc').get('graph.format', 'mermaid');
}

/** Shows the graph of the workflow under the cursor, or of one picked from a list. */
async function showGraph() {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'wf') {
    vscode.window.showInformationMessage('Open a .wf file to show a workflow graph.');
    return;
  }
  const text = editor.document.getText();
  let name = workflowAt(text, editor.selection.active.line);
  if (!name) {
    const names = workflows(text).map((w) => w.name);
    if (names.length === 0) {
      vscode.window.showInformationMessage('This file declares no workflow.');
      return;
    }
    name = names.length === 1 ? names[0] : await vscode.window.showQuickPick(names, { placeHolder: 'Workflow to draw' });
    if (!name) return;
  }
  // Runs through the middleware above, which opens the answer. The
  // command exists while the server runs: the client registers it.
  try {
    await vscode.commands.executeCommand(graphCommand, editor.document.uri.toString(), name);
  } catch (err) {
    vscode.window.showErrorMessage(`wfc: no graph of ${name}: ${err instanceof Error ? err.message : err}`);
  }
}

/**
 * Opens the server's answer to wfc.graph in a new editor beside this one.
 * @param {unknown} result
 * @param {string} format
 */
async function openGraph(result, format) {
  const content = graphText(result);
  if (content === undefined) {
    vscode.window.showErrorMessage('The wfc language server returned no graph.');
    return;
  }
  const language = graphLanguage(format, await vscode.languages.getLanguages());
  const doc = await vscode.workspace.openTextDocument({ content, language });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

module.exports = { activate, deactivate };
