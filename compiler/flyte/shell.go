package flyte

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"

	"github.com/wfc-lang/wfc/compiler"
)

// A shell task is a Flyte raw container task: /bin/sh -c runs the script in
// the task's image, and Flyte's copilot sidecar moves data in and out of
// the container through the dataConfig directories.
const (
	InputDir  = "/var/flyte/inputs"
	OutputDir = "/var/flyte/outputs"

	// OutputDirEnv names the directory a shell task with several outputs
	// writes one file per output into, named after the output (copilot
	// reads them from there on Flyte; wfc run gives the task a directory
	// of its own).
	OutputDirEnv = "WFC_OUTPUT_DIR"
)

// container is the raw container of a shell task.
//
// Inputs are not pasted into the script: Flyte substitutes {{.inputs.x}}
// as raw text, so a value with a space would split and one with a ; would
// run as a command. Instead the script refers to positional parameters and
// each {{.inputs.x}} is an argument of its own after it, which Flyte
// substitutes whole; the shell then sees exactly the value, as wfc run's
// shell-quoting gives it.
//
// Outputs are files in $WFC_OUTPUT_DIR, the raw container's output data
// directory, from which Flyte's copilot reads them. A single output may
// instead be the script's standard output, as with wfc run: the script
// runs in a subshell (so that its exit leaves the wrapper running) with
// standard output captured, and the capture becomes the output's file if
// the script did not write that file itself.
func (e *emitter) container(t *compiler.Task) *core.Container {
	if t.Shell == nil {
		e.errorf(t.Range, "shell task %s has no script", t.Name)
		return nil
	}
	sh := PrepareShell(t.Shell.Script)
	script := sh.Script
	var env []*core.KeyValuePair
	if len(t.Outputs) > 0 {
		env = []*core.KeyValuePair{{Key: OutputDirEnv, Value: OutputDir}}
	}
	if len(t.Outputs) == 1 {
		out := OutputDir + "/" + t.Outputs[0].Name
		captured := OutputDir + "/.stdout"
		script = "(\n" + script + "\n) > " + captured + " || exit\n[ -e " + out + " ] || mv " + captured + " " + out
	}
	args := make([]string, 0, 2+len(sh.Inputs))
	args = append(args, script, t.Name) // t.Name is $0, which sh names in its error messages
	for _, in := range sh.Inputs {
		args = append(args, "{{.inputs."+in+"}}")
	}
	image := t.Shell.Image
	if image == "" {
		image = e.opts.Image
	}
	e.checkShell(t, sh)
	return &core.Container{
		Image:     image,
		Command:   []string{"/bin/sh", "-c"},
		Args:      args,
		Resources: &core.Resources{},
		Env:       env,
		DataConfig: &core.DataLoadingConfig{
			Enabled:    true,
			InputPath:  InputDir,
			OutputPath: OutputDir,
			Format:     core.DataLoadingConfig_JSON,
		},
	}
}

// flyteTemplate matches the placeholders flytepropeller substitutes in a
// container's command line (plugins' template.Render).
var flyteTemplate = regexp.MustCompile(`(?i){{\s*[\.$](Input|InputPrefix|OutputPrefix|Inputs\.[^}\s]+|RawOutputDataPrefix|PerRetryUniqueKey|TaskTemplatePath|PrevCheckpointPrefix|CheckpointOutputPrefix|Namespace)\s*}}`)

// checkShell warns about what compiles but would not run on Flyte as it
// runs here.
func (e *emitter) checkShell(t *compiler.Task, sh ShellScript) {
	for _, in := range sh.Inputs {
		if p := t.Input(in); p != nil && !renderable(p.Type) {
			e.warnf(p.Range, "shell task %s uses input %s of type %s in its script: Flyte renders only str, int, float, bool, datetime and lists of numbers or bools into a command as wfc run does", t.Name, in, p.Type)
		}
	}
	for _, p := range t.Outputs {
		if p.Type.Kind == compiler.KindList || p.Type.Kind == compiler.KindMap || p.Type.Kind == compiler.KindOptional {
			e.warnf(p.Range, "shell task %s has output %s of type %s: Flyte's raw containers can return only simple types and dict", t.Name, p.Name, p.Type)
		}
	}
	for _, s := range sh.DictPaths {
		e.warnf(t.Range, "shell task %s uses %s: Flyte cannot render a dict into a command, and leaves it as written", t.Name, s)
	}
	for _, s := range sh.Unexpanded {
		e.warnf(t.Range, "shell task %s uses %s inside a quoted here-document, where the shell expands nothing: on Flyte it stays as written", t.Name, s)
	}
	if m := flyteTemplate.FindString(t.Shell.Script); m != "" {
		e.warnf(t.Range, "shell task %s contains %s, which Flyte replaces in container commands", t.Name, m)
	}
}

