// Package shellscript makes a shell task's script ready to run without
// ever pasting an input value into its text.
//
// On Flyte a shell task runs as `/bin/sh -c SCRIPT NAME {{.inputs.x}}…`:
// flytepropeller replaces each {{.inputs.x}} argument with the value's
// text (compiler.CommandText, which renders wfc's values), and because
// each is an argument of its own, no value can end a word or start a
// command. wfc run executes the same command line with the same argument
// texts, so both run one script the same way.
//
// Prepare makes that script. It copies the arguments into shell variables
// first and clears the positional parameters, so that $1, "$@", set -- and
// shell functions in the user's script mean what they would with no
// arguments, then rewrites each placeholder into an expansion of its
// variable quoted for the place it stands in. PrepareTask adds the capture
// of standard output that a task with one output has. The compiler's
// checker (arithmetic inputs), the Flyte emitter (the raw container's
// arguments) and nodes/shell (the command wfc run executes) all use it.
//
// # Finding each placeholder's quoting context
//
// A scanner of its own (scan.go) follows the POSIX shell grammar, and
// bash's common extensions, only as far as quoting goes. It copies any
// text byte for byte, so a script it does not understand, or one with a
// syntax error, is still rewritten safely and fails in the shell as
// written.
//
// mvdan.cc/sh/v3/syntax (v3.14.1) was evaluated in its place, with a
// prototype that walks its tree, and not adopted. With every placeholder
// first masked as a name of the same length, the tree holds what the
// rewrite needs (quotes, ${…} words, slices and indexes, arithmetic,
// here-documents and their quoted delimiters, comments), and for the
// scripts of the rewrite table it parses, the contexts agreed with the
// scanner's. It cannot replace the scanner because:
//
//   - it needs the masking: as written, {inputs.n} inside $(( )) or (( ))
//     is a parse error ("floating point arithmetic is a zsh feature"), and
//     in ${V:-{inputs.x}} the word ends at the first }, splitting the
//     placeholder;
//   - it rejects whole scripts that bash runs, such as
//     $((cd /; pwd) | wc -l) from the rewrite table, and any script with a
//     syntax error (most of what the fuzz target generates), which then
//     could not be rewritten at all: the checker would have to reject
//     scripts the shells accept, or keep this scanner as a fallback;
//   - neither variant is /bin/sh: LangPOSIX rejects the bash extensions a
//     script may use where /bin/sh is bash ($'…', <<<, (( )), ${v:1}),
//     and LangBash reads (( as arithmetic where dash reads two subshells,
//     which is no better than the scanner's own choice;
//   - the rewrite itself (quoted here-documents turned into unquoted ones,
//     the expansions written per context) stays hand-written either way.
package shellscript
