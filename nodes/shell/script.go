package shell

import (
	"fmt"
	"strings"
	"time"

	"github.com/wfc-lang/wfc/compiler"
)

// SecretEnvPrefix names the environment variable a {secrets.NAME}
// placeholder reads.
const SecretEnvPrefix = "WFC_SECRET_"

// Render substitutes the placeholders of a shell task's script: {inputs.x}
// and {inputs.x.key…} become the value shell-quoted (numbers, bools,
// datetimes and durations, which hold no special character, as written), {secrets.NAME} becomes
// a reference to the variable SecretEnvPrefix+NAME, whose name Render
// returns in secrets. Other braces (${HOME}, awk '{print $1}') are left as
// written.
func Render(script string, inputs map[string]any) (out string, secrets []string, err error) {
	var b strings.Builder
	rest := script
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		rest = rest[i:]
		ref, n := placeholder(rest)
		if n == 0 {
			b.WriteByte('{')
			rest = rest[1:]
			continue
		}
		rest = rest[n:]
		parts := strings.Split(ref, ".")
		switch parts[0] {
		case "inputs":
			v, ok := inputs[parts[1]]
			if !ok {
				return "", nil, fmt.Errorf("script refers to {%s}, but the task has no input %s", ref, parts[1])
			}
			if len(parts) > 2 {
				if v, err = compiler.LookupPath(v, parts[2:]); err != nil {
					return "", nil, fmt.Errorf("{%s}: %v", ref, err)
				}
			}
			text := compiler.FormatText(v)
			if strings.IndexByte(text, 0) >= 0 {
				return "", nil, fmt.Errorf("{%s}: a shell argument cannot hold a NUL byte", ref)
			}
			if isScalar(v) && isSafeWord(text) {
				// Numbers, bools, datetimes and durations print with no
				// character the shell treats specially, so they go in as
				// written and work in $(( )) arithmetic, as on Flyte.
				b.WriteString(text)
			} else {
				b.WriteString(Quote(text))
			}
		case "secrets":
			b.WriteString(`"${` + SecretEnvPrefix + envName(parts[1]) + `}"`)
			secrets = append(secrets, parts[1])
		}
	}
	return b.String(), secrets, nil
}

// placeholder reports whether s starts with {inputs.x…} or {secrets.X}:
// the reference without braces and the length consumed, or 0.
func placeholder(s string) (string, int) {
	end := strings.IndexByte(s, '}')
	if end < 0 {
		return "", 0
	}
	ref := s[1:end]
	parts := strings.Split(ref, ".")
	if len(parts) < 2 || (parts[0] != "inputs" && parts[0] != "secrets") || (parts[0] == "secrets" && len(parts) != 2) {
		return "", 0
	}
	for _, p := range parts {
		if !isWord(p) {
			return "", 0
		}
	}
	return ref, end + 1
}

func isWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r != '_' && r != '-' && !(r >= 'a' && r <= 'z') && !(r >= 'A' && r <= 'Z') && !(r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// envName makes a secret name a valid shell variable name.
func envName(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, name)
}

func isScalar(v any) bool {
	switch v.(type) {
	case int64, float64, bool, time.Duration, time.Time:
		return true
	}
	return false
}

// isSafeWord reports whether s is a non-empty word sh reads literally:
// letters, digits and + - . : _ only.
func isSafeWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.' || c == ':' || c == '_') {
			return false
		}
	}
	return true
}