// renderable reports whether flytepropeller turns a value of type t into
// the same command-line text as wfc run: primitives other than durations
// (which Flyte prints in protobuf text format), and lists of numbers and
// bools (Flyte writes [a,b], which is their JSON text, but strings in a list
// lose their quotes). Nulls, dicts and maps it cannot render at all.
func renderable(t *compiler.Type) bool {
	switch t.Kind {
	case compiler.KindString, compiler.KindInt, compiler.KindFloat, compiler.KindBool, compiler.KindDatetime:
		return true
	case compiler.KindList:
		k := t.Elem.Kind
		return k == compiler.KindInt || k == compiler.KindFloat || k == compiler.KindBool
	}
	return false
}

// ShellScript is a shell task's script made ready for a container: every
// {inputs.x} and {secrets.NAME} placeholder replaced by a parameter
// expansion quoted for the place it stands in.
type ShellScript struct {
	Script string
	// Inputs are the inputs referenced, in order of first use: Inputs[i]
	// is positional parameter ${i+1}.
	Inputs []string
	// Secrets are the secrets referenced, in order of first use; each is
	// read from the environment variable SecretEnvPrefix+NAME.
	Secrets []string
	// DictPaths lists {inputs.x.key} placeholders, which read into a dict:
	// Flyte has no way to render them, so they stay as written.
	DictPaths []string
	// Unexpanded lists placeholders inside quoted here-documents, where no
	// expansion happens: inputs there stay as Flyte {{.inputs.x}} templates
	// (raw text), secrets as written.
	Unexpanded []string
}

// PrepareShell rewrites the placeholders in a shell script. It follows the
// POSIX shell's quoting just far enough to know where each placeholder
// stands: unquoted it becomes "${N}", inside double quotes ${N}, inside
// single quotes '"${N}"' (closing and reopening the quotes), so the shell
// always reads exactly one word holding exactly the value. Comments are
// left alone.
func PrepareShell(script string) ShellScript {
	p := shellPrep{src: script, inputIdx: map[string]int{}, secretSeen: map[string]bool{}}
	p.run()
	return ShellScript{Script: p.out.String(), Inputs: p.inputs, Secrets: p.secrets, DictPaths: p.dictPaths, Unexpanded: p.unexpanded}
}

type shellMode int

const (
	modeUnquoted shellMode = iota
	modeSubshell           // inside $( ... ): unquoted until the matching )
	modeBackquote
	modeDouble
	modeSingle
	modeHeredoc       // body of an unquoted here-document: expands like "..."
	modeQuotedHeredoc // body of a quoted here-document: expands nothing
)

type frame struct {
	mode  shellMode
	depth int // open parentheses inside a $( ... )
}

type heredoc struct {
	delim  string
	quoted bool
	strip  bool // <<- strips leading tabs
}

type shellPrep struct {
	src        string
	out        strings.Builder
	stack      []frame
	pending    []heredoc
	inputs     []string
	inputIdx   map[string]int
	secrets    []string
	secretSeen map[string]bool
	dictPaths  []string
	unexpanded []string
}

func (p *shellPrep) mode() shellMode {
	if len(p.stack) == 0 {
		return modeUnquoted
	}
	return p.stack[len(p.stack)-1].mode
}

func (p *shellPrep) push(m shellMode) { p.stack = append(p.stack, frame{mode: m}) }
func (p *shellPrep) pop() {
	if len(p.stack) > 0 {
		p.stack = p.stack[:len(p.stack)-1]
	}
}

func (p *shellPrep) run() {
	s := p.src
	p.out.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		c := s[i]
		m := p.mode()
		if c == '{' {
			if n := p.placeholder(i, m); n > 0 {
				i += n
				continue
			}
		}
		unquotedLike := m == modeUnquoted || m == modeSubshell || m == modeBackquote
		switch {
		case m == modeSingle:
			if c == '\'' {
				p.pop()
			}
		case c == '\\' && m != modeSingle && i+1 < len(s):
			p.out.WriteByte(c)
			p.out.WriteByte(s[i+1])
			i += 2
			continue
		case m == modeDouble && c == '"':
			p.pop()
		case c == '$' && i+1 < len(s) && s[i+1] == '(' && (unquotedLike || m == modeDouble):
			p.out.WriteString("$(")
			p.push(modeSubshell)
			i += 2
			continue
		case c == '`' && m == modeBackquote:
			p.pop()
		case c == '`' && (unquotedLike || m == modeDouble):
			p.push(modeBackquote)
		case !unquotedLike:
			// inside "...": nothing else changes the mode
		case c == '\'':
			p.push(modeSingle)
		case c == '"':
			p.push(modeDouble)
		case c == '(' && m == modeSubshell:
			p.stack[len(p.stack)-1].depth++
		case c == ')' && m == modeSubshell:
			if p.stack[len(p.stack)-1].depth == 0 {
				p.pop()
			} else {
				p.stack[len(p.stack)-1].depth--
			}
		case c == '#' && wordStart(s, i):
			end := strings.IndexByte(s[i:], '\n')
			if end < 0 {
				end = len(s) - i
			}
			p.out.WriteString(s[i : i+end])
			i += end
			continue
		case c == '<' && strings.HasPrefix(s[i:], "<<") && !strings.HasPrefix(s[i:], "<<<"):
			i = p.heredocOperator(i)
			continue
		case c == '\n' && len(p.pending) > 0:
			p.out.WriteByte('\n')
			i = p.heredocBodies(i + 1)
			continue
		}
		p.out.WriteByte(c)
		i++
	}
}

