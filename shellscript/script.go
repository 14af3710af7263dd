package shellscript

import (
	"strconv"
	"strings"
)

// SecretEnvPrefix starts the environment variable a {secrets.NAME}
// placeholder reads; on Flyte the secret is mounted there.
const SecretEnvPrefix = "WFC_SECRET_"

// VarPrefix starts the shell variables that hold a script's inputs;
// scripts should not assign variables of that name.
const VarPrefix = "wfc_in_"

// Script is a shell task's script made ready for /bin/sh -c: every
// {inputs.x} and {secrets.NAME} placeholder replaced by a parameter
// expansion quoted for the place it stands in.
type Script struct {
	// Text is the rewritten script, to run as
	// /bin/sh -c Text TASKNAME ARG1 ARG2…
	Text string
	// Inputs are the inputs referenced, in order of first use: Inputs[i]
	// is argument i+1. An entry is an input name ("x") or, for a
	// {inputs.x.key} placeholder, a dotted path into a dict ("x.key").
	Inputs []string
	// Secrets are the secrets referenced, in order of first use; each is
	// read from the environment variable SecretEnvPrefix+SecretEnvName(NAME).
	Secrets []string
	// DictPaths lists the {inputs.x.key…} placeholders. Flyte has no way
	// to render a key of a dict into a command, so on Flyte the argument
	// is the placeholder's text.
	DictPaths []string
	// Unexpanded lists placeholders left as written: those in a quoted
	// here-document whose delimiter cannot be written unquoted.
	Unexpanded []string
	// Arithmetic lists the entries of Inputs used inside arithmetic
	// ($(( )), bash's (( )), ${v:offset} and ${a[index]}), where the
	// shell evaluates the value's text as an expression.
	Arithmetic []string

	prelude, body string
	arithAt       map[string]int // where in the script each of Arithmetic first stands
}

// Prepare rewrites the placeholders in a shell script. It follows the
// shell's quoting far enough to know where each placeholder stands and
// writes the expansion that yields exactly the value as one word there:
//
//	unquoted, in $( ) and ` `        "${v}"
//	in "…" and here-documents         ${v}
//	in '…'                            '"${v}"'  (closing and reopening the quotes)
//	in $'…' (bash)                    '"${v}"$'
//	in ${name…} words and patterns    "${v}"    (a quoted pattern matches literally)
//	in $(( … ))                       ${v}      (dash rejects quotes there)
//	in (( … )) (bash)                 "${v}"
//
// Inside arithmetic the shell evaluates the value's text, so the checker
// allows only inputs whose text is a number there (see Arithmetic).
// A quoted here-document (<<'EOF') expands nothing, so one holding a
// placeholder is rewritten into an unquoted one whose $, ` and \ are
// escaped. Comments, and placeholders preceded by a backslash outside
// single quotes, are left as written. Secrets become ${WFC_SECRET_NAME},
// quoted the same way.
func Prepare(script string) Script {
	r := newShellRewriter()
	r.scan(script, 0, modeUnquoted, false)
	return r.result()
}

// PrepareTask prepares a shell task's script, given the names of the
// task's outputs, as its container runs it: with one output, the script
// runs in a subshell (so that its exit leaves the wrapper running) with
// standard output captured to a file in $WFC_OUTPUT_DIR, and the capture
// becomes the output's file unless the script wrote that file itself. wfc
// run executes exactly this script.
func PrepareTask(script string, outputs []string) Script {
	sh := Prepare(script)
	if len(outputs) == 1 {
		dir := `"$` + OutputDirEnv + `/`
		out := dir + outputs[0] + `"`
		captured := dir + StdoutFile + `"`
		// "( " keeps the script on the line it would start on, so the
		// shell's line numbers in errors are the script's; the blank stops
		// a script starting with ( from making ((, bash's arithmetic.
		sh.body = "( " + sh.body + "\n) > " + captured + " || exit\n[ -e " + out + " ] || mv " + captured + " " + out
		sh.Text = sh.prelude + sh.body
	}
	return sh
}

// ArithmeticAt returns where in the script the placeholder of ref, an
// entry of Arithmetic, first stands in arithmetic; -1 if it does not.
func (s Script) ArithmeticAt(ref string) int {
	if at, ok := s.arithAt[ref]; ok {
		return at
	}
	return -1
}

// OutputDirEnv names the environment variable holding the directory
// where a shell task writes one file per output, named after it: Flyte's
// copilot reads them from there, and wfc run gives each attempt a
// directory of its own.
const OutputDirEnv = "WFC_OUTPUT_DIR"

// StdoutFile is the file in $WFC_OUTPUT_DIR that captures a
// single-output task's standard output.
const StdoutFile = ".stdout"

// ErrorFile is the file in $WFC_OUTPUT_DIR that, when a script
// writes it, fails the task with its content as the message (Flyte's
// copilot convention, which wfc run follows).
const ErrorFile = "_ERROR"

// SecretEnvName makes a secret name a valid environment variable name.
func SecretEnvName(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, name)
}

// shellRewriter holds what Prepare learns while it scans a script
// and, recursively, the bodies of its here-documents.
type shellRewriter struct {
	out        []byte
	sh         Script
	vars       map[string]string // input reference → shell variable
	taken      map[string]bool   // shell variable names in use
	secretSeen map[string]bool
	arithSeen  map[string]bool
}

func newShellRewriter() *shellRewriter {
	return &shellRewriter{vars: map[string]string{}, taken: map[string]bool{}, secretSeen: map[string]bool{}, arithSeen: map[string]bool{}}
}

func (r *shellRewriter) result() Script {
	sh := r.sh
	sh.body = string(r.out)
	if len(sh.Inputs) > 0 {
		// One line ending in ; so the script's own lines keep their numbers.
		var b strings.Builder
		for i, ref := range sh.Inputs {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(r.vars[ref] + "=${" + strconv.Itoa(i+1) + "}")
		}
		b.WriteString("; set --; ")
		sh.prelude = b.String()
	}
	sh.Text = sh.prelude + sh.body
	return sh
}

// input returns the shell variable holding the input reference ref, whose
// placeholder stands at offset in the script, allocating an argument for
// it on first use.
func (r *shellRewriter) input(ref string, arith bool, offset int) string {
	v, ok := r.vars[ref]
	if !ok {
		base := VarPrefix + strings.Map(func(c rune) rune {
			if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				return c
			}
			return '_'
		}, ref)
		v = base
		for n := 2; r.taken[v]; n++ {
			v = base + "_" + strconv.Itoa(n)
		}
		r.taken[v] = true
		r.vars[ref] = v
		r.sh.Inputs = append(r.sh.Inputs, ref)
		if strings.IndexByte(ref, '.') >= 0 {
			r.sh.DictPaths = append(r.sh.DictPaths, "{inputs."+ref+"}")
		}
	}
	if arith && !r.arithSeen[ref] {
		r.arithSeen[ref] = true
		r.sh.Arithmetic = append(r.sh.Arithmetic, ref)
		if r.sh.arithAt == nil {
			r.sh.arithAt = map[string]int{}
		}
		r.sh.arithAt[ref] = offset
	}
	return v
}

// secret returns the environment variable holding secret name.
func (r *shellRewriter) secret(name string) string {
	if !r.secretSeen[name] {
		r.secretSeen[name] = true
		r.sh.Secrets = append(r.sh.Secrets, name)
	}
	return SecretEnvPrefix + SecretEnvName(name)
}
