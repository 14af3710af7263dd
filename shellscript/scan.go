package shellscript

import "strings"

// The scanner below follows the POSIX shell grammar (and bash's common
// extensions) only as far as quoting goes: which kind of quote, expansion
// or here-document each byte stands in. It copies the script byte for
// byte and rewrites only placeholders, so what it does not understand it
// leaves as written.

// shellMode is the place in the shell's grammar the scanner stands in.
type shellMode uint8

const (
	modeUnquoted  shellMode = iota // the script's top level
	modeSubshell                   // $( … ), or ( … ) once (( proved to be two subshells
	modeBackquote                  // ` … `
	modeDouble                     // " … "
	modeSingle                     // ' … '
	modeANSI                       // $' … ' (bash): a backslash escapes the next byte
	modeParam                      // ${ … }
	modeArith                      // $(( … ))
	modeArithCmd                   // (( … )), bash's arithmetic command
	modeHeredoc                    // the body of an unquoted here-document
)

// paramPart is the part of a ${ … } expansion the scanner is in.
type paramPart uint8

const (
	partWord      paramPart = iota // after the operator: ${v:-word}, ${v#pattern}
	partSubscript                  // ${a[index]}: arithmetic for bash's indexed arrays
	partOffset                     // ${v:offset:length}: bash, arithmetic
)

type shellFrame struct {
	mode   shellMode
	start  int       // where the frame's text starts in the source
	depth  int       // ( open in a subshell or arithmetic; { or [ open in ${ }
	cases  int       // case statements open in a subshell: their patterns' ) do not close it
	quoted bool      // ${ } inside "…" or a here-document, where ' is an ordinary byte
	part   paramPart // ${ }: the part the scanner is in
}

// heredoc is a here-document whose operator has been read and whose body
// starts after the next unquoted newline.
type heredoc struct {
	delim   string // after quote removal
	quoted  bool   // any part of the delimiter was quoted: the body expands nothing
	strip   bool   // <<- strips leading tabs
	at, end int    // where the delimiter word stands in the output
}

// shellScan scans one text, the script or a here-document's body, writing
// it to the rewriter's output.
type shellScan struct {
	r       *shellRewriter
	src     string
	stack   []shellFrame
	pending []heredoc
	arith   bool // the whole text is inside arithmetic
	offset  int  // where src starts in the script
}

func (r *shellRewriter) scan(src string, offset int, base shellMode, arith bool) {
	sc := &shellScan{r: r, src: src, arith: arith, offset: offset}
	if base != modeUnquoted {
		sc.stack = append(sc.stack, shellFrame{mode: base})
	}
	for i := 0; i < len(src); {
		i += sc.step(i)
	}
}

func (sc *shellScan) top() *shellFrame {
	if len(sc.stack) == 0 {
		return nil
	}
	return &sc.stack[len(sc.stack)-1]
}

func (sc *shellScan) mode() shellMode {
	if f := sc.top(); f != nil {
		return f.mode
	}
	return modeUnquoted
}

func (sc *shellScan) push(m shellMode, start int) {
	sc.stack = append(sc.stack, shellFrame{mode: m, start: start})
}

func (sc *shellScan) pop() {
	if len(sc.stack) > 0 {
		sc.stack = sc.stack[:len(sc.stack)-1]
	}
}

// copy writes n bytes from i (fewer at the end) and returns how many.
func (sc *shellScan) copy(i, n int) int {
	n = min(n, len(sc.src)-i)
	sc.r.out = append(sc.r.out, sc.src[i:i+n]...)
	return n
}

// quotesActive reports whether ' and " start quotes here.
func (sc *shellScan) quotesActive() bool {
	switch f := sc.top(); sc.mode() {
	case modeDouble, modeSingle, modeANSI, modeHeredoc:
		return false
	case modeParam:
		return !f.quoted
	}
	return true
}

// inArith reports whether the shell evaluates what stands here as an
// arithmetic expression, directly or as the output of a command in one.
func (sc *shellScan) inArith() bool {
	if sc.arith {
		return true
	}
	for _, f := range sc.stack {
		if f.mode == modeArith || f.mode == modeArithCmd || f.mode == modeParam && f.part != partWord {
			return true
		}
	}
	return false
}