// wordStart reports whether s[i] begins a word, where # starts a comment.
func wordStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	return strings.IndexByte(" \t\n;&|()<>", s[i-1]) >= 0
}

// heredocOperator copies a << operator and its delimiter word, noting the
// here-document whose body starts on the next line.
func (p *shellPrep) heredocOperator(i int) int {
	s := p.src
	j := i + 2
	h := heredoc{}
	if j < len(s) && s[j] == '-' {
		h.strip = true
		j++
	}
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	var delim strings.Builder
	k := j
	for k < len(s) && strings.IndexByte(" \t\n;&|()<>", s[k]) < 0 {
		switch s[k] {
		case '\'', '"':
			h.quoted = true
			q := s[k]
			end := strings.IndexByte(s[k+1:], q)
			if end < 0 {
				end = len(s) - k - 1
			}
			delim.WriteString(s[k+1 : k+1+end])
			k += end + 2
			continue
		case '\\':
			h.quoted = true
			if k+1 < len(s) {
				delim.WriteByte(s[k+1])
			}
			k += 2
			continue
		}
		delim.WriteByte(s[k])
		k++
	}
	k = min(k, len(s))
	h.delim = delim.String()
	if h.delim != "" {
		p.pending = append(p.pending, h)
	}
	p.out.WriteString(s[i:k])
	return k
}

// heredocBodies copies the bodies of the pending here-documents, which
// start at i, rewriting placeholders as their quoting requires.
func (p *shellPrep) heredocBodies(i int) int {
	s := p.src
	for _, h := range p.pending {
		mode := modeHeredoc
		if h.quoted {
			mode = modeQuotedHeredoc
		}
		p.push(mode)
		for i < len(s) {
			end := strings.IndexByte(s[i:], '\n')
			line := s[i:]
			if end >= 0 {
				line = s[i : i+end+1]
			}
			check := strings.TrimSuffix(line, "\n")
			if h.strip {
				check = strings.TrimLeft(check, "\t")
			}
			if check == h.delim {
				p.out.WriteString(line)
				i += len(line)
				break
			}
			for j := 0; j < len(line); {
				if line[j] == '{' {
					if n := p.placeholder(i+j, mode); n > 0 {
						j += n
						continue
					}
				}
				p.out.WriteByte(line[j])
				j++
			}
			i += len(line)
		}
		p.pop()
	}
	p.pending = p.pending[:0]
	return i
}

// placeholder rewrites the placeholder at s[i], if one is there, and
// returns its length.
func (p *shellPrep) placeholder(i int, m shellMode) int {
	s := p.src[i:]
	var kind string
	switch {
	case strings.HasPrefix(s, "{inputs."):
		kind = "inputs"
	case strings.HasPrefix(s, "{secrets."):
		kind = "secrets"
	default:
		return 0
	}
	name := identAt(s[len(kind)+2:])
	n := len(kind) + 2 + len(name)
	if name == "" || n >= len(s) {
		return 0
	}
	if kind == "inputs" && s[n] == '.' {
		if end := strings.IndexByte(s, '}'); end > 0 && !strings.ContainsAny(s[1:end], " \t\n{") {
			p.dictPaths = append(p.dictPaths, s[:end+1])
		}
		return 0
	}
	if s[n] != '}' {
		return 0
	}
	n++
	var ref string
	if kind == "inputs" {
		idx, ok := p.inputIdx[name]
		if !ok {
			p.inputs = append(p.inputs, name)
			idx = len(p.inputs)
			p.inputIdx[name] = idx
		}
		ref = "${" + strconv.Itoa(idx) + "}"
		if m == modeQuotedHeredoc {
			p.unexpanded = append(p.unexpanded, s[:n])
			p.out.WriteString("{{.inputs." + name + "}}")
			return n
		}
	} else {
		if !p.secretSeen[name] {
			p.secretSeen[name] = true
			p.secrets = append(p.secrets, name)
		}
		ref = "${" + SecretEnvPrefix + envName(name) + "}"
		if m == modeQuotedHeredoc {
			p.unexpanded = append(p.unexpanded, s[:n])
			p.out.WriteString(s[:n])
			return n
		}
	}
	switch m {
	case modeDouble, modeHeredoc:
		p.out.WriteString(ref)
	case modeSingle:
		p.out.WriteString(`'"` + ref + `"'`)
	default:
		p.out.WriteString(`"` + ref + `"`)
	}
	return n
}

// identAt returns the identifier at the start of s.
func identAt(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return s[:i]
	}
	return s
}

// envName makes a secret name a valid environment variable name, as wfc
// run's shell executor does.
func envName(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, name)
}
