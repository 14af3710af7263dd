package shellscript

import (
	"slices"
	"strings"
	"testing"
)

// The rewrite for each place a placeholder can stand. The prelude that
// copies the arguments into variables is checked once, then cut off.
func TestPrepareRewrites(t *testing.T) {
	sh := Prepare("echo {inputs.b} {inputs.a} {inputs.b}")
	if want := `wfc_in_b=${1} wfc_in_a=${2}; set --; echo "${wfc_in_b}" "${wfc_in_a}" "${wfc_in_b}"`; sh.Text != want {
		t.Errorf("got  %s\nwant %s", sh.Text, want)
	}
	cases := []struct {
		in, want string
		inputs   []string
		arith    []string
	}{
		// unquoted, in "…", in '…'
		{"printf 'Hello %s' {inputs.s}", `printf 'Hello %s' "${wfc_in_s}"`, []string{"s"}, nil},
		{`echo "a {inputs.x} b"`, `echo "a ${wfc_in_x} b"`, []string{"x"}, nil},
		{`echo 'a {inputs.x} b'`, `echo 'a '"${wfc_in_x}"' b'`, []string{"x"}, nil},
		{`echo "it's {inputs.x}"`, `echo "it's ${wfc_in_x}"`, []string{"x"}, nil},
		{`echo '"{inputs.x}"'`, `echo '"'"${wfc_in_x}"'"'`, []string{"x"}, nil},
		{`echo $'a\'{inputs.x}\n'`, `echo $'a\''"${wfc_in_x}"$'\n'`, []string{"x"}, nil},
		{`echo $"{inputs.x}"`, `echo $"${wfc_in_x}"`, []string{"x"}, nil},
		// command substitution, backquotes
		{"echo $(printf %s {inputs.x})", `echo $(printf %s "${wfc_in_x}")`, []string{"x"}, nil},
		{`echo "$(printf %s {inputs.x})"`, `echo "$(printf %s "${wfc_in_x}")"`, []string{"x"}, nil},
		{`echo "$(echo '{inputs.x}')"`, `echo "$(echo ''"${wfc_in_x}"'')"`, []string{"x"}, nil},
		{"echo `printf %s {inputs.x}`", "echo `printf %s \"${wfc_in_x}\"`", []string{"x"}, nil},
		{"echo \"`printf %s {inputs.x}`\"", "echo \"`printf %s \"${wfc_in_x}\"`\"", []string{"x"}, nil},
		{"x=$(case a in a) echo {inputs.x};; esac); echo {inputs.x}", `x=$(case a in a) echo "${wfc_in_x}";; esac); echo "${wfc_in_x}"`, []string{"x"}, nil},
		{"x=$(echo case; echo ')'); echo '{inputs.x}'", `x=$(echo case; echo ')'); echo ''"${wfc_in_x}"''`, []string{"x"}, nil},
		// parameter expansion words and patterns
		{"echo ${V:-{inputs.x}} \"${V:-{inputs.x}}\"", `echo ${V:-"${wfc_in_x}"} "${V:-"${wfc_in_x}"}"`, []string{"x"}, nil},
		{`echo "${V#{inputs.p}}" ${V%%{inputs.p}}`, `echo "${V#"${wfc_in_p}"}" ${V%%"${wfc_in_p}"}`, []string{"p"}, nil},
		{`echo ${V:-'{inputs.x}'} "${V:-'{inputs.x}'}"`, `echo ${V:-''"${wfc_in_x}"''} "${V:-'"${wfc_in_x}"'}"`, []string{"x"}, nil},
		{"echo ${#V} ${V:-{}} {inputs.x}", `echo ${#V} ${V:-{}} "${wfc_in_x}"`, []string{"x"}, nil},
		// arithmetic
		{"echo $(( {inputs.n} + 1 ))", `echo $(( ${wfc_in_n} + 1 ))`, []string{"n"}, []string{"n"}},
		{"a=$((1+{inputs.n})); echo \"$(( ({inputs.n}) * 2 ))\"", `a=$((1+${wfc_in_n})); echo "$(( (${wfc_in_n}) * 2 ))"`, []string{"n"}, []string{"n"}},
		{"echo $(( $(echo {inputs.n}) + 1 ))", `echo $(( $(echo "${wfc_in_n}") + 1 ))`, []string{"n"}, []string{"n"}},
		{"echo $(( 1 << 2 )) {inputs.s}", `echo $(( 1 << 2 )) "${wfc_in_s}"`, []string{"s"}, nil},
		{"(( {inputs.n} > 3 )) && echo {inputs.s}", `(( "${wfc_in_n}" > 3 )) && echo "${wfc_in_s}"`, []string{"n", "s"}, []string{"n"}},
		{"for (( i = 0; i < {inputs.n}; i++ )); do :; done", `for (( i = 0; i < "${wfc_in_n}"; i++ )); do :; done`, []string{"n"}, []string{"n"}},
		{"echo ${V:{inputs.n}:2} ${A[{inputs.i}]} ${V:-{inputs.s}}", `echo ${V:"${wfc_in_n}":2} ${A["${wfc_in_i}"]} ${V:-"${wfc_in_s}"}`, []string{"n", "i", "s"}, []string{"n", "i"}},
		{"echo $((cd /; pwd) | wc -l) '{inputs.s}'", `echo $((cd /; pwd) | wc -l) ''"${wfc_in_s}"''`, []string{"s"}, nil},
		// comments and escapes
		{"# {inputs.x} isn't used\necho ok", "# {inputs.x} isn't used\necho ok", nil, nil},
		{"echo x#{inputs.y} $# ${#} # {inputs.z}", `echo x#"${wfc_in_y}" $# ${#} # {inputs.z}`, []string{"y"}, nil},
		{"echo \\{inputs.x} \"\\{inputs.x}\"", "echo \\{inputs.x} \"\\{inputs.x}\"", nil, nil},
		{"echo {input.x} {inputs.} {inputs.x {other} ${inputs}", "echo {input.x} {inputs.} {inputs.x {other} ${inputs}", nil, nil},
		// here-documents
		{"cat <<EOF\n'{inputs.x}' \"{inputs.x}\" $(echo {inputs.x})\nEOF\necho {inputs.x}", "cat <<EOF\n'${wfc_in_x}' \"${wfc_in_x}\" $(echo \"${wfc_in_x}\")\nEOF\necho \"${wfc_in_x}\"", []string{"x"}, nil},
		{"cat <<'EOF'\n$HOME `x` \\ {inputs.x}\nEOF\necho '{inputs.x}'", "cat <<EOF\n\\$HOME \\`x\\` \\\\ ${wfc_in_x}\nEOF\necho ''\"${wfc_in_x}\"''", []string{"x"}, nil},
		{"cat <<-\"E\"F <<X\n\t{inputs.x}\n\tEF\n{inputs.y}\nX\n", "cat <<-EF <<X\n\t${wfc_in_x}\n\tEF\n${wfc_in_y}\nX\n", []string{"x", "y"}, nil},
		{"cat <<'EOF'\n$HOME\nEOF", "cat <<'EOF'\n$HOME\nEOF", nil, nil},
		{"cat <<EOF\nEOF\necho '{inputs.x}'", "cat <<EOF\nEOF\necho ''\"${wfc_in_x}\"''", []string{"x"}, nil},
		{"x=$(cat <<EOF\n{inputs.x} )\nEOF\n); echo '{inputs.y}'", "x=$(cat <<EOF\n${wfc_in_x} )\nEOF\n); echo ''\"${wfc_in_y}\"''", []string{"x", "y"}, nil},
		{"cat <<< {inputs.x}", `cat <<< "${wfc_in_x}"`, []string{"x"}, nil},
	}
	for _, c := range cases {
		got := Prepare(c.in)
		script := got.Text
		if len(got.Inputs) > 0 {
			_, script, _ = strings.Cut(script, "; set --; ")
		}
		if script != c.want || !slices.Equal(got.Inputs, c.inputs) || !slices.Equal(got.Arithmetic, c.arith) {
			t.Errorf("Prepare(%q)\n got %s %q %q\nwant %s %q %q", c.in, script, got.Inputs, got.Arithmetic, c.want, c.inputs, c.arith)
		}
	}
}