// step scans the construct starting at src[i] and returns its length.
func (sc *shellScan) step(i int) int {
	s := sc.src
	c := s[i]
	m := sc.mode()
	if c == '{' {
		if n := sc.placeholder(i); n > 0 {
			return n
		}
	}
	switch m {
	case modeSingle:
		if c == '\'' {
			sc.pop()
		}
		return sc.copy(i, 1)
	case modeANSI:
		if c == '\\' {
			return sc.copy(i, 2)
		}
		if c == '\'' {
			sc.pop()
		}
		return sc.copy(i, 1)
	}
	if c == '\\' {
		// Escapes the next byte (in "…" and here-documents only some, but
		// a backslash never starts anything there either).
		return sc.copy(i, 2)
	}
	if c == '$' && i+1 < len(s) {
		switch s[i+1] {
		case '(':
			if strings.HasPrefix(s[i:], "$((") {
				sc.push(modeArith, i+3)
				return sc.copy(i, 3)
			}
			sc.push(modeSubshell, i+2)
			return sc.copy(i, 2)
		case '{':
			return sc.param(i)
		case '\'':
			if sc.quotesActive() {
				sc.push(modeANSI, i+2)
				return sc.copy(i, 2)
			}
		case '"':
			if sc.quotesActive() {
				sc.push(modeDouble, i+2)
				return sc.copy(i, 2)
			}
		}
		return sc.copy(i, 1)
	}
	if c == '`' {
		if m == modeBackquote {
			sc.pop()
		} else {
			sc.push(modeBackquote, i+1)
		}
		return sc.copy(i, 1)
	}
	switch m {
	case modeDouble:
		if c == '"' {
			sc.pop()
		}
	case modeHeredoc:
		// quotes are ordinary bytes in a here-document
	case modeParam:
		return sc.paramStep(i)
	case modeArith, modeArithCmd:
		return sc.arithStep(i)
	default:
		return sc.commandStep(i)
	}
	return sc.copy(i, 1)
}

// commandStep scans at the command level: the top, $( ) and ` `.
func (sc *shellScan) commandStep(i int) int {
	s := sc.src
	f := sc.top()
	m := sc.mode()
	switch c := s[i]; c {
	case '\'':
		sc.push(modeSingle, i+1)
	case '"':
		sc.push(modeDouble, i+1)
	case '(':
		if i+1 < len(s) && s[i+1] == '(' {
			sc.push(modeArithCmd, i+2)
			return sc.copy(i, 2)
		}
		if m == modeSubshell {
			f.depth++
		}
	case ')':
		if m == modeSubshell {
			switch {
			case f.depth > 0:
				f.depth--
			case f.cases > 0:
				// a case pattern's closing parenthesis
			default:
				sc.pop()
			}
		}
	case '#':
		if wordStart(s, i) {
			end := strings.IndexByte(s[i:], '\n')
			if end < 0 {
				end = len(s) - i
			}
			return sc.copy(i, end)
		}
	case '<':
		if strings.HasPrefix(s[i:], "<<<") {
			return sc.copy(i, 3) // bash's here-string: its word is scanned as usual
		}
		if strings.HasPrefix(s[i:], "<<") {
			return sc.heredocOperator(i)
		}
	case '\n':
		if len(sc.pending) > 0 {
			sc.copy(i, 1)
			return sc.heredocBodies(i+1) - i
		}
	case 'c', 'e':
		if m == modeSubshell && wordStart(s, i) {
			switch keywordAt(s, i) {
			case "case":
				if sc.commandPosition(i) {
					f.cases++
				}
			case "esac":
				if f.cases > 0 {
					f.cases--
				}
			}
		}
	}
	return sc.copy(i, 1)
}

// arithStep scans inside $(( )) and (( )).
func (sc *shellScan) arithStep(i int) int {
	s := sc.src
	f := sc.top()
	switch s[i] {
	case '\'':
		sc.push(modeSingle, i+1)
	case '"':
		sc.push(modeDouble, i+1)
	case '(':
		f.depth++
	case ')':
		if f.depth > 0 {
			f.depth--
			break
		}
		if i+1 < len(s) && s[i+1] == ')' {
			sc.pop()
			return sc.copy(i, 2)
		}
		// The (( was a subshell opening right inside another after all
		// (POSIX asks for "$( (" there); this ) closes the inner one.
		f.mode = modeSubshell
	}
	return sc.copy(i, 1)
}

