package shellscript

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// hostileValues are input values that would split, glob, inject a command
// or end a here-document if the shell read them as script text.
var hostileValues = []string{
	"plain", "two  words", " lead", "trail ", "tab\there", "",
	"$(touch pwned)", "`touch pwned`", "'; touch pwned; '", `"; touch pwned; "`,
	"a\ntouch pwned", "x\nEOF\ntouch pwned", "EOF", "; touch pwned", "&& touch pwned #",
	"*", "a*", "[a]*", "?1", "${HOME}", "$HOME", "$((1+1))", "}", "{inputs.v}", "%s",
	`back\slash`, `\`, `\n`, "'", `"`, "-n", "--", "trailing\n\n",
}

// shells returns the shells to run the rewritten scripts under: dash (the
// /bin/sh of Debian and Ubuntu images) and bash (the /bin/sh of others).
func shells(t *testing.T) []string {
	var out []string
	for _, name := range []string{"dash", "bash"} {
		if p, err := exec.LookPath(name); err == nil {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		t.Skip("neither dash nor bash is installed")
	}
	return out
}

// runShell runs script as a container would, /bin/sh -c SCRIPT NAME ARGS…,
// in dir, with secret in the environment as WFC_SECRET_tok.
func runShell(t *testing.T, shell, dir, secret, script string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(shell, append([]string{"-c", script, "task"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(slices.DeleteFunc(os.Environ(), func(s string) bool { return strings.HasPrefix(s, "UNSET_X=") }), "WFC_SECRET_tok="+secret)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// Every place a placeholder can stand, run under dash and bash with every
// hostile value: the script must print exactly the value, and nothing may
// run, split or glob. The working directory holds files a glob would
// match.
func TestPrepareRunsSafely(t *testing.T) {
	trimNL := func(v string) string { return strings.TrimRight(v, "\n") } // $( ) drops trailing newlines
	same := func(v string) string { return "[" + v + "]" }
	cases := []struct {
		script string
		want   func(v string) string
		bash   bool // bash only
	}{
		{"printf '[%s]' {inputs.v}", same, false},
		{`printf '[%s]' "{inputs.v}"`, same, false},
		{`printf '%s' "<{inputs.v}>"`, func(v string) string { return "<" + v + ">" }, false},
		{`printf '[%s]' '{inputs.v}'`, same, false},
		{`printf '%s' 'a {inputs.v} b'`, func(v string) string { return "a " + v + " b" }, false},
		{`printf '%s' '"{inputs.v}"'`, func(v string) string { return `"` + v + `"` }, false},
		{`printf '[%s]' x{inputs.v}y`, func(v string) string { return "[x" + v + "y]" }, false},
		{`x={inputs.v}; printf '[%s]' "$x"`, same, false},
		{`for w in {inputs.v}; do printf '[%s]' "$w"; done`, same, false},
		{`printf '[%s]' "$(printf %s {inputs.v})"`, func(v string) string { return "[" + trimNL(v) + "]" }, false},
		{`printf '%s' "$(printf '[%s]' '{inputs.v}')"`, same, false},
		{"printf '[%s]' \"`printf %s {inputs.v}`\"", func(v string) string { return "[" + trimNL(v) + "]" }, false},
		{"x=`printf '[%s]' {inputs.v}`; printf '%s' \"$x\"", same, false},
		{`printf '[%s]' ${UNSET_X:-{inputs.v}}`, same, false},
		{`printf '[%s]' "${UNSET_X:-{inputs.v}}"`, same, false},
		{`X=1; printf '[%s]' "${X:+{inputs.v}}" ${X:+{inputs.v}}`, func(v string) string { return same(v) + same(v) }, false},
		{`X="{inputs.v}tail"; printf '[%s]' "${X#{inputs.v}}" ${X#{inputs.v}}`, func(string) string { return "[tail][tail]" }, false},
		{`X="head{inputs.v}"; printf '[%s]' "${X%{inputs.v}}"`, func(string) string { return "[head]" }, false},
		{`case "{inputs.v}" in {inputs.v}) echo match;; *) echo no;; esac`, func(string) string { return "match\n" }, false},
		{`case other in {inputs.v}) echo match;; *) echo no;; esac`, func(string) string { return "no\n" }, false},
		{`x=$(case '{inputs.v}' in {inputs.v}) printf '[%s]' {inputs.v};; esac); printf '%s' "$x"`, same, false},
		{"cat <<EOF\n[{inputs.v}]\nEOF", func(v string) string { return "[" + v + "]\n" }, false},
		{"cat <<EOF\n'{inputs.v}' \"{inputs.v}\" $(printf '<%s>' {inputs.v})\nEOF", func(v string) string { return "'" + v + "' \"" + v + "\" <" + v + ">\n" }, false},
		{"cat <<'EOF'\n$HOME `x` \\ [{inputs.v}]\nEOF", func(v string) string { return "$HOME `x` \\ [" + v + "]\n" }, false},
		{"cat <<-\"EOF\"\n\t[{inputs.v}]\n\tEOF", func(v string) string { return "[" + v + "]\n" }, false},
		{"x=$(cat <<EOF\n[{inputs.v}]\nEOF\n); printf '%s' \"$x\"", same, false},
		{"# {inputs.v} $(touch pwned)\nprintf '[%s]' {inputs.v} # {inputs.v}", same, false},
		{`printf '%s' \{inputs.v}`, func(string) string { return "{inputs.v}" }, false},
		{`f() { printf '[%s]' {inputs.v}; }; f other; set -- a b; printf '%s' "$#"`, func(v string) string { return same(v) + "2" }, false},
		{`printf '[%s]' {secrets.tok} "{secrets.tok}" '{secrets.tok}'`, func(v string) string { return same(v) + same(v) + same(v) }, false},
		{`printf '%s' $'<{inputs.v}>\n'`, func(v string) string { return "<" + v + ">\n" }, true},
		{`cat <<< {inputs.v}`, func(v string) string { return v + "\n" }, true},
		{`[[ {inputs.v} == {inputs.v} ]] && [[ other != {inputs.v} || {inputs.v} == other ]] && echo ok`, func(string) string { return "ok\n" }, true},
	}
	for _, shell := range shells(t) {
		isBash := filepath.Base(shell) == "bash"
		for _, c := range cases {
			if c.bash && !isBash {
				continue
			}
			sh := Prepare(c.script)
			for _, v := range hostileValues {
				dir := t.TempDir()
				for _, f := range []string{"a1", "a2", "b"} {
					if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				args := make([]string, len(sh.Inputs))
				for i := range args {
					args[i] = v
				}
				out, err := runShell(t, shell, dir, v, sh.Text, args...)
				if err != nil || out != c.want(v) {
					t.Errorf("%s: %q with v=%q\nrewritten %q\nprinted %q (%v), want %q", filepath.Base(shell), c.script, v, sh.Text, out, err, c.want(v))
				}
				if entries, _ := os.ReadDir(dir); len(entries) != 3 {
					t.Fatalf("%s: %q with v=%q left %d files: a value ran as a command", filepath.Base(shell), c.script, v, len(entries))
				}
			}
		}
	}
}

// Inside arithmetic the value stands unquoted (dash rejects quotes there)
// and is evaluated: numbers, as the checker allows, work in both shells.
func TestPrepareArithmetic(t *testing.T) {
	cases := []struct {
		script string
		want   func(n string) string
		bash   bool
	}{
		{"echo $(( {inputs.n} + 1 ))", nil, false},
		{`echo "$(( {inputs.n} + 1 ))"`, nil, false},
		{"x=$(( ({inputs.n}) + 1 )); echo $x", nil, false},
		{"cat <<EOF\n$(( {inputs.n} + 1 ))\nEOF", nil, false},
		{"(( y = {inputs.n} + 1 )); echo $y", nil, true},
		{"for (( i = {inputs.n}; i < {inputs.n} + 1; i++ )); do echo $(( i + 1 )); done", nil, true},
	}
	inc := map[string]string{"0": "1\n", "41": "42\n", "-5": "-4\n", "9223372036854775806": "9223372036854775807\n"}
	for _, shell := range shells(t) {
		isBash := filepath.Base(shell) == "bash"
		for _, c := range cases {
			if c.bash && !isBash {
				continue
			}
			sh := Prepare(c.script)
			if !slices.Equal(sh.Arithmetic, []string{"n"}) {
				t.Errorf("%q: arithmetic inputs %q", c.script, sh.Arithmetic)
			}
			for n, want := range inc {
				out, err := runShell(t, shell, t.TempDir(), "", sh.Text, n)
				if err != nil || out != want {
					t.Errorf("%s: %q with n=%s printed %q (%v), want %q", filepath.Base(shell), c.script, n, out, err, want)
				}
			}
		}
	}
}
