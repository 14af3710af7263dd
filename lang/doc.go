// Package lang is wfc's front end: source files, the lexer and participle
// grammar, the AST (every node with its source range) and diagnostics.
// Positions are lang's own (Pos, Range; RangeOf reads a node's): participle
// is how lang parses, not part of what it exposes.
//
// The entry point is Parse, which turns one source file into a *File and a
// sorted Diagnostics list; Diagnostics.Render and Diagnostics.JSON present
// problems to people and to tools.
package lang