// param scans the start of a ${ } expansion: ${, an optional # or !, the
// name, and a [ or : that starts bash's arithmetic parts.
func (sc *shellScan) param(i int) int {
	s := sc.src
	quoted := !sc.quotesActive()
	sc.push(modeParam, i+2)
	f := sc.top()
	f.quoted = quoted
	k := i + 2
	if k+1 < len(s) && (s[k] == '#' || s[k] == '!') && s[k+1] != '}' {
		k++
	}
	j := k
	for k < len(s) && isNameByte(s[k]) {
		k++
	}
	if k == j && k < len(s) && strings.IndexByte("@*#?-$!0", s[k]) >= 0 {
		k++
	}
	switch {
	case k < len(s) && s[k] == '[':
		f.part = partSubscript
		k++
	case isOffset(s, k):
		f.part = partOffset
		k++
	}
	return sc.copy(i, k-i)
}

// isOffset reports whether s[k] is the : of bash's ${v:offset}, rather
// than of an operator such as :- or :=.
func isOffset(s string, k int) bool {
	return k < len(s) && s[k] == ':' && (k+1 >= len(s) || strings.IndexByte("-=?+", s[k+1]) < 0)
}

// paramStep scans inside ${ }.
func (sc *shellScan) paramStep(i int) int {
	s := sc.src
	f := sc.top()
	c := s[i]
	switch {
	case c == '\'' && !f.quoted:
		sc.push(modeSingle, i+1)
	case c == '"':
		sc.push(modeDouble, i+1)
	case f.part == partSubscript && c == '[':
		f.depth++
	case f.part == partSubscript && c == ']':
		if f.depth > 0 {
			f.depth--
			break
		}
		f.part = partWord
		if isOffset(s, i+1) {
			f.part = partOffset
			return sc.copy(i, 2)
		}
	case f.part == partWord && c == '{':
		f.depth++
	case c == '}':
		if f.part == partWord && f.depth > 0 {
			f.depth--
			break
		}
		sc.pop()
	}
	return sc.copy(i, 1)
}

// placeholder rewrites the placeholder at src[i], if one is there, and
// returns its length.
func (sc *shellScan) placeholder(i int) int {
	ref, secret, n := placeholderAt(sc.src[i:])
	if n == 0 {
		return 0
	}
	var v string
	if secret {
		v = sc.r.secret(ref)
	} else {
		v = sc.r.input(ref, sc.inArith(), sc.offset+i)
	}
	exp := "${" + v + "}"
	switch sc.mode() {
	case modeDouble, modeHeredoc, modeArith:
		// No field splitting or pathname expansion happens here, and dash
		// rejects quotes inside $(( )).
	case modeSingle:
		exp = `'"` + exp + `"'`
	case modeANSI:
		exp = `'"` + exp + `"$'`
	default:
		exp = `"` + exp + `"`
	}
	sc.r.out = append(sc.r.out, exp...)
	return n
}

