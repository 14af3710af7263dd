// @ts-check
// The workflow-graph command's logic that needs no editor: which workflow
// the cursor is in, and what text to show for the server's answer. Kept
// apart from extension.js so that Node's test runner can load it.
'use strict';

const declaration = /^[ \t]*(task|echo|webhook|workflow|launchplan|import)(?![A-Za-z0-9_])(?:[ \t]+([A-Za-z_][A-Za-z0-9_]*))?/;

/**
 * Lists the workflows declared in text, with the line (0-based) each
 * declaration starts on and the line the next declaration starts on.
 * Declarations start a line, as every formatted program writes them.
 * @param {string} text
 * @returns {{name: string, start: number, end: number}[]}
 */
function workflows(text) {
  const lines = text.split('\n');
  /** @type {{name: string, start: number, end: number}[]} */
  const out = [];
  /** @type {{name: string, start: number, end: number} | null} */
  let open = null;
  let inTriple = false;
  lines.forEach((line, i) => {
    const m = inTriple ? null : declaration.exec(line);
    if (m) {
      if (open) open.end = i;
      open = null;
      if (m[1] === 'workflow' && m[2]) {
        open = { name: m[2], start: i, end: lines.length };
        out.push(open);
      }
    }
    // A declaration keyword inside a multi-line string is text.
    if (((line.match(/"""/g) || []).length) % 2 === 1) inTriple = !inTriple;
  });
  return out;
}

/**
 * Returns the name of the workflow whose declaration holds line (0-based),
 * or undefined.
 * @param {string} text
 * @param {number} line
 */
function workflowAt(text, line) {
  return workflows(text).find((w) => w.start <= line && line < w.end)?.name;
}

/**
 * Returns the graph text from the server's answer to wfc.graph: the text
 * itself, or an object holding it.
 * @param {unknown} result
 * @returns {string | undefined}
 */
function graphText(result) {
  if (typeof result === 'string') return result;
  if (result && typeof result === 'object') {
    for (const key of ['text', 'graph', 'content']) {
      const v = /** @type {Record<string, unknown>} */ (result)[key];
      if (typeof v === 'string') return v;
    }
  }
  return undefined;
}

/**
 * The language to show a graph in: the format's own when an installed
 * extension knows it, else plain text.
 * @param {string} format "mermaid" or "dot"
 * @param {string[]} known the editor's language ids
 */
function graphLanguage(format, known) {
  const id = format === 'dot' ? 'dot' : 'mermaid';
  return known.includes(id) ? id : 'plaintext';
}

module.exports = { workflows, workflowAt, graphText, graphLanguage };
