package flyte

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestPrepareShellRewrites(t *testing.T) {
	cases := []struct {
		in, want string
		inputs   []string
		secrets  []string
	}{
		{"printf 'Hello %s' {inputs.s}", `printf 'Hello %s' "${1}"`, []string{"s"}, nil},
		{`echo "a {inputs.x} b"`, `echo "a ${1} b"`, []string{"x"}, nil},
		{`echo 'a {inputs.x} b'`, `echo 'a '"${1}"' b'`, []string{"x"}, nil},
		{"echo {inputs.b} {inputs.a} {inputs.b}", `echo "${1}" "${2}" "${1}"`, []string{"b", "a"}, nil},
		{"curl -H {secrets.tok}", `curl -H "${WFC_SECRET_tok}"`, nil, []string{"tok"}},
		{"# {inputs.x} isn't used\necho ok", "# {inputs.x} isn't used\necho ok", nil, nil},
		{"echo $(printf %s {inputs.x})", `echo $(printf %s "${1}")`, []string{"x"}, nil},
		{`echo "$(printf %s {inputs.x})"`, `echo "$(printf %s "${1}")"`, []string{"x"}, nil},
		{"echo `printf %s {inputs.x}`", "echo `printf %s \"${1}\"`", []string{"x"}, nil},
		{"echo \\{inputs.x}", "echo \\{inputs.x}", nil, nil},
		{"echo {inputs.x.y} {input.x} {inputs.}", "echo {inputs.x.y} {input.x} {inputs.}", nil, nil},
		{"cat <<EOF\n'{inputs.x}'\nEOF\necho {inputs.x}", "cat <<EOF\n'${1}'\nEOF\necho \"${1}\"", []string{"x"}, nil},
		{"cat <<-'EOF'\n\t{inputs.x}\n\tEOF\n", "cat <<-'EOF'\n\t{{.inputs.x}}\n\tEOF\n", []string{"x"}, nil},
		{"a=$((1+{inputs.n}))", `a=$((1+"${1}"))`, []string{"n"}, nil},
		{"echo x#{inputs.y}", `echo x#"${1}"`, []string{"y"}, nil},
	}
	for _, c := range cases {
		got := PrepareShell(c.in)
		if got.Script != c.want || !slices.Equal(got.Inputs, c.inputs) || !slices.Equal(got.Secrets, c.secrets) {
			t.Errorf("PrepareShell(%q)\n got %q %q %q\nwant %q %q %q", c.in, got.Script, got.Inputs, got.Secrets, c.want, c.inputs, c.secrets)
		}
	}
}

// Run the prepared scripts as a raw container would (/bin/sh -c SCRIPT
// NAME VALUES...): whatever the value, the script sees it exactly, as one
// word, wherever the placeholder stands; no value runs as a command.
func TestPrepareShellRunsSafely(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	values := []string{"plain", "two  words", "$(echo pwned)", "`echo pwned`", "'; echo pwned; '", `"quoted"`, "*", "back\\slash", "line\nbreak", "", "-n"}
	scripts := []string{
		"printf '[%s]' {inputs.v}",
		`printf '[%s]' "{inputs.v}"`,
		`printf '[%s]' '{inputs.v}'`,
		`printf '[%s]' "$(printf %s {inputs.v})"`,
		"cat <<EOF\n[{inputs.v}]\nEOF",
	}
	for _, script := range scripts {
		sh := PrepareShell(script)
		for _, v := range values {
			out, err := exec.Command("/bin/sh", "-c", sh.Script, "test", v).Output()
			if err != nil {
				t.Fatalf("%q with %q: %v", sh.Script, v, err)
			}
			got := strings.TrimSuffix(string(out), "\n")
			want := "[" + v + "]"
			if strings.Contains(script, "$(") {
				want = "[" + strings.TrimRight(v, "\n") + "]" // $(...) drops trailing newlines
			}
			if got != want {
				t.Errorf("script %q, value %q: printed %q, want %q", script, v, got, want)
			}
		}
	}
}

// A raw container's command, run for real with the output directory
// moved to a temporary one: a single output is the script's standard
// output unless the script wrote its file, an exit in the script still
// yields the output, and the script's failure is the task's.
func TestShellContainerRuns(t *testing.T) {
	cases := []struct {
		script string
		status int
		output string // "" for no file
	}{
		{"printf 'Hello %s' {inputs.s}", 0, "Hello a b"},
		{"echo from-file > \"$WFC_OUTPUT_DIR/o0\"; echo from-stdout", 0, "from-file\n"},
		{"echo early; exit 0; echo late", 0, "early\n"},
		{"echo partial; exit 3", 3, ""},
	}
	for _, c := range cases {
		p := designProgram()
		p.Tasks[0].Shell.Script = c.script
		b, _ := compileOK(t, p, Options{Image: "busybox:1"})
		ct := b.Task("hello").Template.GetContainer()
		if ct.Image != "busybox:1" || !slices.Equal(ct.Command, []string{"/bin/sh", "-c"}) {
			t.Fatalf("container %v", ct)
		}
		dir := t.TempDir()
		args := []string{"-c"}
		for _, a := range ct.Args {
			a = strings.ReplaceAll(a, OutputDir, dir)
			a = strings.ReplaceAll(a, "{{.inputs.s}}", "a b") // as Flyte substitutes it
			args = append(args, a)
		}
		cmd := exec.Command("/bin/sh", args...)
		cmd.Env = append(os.Environ(), OutputDirEnv+"="+dir)
		err := cmd.Run()
		status := 0
		if ee, ok := err.(*exec.ExitError); ok {
			status = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		got, rerr := os.ReadFile(filepath.Join(dir, "o0"))
		if status != c.status || (c.output == "") != (rerr != nil) || string(got) != c.output {
			t.Errorf("%q: status %d, output %q (%v); want %d, %q", c.script, status, got, rerr, c.status, c.output)
		}
	}
}