// placeholderAt reports whether s starts with a placeholder as the
// compiler's template checker reads them, {inputs.x}, {inputs.x.key…} or
// {secrets.NAME}: the reference inside (x, x.key, NAME), whether it names
// a secret, and the placeholder's length, 0 if s starts with none.
func placeholderAt(s string) (ref string, secret bool, n int) {
	var rest string
	switch {
	case strings.HasPrefix(s, "{inputs."):
		rest = s[len("{inputs."):]
	case strings.HasPrefix(s, "{secrets."):
		rest, secret = s[len("{secrets."):], true
	default:
		return "", false, 0
	}
	end := strings.IndexByte(rest, '}')
	if end < 0 {
		return "", false, 0
	}
	ref = rest[:end]
	parts := strings.Split(ref, ".")
	if secret && len(parts) != 1 {
		return "", false, 0
	}
	for _, p := range parts {
		if p == "" || strings.TrimLeft(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != "" {
			return "", false, 0
		}
	}
	return ref, secret, len(s) - len(rest) + end + 1
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

const shellDelims = " \t\n;&|()<>"

// wordStart reports whether s[i] begins a word, where # starts a comment
// and a reserved word may stand.
func wordStart(s string, i int) bool {
	return i == 0 || strings.IndexByte(shellDelims, s[i-1]) >= 0
}

// keywordAt returns the reserved word case or esac if one is at s[i].
func keywordAt(s string, i int) string {
	for _, kw := range []string{"case", "esac"} {
		if strings.HasPrefix(s[i:], kw) && (i+len(kw) == len(s) || strings.IndexByte(shellDelims, s[i+len(kw)]) >= 0) {
			return kw
		}
	}
	return ""
}

// commandPosition reports whether a word at s[i] starts a command, where
// case is a reserved word rather than an argument (echo case).
func (sc *shellScan) commandPosition(i int) bool {
	s := sc.src
	start := sc.top().start
	j := i - 1
	for j >= start && (s[j] == ' ' || s[j] == '\t') {
		j--
	}
	if j < start || strings.IndexByte(";&|()\n{!", s[j]) >= 0 {
		return true
	}
	k := j
	for k >= start && isNameByte(s[k]) {
		k--
	}
	switch s[k+1 : j+1] {
	case "then", "do", "else", "elif", "if", "while", "until", "time":
		return k < start || strings.IndexByte(shellDelims, s[k]) >= 0
	}
	return false
}

// heredocOperator copies a << or <<- operator and its delimiter word,
// noting the here-document whose body starts after the next newline.
func (sc *shellScan) heredocOperator(i int) int {
	s := sc.src
	j := i + 2
	h := heredoc{}
	if j < len(s) && s[j] == '-' {
		h.strip = true
		j++
	}
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	sc.copy(i, j-i)
	var delim strings.Builder
	k := j
	for k < len(s) && strings.IndexByte(shellDelims, s[k]) < 0 {
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
	h.at = len(sc.r.out)
	sc.copy(j, k-j)
	h.end = len(sc.r.out)
	if k > j {
		sc.pending = append(sc.pending, h)
	}
	return k - i
}

// heredocBodies copies the bodies of the pending here-documents, which
// start at src[i], and returns where the last one's delimiter line ends.
// An unquoted body is scanned for expansions; a quoted one holding a
// placeholder becomes an unquoted one, since only that can expand it.
func (sc *shellScan) heredocBodies(i int) int {
	s := sc.src
	shift := 0 // how much earlier rewrites of delimiters moved the output
	for _, h := range sc.pending {
		start := i
		end, next := len(s), len(s) // an unterminated body runs to the end
		for i < len(s) {
			lineEnd, after := len(s), len(s)
			if nl := strings.IndexByte(s[i:], '\n'); nl >= 0 {
				lineEnd, after = i+nl, i+nl+1
			}
			line := s[i:lineEnd]
			if h.strip {
				line = strings.TrimLeft(line, "\t")
			}
			if line == h.delim {
				end, next = i, after
				break
			}
			i = after
		}
		body := s[start:end]
		switch {
		case !h.quoted:
			sc.r.scan(body, sc.offset+start, modeHeredoc, sc.inArith())
		case hasPlaceholder(body) && unquotable(h.delim):
			at, e := h.at+shift, h.end+shift
			rest := append([]byte(h.delim), sc.r.out[e:]...)
			sc.r.out = append(sc.r.out[:at], rest...)
			shift += len(h.delim) - (e - at)
			sc.unquoteBody(body, sc.offset+start)
		default:
			for j := 0; j < len(body); j++ {
				if _, _, n := placeholderAt(body[j:]); n > 0 {
					sc.r.sh.Unexpanded = append(sc.r.sh.Unexpanded, body[j:j+n])
				}
			}
			sc.r.out = append(sc.r.out, body...)
		}
		sc.r.out = append(sc.r.out, s[end:next]...)
		i = next
	}
	sc.pending = sc.pending[:0]
	return i
}

// unquoteBody writes the body of a quoted here-document as the body of an
// unquoted one that reads the same: $, ` and \ escaped, placeholders
// expanded.
func (sc *shellScan) unquoteBody(body string, offset int) {
	for j := 0; j < len(body); {
		if ref, secret, n := placeholderAt(body[j:]); n > 0 {
			var v string
			if secret {
				v = sc.r.secret(ref)
			} else {
				v = sc.r.input(ref, sc.inArith(), offset+j)
			}
			sc.r.out = append(sc.r.out, "${"+v+"}"...)
			j += n
			continue
		}
		if c := body[j]; c == '$' || c == '`' || c == '\\' {
			sc.r.out = append(sc.r.out, '\\')
		}
		sc.r.out = append(sc.r.out, body[j])
		j++
	}
}

func hasPlaceholder(s string) bool {
	for i := strings.IndexByte(s, '{'); i >= 0; {
		if _, _, n := placeholderAt(s[i:]); n > 0 {
			return true
		}
		next := strings.IndexByte(s[i+1:], '{')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// unquotable reports whether a here-document delimiter reads the same
// written without quotes.
func unquotable(delim string) bool {
	return delim != "" && !strings.ContainsAny(delim, shellDelims+"'\"\\$`{}")
}
