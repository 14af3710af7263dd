// Package lang is wfc's front end: source files, the lexer, the parsers
// (recursive descent, by hand), the AST (every node with its source range)
// and diagnostics. Positions are lang's own: Pos and Range, and RangeOf
// reads a node's.
//
// The entry point is Parse, which turns one source file into a *File and a
// sorted Diagnostics list; Diagnostics.Render and Diagnostics.JSON present
// problems to people and to tools.
package lang