func TestPrepareCollects(t *testing.T) {
	sh := Prepare("curl -H {secrets.tok} {inputs.d.k-1} {inputs.d_k_1} {secrets.tok}\ncat <<'a b'\n{inputs.q} {secrets.s}\na b")
	if !slices.Equal(sh.Secrets, []string{"tok"}) || !slices.Equal(sh.Inputs, []string{"d.k-1", "d_k_1"}) ||
		!slices.Equal(sh.DictPaths, []string{"{inputs.d.k-1}"}) || !slices.Equal(sh.Unexpanded, []string{"{inputs.q}", "{secrets.s}"}) {
		t.Errorf("%+v", sh)
	}
	// Variable names stay distinct however the references are spelled.
	if want := `wfc_in_d_k_1=${1} wfc_in_d_k_1_2=${2}; set --; curl -H "${WFC_SECRET_tok}" "${wfc_in_d_k_1}" "${wfc_in_d_k_1_2}"`; !strings.HasPrefix(sh.Text, want) {
		t.Errorf("got  %s\nwant %s…", sh.Text, want)
	}
}

func TestPrepareTask(t *testing.T) {
	want := `wfc_in_s=${1}; set --; ( echo "${wfc_in_s}"` + "\n" +
		`) > "$WFC_OUTPUT_DIR/.stdout" || exit` + "\n" +
		`[ -e "$WFC_OUTPUT_DIR/o0" ] || mv "$WFC_OUTPUT_DIR/.stdout" "$WFC_OUTPUT_DIR/o0"`
	if got := PrepareTask("echo {inputs.s}", []string{"o0"}).Text; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := PrepareTask("echo {inputs.s}", []string{"o0", "o1"}).Text; got != `wfc_in_s=${1}; set --; echo "${wfc_in_s}"` {
		t.Errorf("two outputs: %s", got)
	}
	if got := Prepare("echo hi").Text; got != "echo hi" {
		t.Errorf("no placeholders: %s", got)
	}
}

// Prepare never panics, leaves a script without placeholders as it
// is, and references every input it found.
func FuzzPrepare(f *testing.F) {
	for _, s := range []string{
		"echo {inputs.x}", "cat <<'E'\n{inputs.x}\nE", "$(( {inputs.n} ))", "${a[{inputs.i}]:{inputs.o}}",
		"x=$(case a in a) echo {inputs.x};; esac)", "`echo '{inputs.x}'`", "$'\\'{inputs.x}'", "((", "${", "<<", "<<-\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script string) {
		sh := Prepare(script)
		if len(sh.Inputs) == 0 && len(sh.Secrets) == 0 && sh.Text != script {
			t.Fatalf("changed a script without placeholders:\n%q\n%q", script, sh.Text)
		}
		for _, ref := range sh.Inputs {
			if !strings.Contains(sh.Text, "${"+VarPrefix) || !strings.Contains(script, "{inputs."+ref+"}") {
				t.Fatalf("input %q: %q → %q", ref, script, sh.Text)
			}
		}
	})
}
