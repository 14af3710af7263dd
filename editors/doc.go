// Package editors holds editor support for wfc: the VS Code extension in
// vscode/ (a TextMate grammar, a language configuration and a client of
// `wfc lsp`). Its Go tests run the extension's Node.js tests, so that
// `go test ./...` checks the grammar; see docs/editors.md.
package editors
